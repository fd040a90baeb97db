/* lloyd-worker.h — runs a long job (load, fit, sweep) on a thread for a window.
 *
 * The job gets its own copy or reference of every input, polls the GCancellable,
 * and reports progress, which is rate-limited and forwarded to the main loop. The
 * result is handed back on the main loop only if the owner still exists (a GWeakRef)
 * and the job was not cancelled; otherwise it is freed there. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs on the worker thread. Returns the result (freed with the job's
 * result_free if nobody takes it), or NULL with @error set. */
typedef gpointer (*LloydJobFunc)      (gpointer           input,
                                       GCancellable      *cancellable,
                                       GError           **error);
/* Main loop, owner alive: progress of the running job. */
typedef void     (*LloydJobProgress)  (GObject           *owner,
                                       double             fraction,
                                       const char        *what);
/* Main loop, owner alive: @result (transfer full, NULL on error) or @error. */
typedef void     (*LloydJobDone)      (GObject           *owner,
                                       gpointer           result,
                                       const GError      *error,
                                       gpointer           input);

typedef struct
{
  const char       *name;        /* "load", "model", …; see LLOYD_TEST_WORKER_HOLD */
  LloydJobFunc      func;
  GDestroyNotify    input_free;
  GDestroyNotify    result_free;
  LloydJobProgress  progress;
  LloydJobDone      done;
} LloydJobClass;

void     lloyd_worker_run              (const LloydJobClass *job_class,
                                        GObject             *owner,
                                        gpointer             input,
                                        GCancellable        *cancellable);

/* For job functions: report progress from the worker thread (rate-limited to
 * about 30 per second; the last report of a job always goes through). Matches
 * LloydProgressFunc with the job's handle as user data. */
void     lloyd_worker_report           (double               fraction,
                                        const char          *what,
                                        gpointer             handle);
/* The handle for lloyd_worker_report() of the job running on this thread. */
gpointer lloyd_worker_get_handle       (void);

G_END_DECLS
