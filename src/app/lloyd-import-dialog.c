/* lloyd-import-dialog.c — previews the first rows of a file with the real parser
 * (lloyd_dataset_parse on its first 64 KiB), so what the preview shows is what
 * loading will do, and collects the loading choices. */
#define G_LOG_DOMAIN "Lloyd"

#include "config.h"

#include <glib/gi18n.h>

#include "lloyd-import-dialog.h"

#define PREVIEW_BYTES (64 * 1024)
#define PREVIEW_ROWS 12
#define PREVIEW_COLUMNS 16

struct _LloydImportDialog
{
  GtkWindow       parent_instance;

  GtkDropDown    *delimiter_dropdown;
  GtkDropDown    *header_dropdown;
  GtkDropDown    *label_dropdown;
  GtkStringList  *label_model;
  GtkCheckButton *one_hot_check;
  GtkCheckButton *normalize_check;
  GtkFlowBox     *columns_box;
  GtkGrid        *preview_grid;
  GtkLabel       *message_label;
  GtkWidget      *load_button;

  GFile          *file;
  GBytes         *head;       /* the first lines, cut at a line end */
  char           *label;      /* chosen label column; NULL auto, "none" */
  GPtrArray      *checks;     /* one GtkCheckButton per usable column */
  gboolean        updating;
};

enum { SIGNAL_LOAD, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LloydImportDialog, lloyd_import_dialog, GTK_TYPE_WINDOW)

static const char delimiters[] = { 0, ',', ';', '\t', ' ' };

void
lloyd_import_choices_clear (LloydImportChoices *choices)
{
  g_clear_pointer (&choices->label_column, g_free);
  g_clear_pointer (&choices->columns, g_strfreev);
}

static GBytes *
read_head (GFile   *file,
           GError **error)
{
  g_autoptr(GInputStream) raw = G_INPUT_STREAM (g_file_read (file, NULL, error));
  g_autoptr(GInputStream) in = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *buffer = g_malloc (PREVIEW_BYTES);
  gsize n = 0;
  char *end;

  if (raw == NULL)
    return NULL;
  if (g_str_has_suffix (name, ".gz"))
    {
      g_autoptr(GZlibDecompressor) gz = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      in = g_converter_input_stream_new (raw, G_CONVERTER (gz));
    }
  else
    in = g_object_ref (raw);
  if (!g_input_stream_read_all (in, buffer, PREVIEW_BYTES, &n, NULL, error))
    return NULL;
  /* Whole lines only: a cut row would look like a ragged one. */
  if (n == PREVIEW_BYTES && (end = memrchr (buffer, '\n', n)) != NULL)
    n = end - buffer + 1;
  return g_bytes_new (buffer, n);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
add_cell (GtkGrid    *grid,
          const char *text,
          int         column,
          int         row,
          gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), heading ? 0.0 : 1.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
fill_preview (LloydImportDialog  *self,
              const LloydDataset *dataset)
{
  gsize rows = MIN (dataset->n_rows, PREVIEW_ROWS);
  gsize cols = MIN (dataset->n_columns, PREVIEW_COLUMNS);
  GtkWidget *child;

  clear_grid (self->preview_grid);
  for (gsize c = 0; c < cols; c++)
    {
      const LloydColumn *col = &dataset->columns[c];
      g_autofree char *head = g_strdup_printf ("%s\n%s", col->name, lloyd_column_kind_to_display (col->kind));

      add_cell (self->preview_grid, head, c, 0, TRUE);
      for (gsize r = 0; r < rows; r++)
        {
          g_autofree char *value = NULL;

          if (col->kind == LLOYD_COLUMN_NUMERIC)
            value = g_strdup_printf ("%g", col->values[r]);
          else
            value = g_strdup (g_ptr_array_index (col->levels, col->codes[r]));
          add_cell (self->preview_grid, value, c, r + 1, FALSE);
        }
    }

  /* Columns to use: every column but the label, all on by default. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box))) != NULL)
    gtk_flow_box_remove (self->columns_box, child);
  g_ptr_array_set_size (self->checks, 0);
  for (gsize c = 0; c < dataset->n_columns; c++)
    {
      GtkWidget *check;

      if ((int) c == dataset->label_column)
        continue;
      check = gtk_check_button_new_with_label (dataset->columns[c].name);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_flow_box_append (self->columns_box, check);
      g_ptr_array_add (self->checks, check);
    }

  /* The label choices follow the columns found. */
  self->updating = TRUE;
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->label_model));
    guint selected = 0;
    g_autoptr(GPtrArray) names = g_ptr_array_new ();

    g_ptr_array_add (names, (gpointer) _("Detect"));
    g_ptr_array_add (names, (gpointer) _("None"));
    for (gsize c = 0; c < dataset->n_columns; c++)
      {
        g_ptr_array_add (names, dataset->columns[c].name);
        if (self->label != NULL && g_str_equal (self->label, dataset->columns[c].name))
          selected = c + 2;
      }
    if (self->label != NULL && g_str_equal (self->label, "none"))
      selected = 1;
    g_ptr_array_add (names, NULL);
    gtk_string_list_splice (self->label_model, 0, n, (const char * const *) names->pdata);
    gtk_drop_down_set_selected (self->label_dropdown, selected);
  }
  self->updating = FALSE;
}

