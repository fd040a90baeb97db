/* lloyd-application.h — the GtkApplication: app actions, accelerators, settings,
 * command line (FILE…, --demo NAME) and the demo datasets' whereabouts. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LLOYD_TYPE_APPLICATION (lloyd_application_get_type ())

G_DECLARE_FINAL_TYPE (LloydApplication, lloyd_application, LLOYD, APPLICATION, GtkApplication)

LloydApplication *lloyd_application_new          (void);
/* NULL when the schema is not installed (the app then runs with defaults). */
GSettings        *lloyd_application_get_settings (LloydApplication *self);

/* Where a bundled dataset lives: $LLOYD_DATADIR, the installed datasets folder,
 * or the source tree's data/datasets for uninstalled runs. NULL if none has it. */
char             *_lloyd_find_dataset            (const char       *basename);

G_END_DECLS
