/* progress.h — how long jobs in core report progress.
 *
 * Every long job (load, fit, sweep, silhouette) takes a LloydProgressFunc and a
 * GCancellable. The callback runs on the thread doing the work; the app forwards it
 * to the main loop itself. Callbacks are rate-limited by the caller of this type
 * (at most about 50 per second), so a callback may do a little work.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @fraction: 0..1 of the whole job; @what: a short translated phrase for a status
 * line ("Parsing", "k = 12"), or NULL to keep the previous one. */
typedef void (*LloydProgressFunc) (double      fraction,
                                   const char *what,
                                   gpointer    user_data);

G_END_DECLS