static void
reparse (LloydImportDialog *self)
{
  g_autoptr(LloydDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (self->file);
  LloydLoadOptions options;
  g_autofree char *message = NULL;
  gsize length;
  const char *data;

  if (self->head == NULL)
    return;
  data = g_bytes_get_data (self->head, &length);
  lloyd_load_options_init (&options);
  options.delimiter = delimiters[MIN (gtk_drop_down_get_selected (self->delimiter_dropdown), G_N_ELEMENTS (delimiters) - 1)];
  options.header = (LloydHeaderMode) gtk_drop_down_get_selected (self->header_dropdown);
  options.label_column = self->label;
  options.drop_missing = TRUE;
  dataset = lloyd_dataset_parse (data, length, name, &options, NULL, NULL, NULL, &error);
  if (dataset == NULL)
    {
      clear_grid (self->preview_grid);
      gtk_label_set_text (self->message_label, error->message);
      gtk_widget_set_sensitive (self->load_button, FALSE);
      return;
    }
  fill_preview (self, dataset);
  message = g_strdup_printf (_("Preview of the first %zu rows (%zu columns). Loading reads the whole file."),
                             MIN (dataset->n_rows, PREVIEW_ROWS), dataset->n_columns);
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_sensitive (self->load_button, TRUE);
}

static void
on_options_changed (LloydImportDialog *self)
{
  if (!self->updating)
    reparse (self);
}

static void
on_label_changed (LloydImportDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->label_dropdown);

  if (self->updating)
    return;
  g_clear_pointer (&self->label, g_free);
  if (i == 1)
    self->label = g_strdup ("none");
  else if (i >= 2 && i != GTK_INVALID_LIST_POSITION)
    self->label = g_strdup (gtk_string_list_get_string (self->label_model, i));
  reparse (self);
}

static void
on_load_clicked (LloydImportDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_LOAD], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
lloyd_import_dialog_get_choices (LloydImportDialog  *self,
                                 LloydImportChoices *choices)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean all = TRUE;

  g_return_if_fail (LLOYD_IS_IMPORT_DIALOG (self));
  g_return_if_fail (choices != NULL);

  choices->delimiter = delimiters[MIN (gtk_drop_down_get_selected (self->delimiter_dropdown), G_N_ELEMENTS (delimiters) - 1)];
  choices->header = (LloydHeaderMode) gtk_drop_down_get_selected (self->header_dropdown);
  choices->label_column = g_strdup (self->label);
  choices->one_hot = gtk_check_button_get_active (self->one_hot_check);
  choices->normalize = gtk_check_button_get_active (self->normalize_check);
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, gtk_check_button_get_label (check));
      else
        all = FALSE;
    }
  choices->columns = all ? NULL : g_strv_builder_end (builder);
}

GFile *
lloyd_import_dialog_get_file (LloydImportDialog *self)
{
  g_return_val_if_fail (LLOYD_IS_IMPORT_DIALOG (self), NULL);
  return self->file;
}

static void
lloyd_import_dialog_dispose (GObject *object)
{
  LloydImportDialog *self = LLOYD_IMPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LLOYD_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->file);
  g_clear_pointer (&self->head, g_bytes_unref);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  G_OBJECT_CLASS (lloyd_import_dialog_parent_class)->dispose (object);
}

static void
lloyd_import_dialog_class_init (LloydImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lloyd_import_dialog_dispose;

  signals[SIGNAL_LOAD] = g_signal_new ("load", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/lloydlab/Lloyd/ui/lloyd-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, delimiter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, header_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, label_model);
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, one_hot_check);
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, normalize_check);
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, columns_box);
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, LloydImportDialog, load_button);
  gtk_widget_class_bind_template_callback (widget_class, on_options_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_label_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_load_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lloyd_import_dialog_init (LloydImportDialog *self)
{
  self->checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

LloydImportDialog *
lloyd_import_dialog_new (GtkWindow *parent,
                         GFile     *file)
{
  LloydImportDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (LLOYD_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->file = g_object_ref (file);
  name = g_file_get_basename (file);
  title = g_strdup_printf (_("Import %s"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  self->head = read_head (file, &error);
  if (self->head == NULL)
    {
      gtk_label_set_text (self->message_label, error->message);
      gtk_widget_set_sensitive (self->load_button, FALSE);
    }
  else
    reparse (self);
  return self;
}
