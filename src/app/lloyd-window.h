/* lloyd-window.h — the main window: one dataset, one model, its figures. */
#pragma once

#include <gtk/gtk.h>

#include "lloyd-application.h"

G_BEGIN_DECLS

#define LLOYD_TYPE_WINDOW (lloyd_window_get_type ())

G_DECLARE_FINAL_TYPE (LloydWindow, lloyd_window, LLOYD, WINDOW, GtkApplicationWindow)

LloydWindow *lloyd_window_new          (LloydApplication *app);
/* Loads on the worker; a failure shows in the window and keeps what was there. */
void         lloyd_window_open_file    (LloydWindow      *self,
                                        GFile            *file);
void         lloyd_window_load_demo    (LloydWindow      *self,
                                        const char       *name);
/* The Open dialog. */
void         lloyd_window_choose_file  (LloydWindow      *self);
gboolean     lloyd_window_is_demo_name (const char       *name);

G_END_DECLS
