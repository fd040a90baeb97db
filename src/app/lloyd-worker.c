/* lloyd-worker.c — long jobs on a GTask thread, handed back to the main loop only
 * while their owner exists and still wants them. */
#define G_LOG_DOMAIN "Lloyd"

#include "config.h"

#include "lloyd-worker.h"

typedef struct
{
  gatomicrefcount      ref_count;
  const LloydJobClass *klass;
  GWeakRef             owner;
  gpointer             input;
  GCancellable        *cancellable;
  GMainContext        *context;
  gint64               last_report;  /* worker thread only */
} LloydJob;

typedef struct
{
  LloydJob *job;
  double    fraction;
  char     *what;
} ProgressMessage;

static GPrivate current_job;

static LloydJob *
job_ref (LloydJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
job_unref (LloydJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;
  /* The input may hold references the main thread also uses, but each is
   * thread-safe (atomic refcounts) or owned by the job alone. */
  if (job->input != NULL && job->klass->input_free != NULL)
    job->klass->input_free (job->input);
  g_weak_ref_clear (&job->owner);
  g_clear_object (&job->cancellable);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressMessage *msg = user_data;
  g_autoptr(GObject) owner = g_weak_ref_get (&msg->job->owner);

  if (owner != NULL && !g_cancellable_is_cancelled (msg->job->cancellable)
      && msg->job->klass->progress != NULL)
    msg->job->klass->progress (owner, msg->fraction, msg->what);
  return G_SOURCE_REMOVE;
}

static void
progress_message_free (gpointer data)
{
  ProgressMessage *msg = data;

  job_unref (msg->job);
  g_free (msg->what);
  g_free (msg);
}

void
lloyd_worker_report (double      fraction,
                     const char *what,
                     gpointer    handle)
{
  LloydJob *job = handle;
  ProgressMessage *msg;
  gint64 now;

  if (job == NULL)
    return;
  now = g_get_monotonic_time ();
  /* At most ~30 hops to the main loop a second, whatever the job reports, but
   * always the end of the job and any change of phase name. */
  if (fraction < 1.0 && what == NULL && now - job->last_report < G_USEC_PER_SEC / 30)
    return;
  job->last_report = now;

  msg = g_new0 (ProgressMessage, 1);
  msg->job = job_ref (job);
  msg->fraction = CLAMP (fraction, 0.0, 1.0);
  msg->what = g_strdup (what);
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, deliver_progress,
                              msg, progress_message_free);
}

gpointer
lloyd_worker_get_handle (void)
{
  return g_private_get (&current_job);
}

/* Test only: LLOYD_TEST_WORKER_HOLD=NAME makes every job of that name wait for
 * its Cancel before it starts, so an end-to-end test can rely on a job still
 * running however fast the machine is (tests/gui/test-kdd.sh). Unset in use. */
static void
hold_for_test (const LloydJob *job,
               GCancellable   *cancellable)
{
  static const char *hold;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      hold = g_getenv ("LLOYD_TEST_WORKER_HOLD");
      g_once_init_leave (&once, 1);
    }
  if (hold == NULL || job->klass->name == NULL || !g_str_equal (hold, job->klass->name))
    return;
  g_message ("LLOYD_TEST_WORKER_HOLD: the %s job waits for Cancel", job->klass->name);
  while (!g_cancellable_is_cancelled (cancellable))
    g_usleep (2000);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  LloydJob *job = task_data;
  GError *error = NULL;
  gpointer result;

  g_private_set (&current_job, job);
  hold_for_test (job, cancellable);
  result = job->klass->func (job->input, cancellable, &error);
  g_private_set (&current_job, NULL);

  if (result == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "job failed without a reason");
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, job->klass->result_free);
}

static void
job_done (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  LloydJob *job = user_data;
  g_autoptr(GObject) owner = g_weak_ref_get (&job->owner);
  g_autoptr(GError) error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  if (owner != NULL)
    job->klass->done (owner, value, error, job->input);
  else if (value != NULL && job->klass->result_free != NULL)
    job->klass->result_free (value);
  job_unref (job);
}

void
lloyd_worker_run (const LloydJobClass *job_class,
                  GObject             *owner,
                  gpointer             input,
                  GCancellable        *cancellable)
{
  g_autoptr(GTask) task = NULL;
  LloydJob *job;

  g_return_if_fail (job_class != NULL && job_class->func != NULL && job_class->done != NULL);
  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  job = g_new0 (LloydJob, 1);
  g_atomic_ref_count_init (&job->ref_count);
  job->klass = job_class;
  g_weak_ref_init (&job->owner, owner);
  job->input = input;
  job->cancellable = g_object_ref (cancellable);
  job->context = g_main_context_ref_thread_default ();

  /* No source object: the task must not keep the owner (a window) alive. The
   * task's check_cancellable is off so a cancelled job still hands its result to
   * job_done, which frees it; the owner decides whether it is current. */
  task = g_task_new (NULL, cancellable, job_done, job_ref (job));
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_unref);
  g_task_run_in_thread (task, job_thread);
}
