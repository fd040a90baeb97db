/* lloyd-application.c — the application object: app actions (open-path, load-demo,
 * quit, about, shortcuts), accelerators, GSettings (optional), and files or a demo
 * named on the command line. */
#define G_LOG_DOMAIN "Lloyd"

#include "config.h"

#include <glib/gi18n.h>

#include "lloyd-application.h"
#include "lloyd-window.h"

struct _LloydApplication
{
  GtkApplication  parent_instance;
  GSettings      *settings;
  char           *demo;   /* --demo NAME, loaded at the first activation */
};

G_DEFINE_FINAL_TYPE (LloydApplication, lloyd_application, GTK_TYPE_APPLICATION)

LloydApplication *
lloyd_application_new (void)
{
  return g_object_new (LLOYD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/lloydlab/Lloyd",
                       NULL);
}

GSettings *
lloyd_application_get_settings (LloydApplication *self)
{
  g_return_val_if_fail (LLOYD_IS_APPLICATION (self), NULL);
  return self->settings;
}

char *
_lloyd_find_dataset (const char *basename)
{
  const char *env = g_getenv ("LLOYD_DATADIR");
  const char *dirs[3] = { NULL, NULL, NULL };
  g_autofree char *installed = g_build_filename (PKGDATADIR, "datasets", NULL);
  g_autofree char *source = g_build_filename (SOURCE_DATADIR, "datasets", NULL);

  g_return_val_if_fail (basename != NULL, NULL);

  dirs[0] = env != NULL && env[0] != '\0' ? env : NULL;
  dirs[1] = installed;
  dirs[2] = source;
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL)
        continue;
      path = g_build_filename (dirs[i], basename, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static LloydWindow *
get_window (LloydApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  LloydWindow *w;

  if (LLOYD_IS_WINDOW (window))
    return LLOYD_WINDOW (window);
  w = lloyd_window_new (self);
  gtk_window_present (GTK_WINDOW (w));
  return w;
}

static void
lloyd_application_activate (GApplication *app)
{
  LloydApplication *self = LLOYD_APPLICATION (app);
  LloydWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (self->demo != NULL)
    {
      g_autofree char *demo = g_steal_pointer (&self->demo);

      lloyd_window_load_demo (window, demo);
    }
}

static void
lloyd_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  LloydWindow *window = get_window (LLOYD_APPLICATION (app));

  /* One dataset per window: the last file named wins, like a second Open. */
  if (n_files > 0)
    lloyd_window_open_file (window, files[n_files - 1]);
  gtk_window_present (GTK_WINDOW (window));
}

static int
lloyd_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  LloydApplication *self = LLOYD_APPLICATION (app);
  const char *demo = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("lloyd %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "demo", "&s", &demo))
    {
      g_autoptr(GError) error = NULL;

      if (!lloyd_window_is_demo_name (demo))
        {
          g_printerr (_("lloyd: unknown demo “%s”; choose blobs, moons, iris, digits or kdd\n"), demo);
          return 2;
        }
      /* A running instance gets it as an action; a new one loads it on activate. */
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("lloyd: %s\n", error->message);
          return 1;
        }
      if (g_application_get_is_remote (app))
        {
          g_action_group_activate_action (G_ACTION_GROUP (app), "load-demo", g_variant_new_string (demo));
          return 0;
        }
      g_free (self->demo);
      self->demo = g_strdup (demo);
    }
  return -1;
}

static void
open_path_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  LloydApplication *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (param, NULL));

  lloyd_window_open_file (get_window (self), file);
}

static void
load_demo_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  LloydApplication *self = user_data;

  lloyd_window_load_demo (get_window (self), g_variant_get_string (param, NULL));
}

static void
open_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  lloyd_window_choose_file (get_window (LLOYD_APPLICATION (user_data)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Destroying the windows cancels their jobs; workers finish on their own and
   * hand their results to nobody. */
  windows = g_list_copy (windows);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  g_application_quit (app);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *authors[] = { "The Lloyd developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_about_dialog (parent,
                         "program-name", _("Lloyd"),
                         "logo-icon-name", "applications-science-symbolic",
                         "version", PACKAGE_VERSION,
                         "comments", _("A lab for k-means clustering and k-means anomaly detection"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         "website", "https://github.com/lloydlab/lloyd",
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "open-path", .activate = open_path_action, .parameter_type = "s" },
  { .name = "load-demo", .activate = load_demo_action, .parameter_type = "s" },
  { .name = "open", .activate = open_action },
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
};

static void
lloyd_application_startup (GApplication *app)
{
  LloydApplication *self = LLOYD_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.open", { "<Control>o", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.reset", { "<Control>r", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (lloyd_application_parent_class)->startup (app);

  /* g_settings_new() aborts on an unknown schema; an uninstalled run without
   * GSETTINGS_SCHEMA_DIR must still work, with defaults. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_warning ("GSettings schema %s is not installed; settings will not be remembered "
               "(set GSETTINGS_SCHEMA_DIR to the build's data folder)", APP_ID);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/lloydlab/Lloyd/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
lloyd_application_dispose (GObject *object)
{
  LloydApplication *self = LLOYD_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->demo, g_free);
  G_OBJECT_CLASS (lloyd_application_parent_class)->dispose (object);
}

static void
lloyd_application_class_init (LloydApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lloyd_application_dispose;
  app_class->activate = lloyd_application_activate;
  app_class->open = lloyd_application_open;
  app_class->startup = lloyd_application_startup;
  app_class->handle_local_options = lloyd_application_handle_local_options;
}

static void
lloyd_application_init (LloydApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Start on demo data: blobs, moons, iris, digits or kdd"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE]"));
}
