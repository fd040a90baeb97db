/* lloyd-import-dialog.h — before loading a file: its first rows, and the choices
 * of delimiter, header, label column, columns to use, one-hot and normalization. */
#pragma once

#include <gtk/gtk.h>

#include "dataset.h"

G_BEGIN_DECLS

typedef struct
{
  char             delimiter;     /* 0: sniff */
  LloydHeaderMode  header;
  char            *label_column;  /* NULL: auto; "none"; a name */
  char           **columns;       /* names to use, or NULL for all */
  gboolean         one_hot;
  gboolean         normalize;
} LloydImportChoices;

void lloyd_import_choices_clear (LloydImportChoices *choices);

#define LLOYD_TYPE_IMPORT_DIALOG (lloyd_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LloydImportDialog, lloyd_import_dialog, LLOYD, IMPORT_DIALOG, GtkWindow)

/* Emits "load" with the file when the user confirms, then closes. */
LloydImportDialog *lloyd_import_dialog_new         (GtkWindow                *parent,
                                                    GFile                    *file);
void               lloyd_import_dialog_get_choices (LloydImportDialog        *self,
                                                    LloydImportChoices       *choices);
GFile             *lloyd_import_dialog_get_file    (LloydImportDialog        *self);

G_END_DECLS
