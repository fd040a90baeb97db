/* lloyd-window-actions.c — the window's actions: the app's scripting and test
 * surface (exported on D-Bus as win.*), bound to buttons and accelerators. */
#define G_LOG_DOMAIN "Lloyd"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "export.h"
#include "model.h"
#include "lloyd-window-private.h"

/* Tells the user about the events of the iteration just made, where they look. */
static void
announce_events (LloydWindow *self)
{
  LloydKMeans *km = lloyd_session_get_model (self->session);
  const LloydIteration *it;
  g_autoptr(GString) text = NULL;

  if (km == NULL)
    return;
  it = lloyd_kmeans_get_iteration (km, lloyd_kmeans_get_n_iterations (km));
  if (it == NULL || it->events == NULL || it->events->len == 0)
    return;
  text = g_string_new (NULL);
  for (guint i = 0; i < it->events->len; i++)
    {
      const LloydEvent *e = &g_array_index (it->events, LloydEvent, i);

      if (text->len > 0)
        g_string_append (text, "\n");
      switch (e->kind)
        {
        case LLOYD_EVENT_EMPTY_CLUSTER:
          g_string_append_printf (text, _("Cluster %u was empty: it took row %zu, the point farthest from its centroid"),
                                  e->cluster, e->row + 1);
          break;
        case LLOYD_EVENT_CONVERGED:
          g_string_append_printf (text, _("Converged after %u iterations (%s)"), it->iteration,
                                  lloyd_stop_reason_to_display (lloyd_kmeans_get_stop_reason (km)));
          break;
        default:
          break;
        }
    }
  if (text->len > 0)
    _lloyd_window_show_message (self, text->str);
}

typedef gboolean (*SessionStep) (LloydSession *, GError **);

/* Small data moves on the main thread (well under a frame); big data on the
 * worker, so the window keeps redrawing. */
static void
move_model (LloydWindow       *self,
            LloydModelJobKind  kind)
{
  static const SessionStep steps[] = {
    [LLOYD_MODEL_JOB_ASSIGN] = lloyd_session_assign,
    [LLOYD_MODEL_JOB_UPDATE] = lloyd_session_update,
    [LLOYD_MODEL_JOB_STEP] = lloyd_session_step,
  };
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL)
    return;
  if (_lloyd_window_is_big (self))
    {
      _lloyd_window_run_model_job (self, kind);
      return;
    }
  if (kind == LLOYD_MODEL_JOB_RUN)
    {
      guint limit = lloyd_session_get_max_iter (self->session);

      if (lloyd_session_ensure_model (self->session, &error))
        for (guint i = 0; i < limit && !lloyd_session_is_converged (self->session); i++)
          if (!lloyd_session_step (self->session, &error))
            break;
    }
  else
    steps[kind] (self->session, &error);

  if (error != NULL)
    _lloyd_window_show_error (self, error);
  else
    announce_events (self);
  _lloyd_window_refresh (self, LLOYD_RECOMPUTE_DISTANCES | LLOYD_RECOMPUTE_FLAGS | LLOYD_RECOMPUTE_FIGURE);
}

static void
assign_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  move_model (user_data, LLOYD_MODEL_JOB_ASSIGN);
}

static void
update_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  move_model (user_data, LLOYD_MODEL_JOB_UPDATE);
}

static void
step_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  move_model (user_data, LLOYD_MODEL_JOB_STEP);
}

static void
run_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  LloydWindow *self = user_data;

  _lloyd_window_stop_playing (self);
  move_model (self, LLOYD_MODEL_JOB_RUN);
}

static void
back_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  LloydWindow *self = user_data;
  guint position = lloyd_session_get_position (self->session);

  _lloyd_window_stop_playing (self);
  if (position > 0)
    _lloyd_window_seek (self, position - 1);
}

static void
forward_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  LloydWindow *self = user_data;

  _lloyd_window_seek (self, lloyd_session_get_position (self->session) + 1);
}

static gboolean
play_tick (gpointer user_data)
{
  LloydWindow *self = user_data;

  /* A step still on the worker: skip a beat rather than queue work. */
  if (self->cancellable != NULL)
    return G_SOURCE_CONTINUE;
  if (!lloyd_session_is_at_latest (self->session))
    {
      _lloyd_window_seek (self, lloyd_session_get_position (self->session) + 1);
      return G_SOURCE_CONTINUE;
    }
  if (lloyd_session_is_converged (self->session))
    {
      _lloyd_window_stop_playing (self);
      return G_SOURCE_REMOVE;
    }
  move_model (self, LLOYD_MODEL_JOB_STEP);
  return G_SOURCE_CONTINUE;
}

static void
on_speed_changed (LloydWindow *self)
{
  double speed;

  if (self->play_source == 0)
    return;
  g_source_remove (self->play_source);
  speed = MAX (0.1, gtk_adjustment_get_value (self->speed_adjustment));
  self->play_source = g_timeout_add ((guint) (1000.0 / speed), play_tick, self);
}

void
_lloyd_window_stop_playing (LloydWindow *self)
{
  GAction *play = g_action_map_lookup_action (G_ACTION_MAP (self), "play");

  g_clear_handle_id (&self->play_source, g_source_remove);
  if (play != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (play), g_variant_new_boolean (FALSE));
  _lloyd_window_update_actions (self);
}

static void
play_change_state (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       user_data)
{
  LloydWindow *self = user_data;

  if (!g_variant_get_boolean (value))
    {
      _lloyd_window_stop_playing (self);
      return;
    }
  if (self->play_source != 0)
    return;
  g_simple_action_set_state (action, value);
  self->play_source = g_timeout_add ((guint) (1000.0 / MAX (0.1, gtk_adjustment_get_value (self->speed_adjustment))),
                                     play_tick, self);
  _lloyd_window_update_actions (self);
}

static void
reset_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  LloydWindow *self = user_data;

  _lloyd_window_stop_playing (self);
  _lloyd_window_refresh (self, lloyd_session_reset (self->session));
}

static void
set_seed (LloydWindow *self,
          guint64      seed)
{
  _lloyd_window_stop_playing (self);
  if (self->settings != NULL)
    g_settings_set_uint64 (self->settings, "seed", seed);
  _lloyd_window_refresh (self, lloyd_session_set_seed (self->session, seed));
}

static void
new_seed_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  /* 32 bits: the seed must fit the seed spin button and be easy to read out. */
  set_seed (user_data, g_random_int ());
}

static void
set_seed_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  set_seed (user_data, g_variant_get_uint64 (param));
}

static void
set_k_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  LloydWindow *self = user_data;
  int k = g_variant_get_int32 (param);
  LloydSessionData *data = lloyd_session_get_data (self->session);

  if (k < 1 || k > 256 || (data != NULL && (gsize) k > data->x->n))
    {
      g_autofree char *msg = g_strdup_printf (_("k must be between 1 and %zu, not %d"),
                                              data != NULL ? MIN (256, data->x->n) : 256, k);

      _lloyd_window_show_message (self, msg);
      _lloyd_window_refresh (self, LLOYD_RECOMPUTE_NONE);
      return;
    }
  _lloyd_window_stop_playing (self);
  if (self->settings != NULL)
    g_settings_set_uint (self->settings, "k", k);
  _lloyd_window_refresh (self, lloyd_session_set_k (self->session, k));
}

static void
set_init_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  LloydWindow *self = user_data;
  const char *name = g_variant_get_string (param, NULL);
  LloydInit init;

  if (!lloyd_init_from_string (name, &init) || init == LLOYD_INIT_ROWS || init == LLOYD_INIT_CENTROIDS)
    {
      g_autofree char *msg = g_strdup_printf (_("Unknown initialization “%s”: use random, partition, kmeans++, kmeans-parallel, first or average"),
                                              name);

      _lloyd_window_show_message (self, msg);
      return;
    }
  _lloyd_window_stop_playing (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "init", lloyd_init_to_string (init));
  _lloyd_window_refresh (self, lloyd_session_set_init (self->session, init));
}

static void
place_change_state (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       user_data)
{
  LloydWindow *self = user_data;
  gboolean on = g_variant_get_boolean (value);

  g_simple_action_set_state (action, value);
  _lloyd_window_stop_playing (self);
  if (on)
    {
      self->placing = TRUE;
      g_array_set_size (self->placed_xy, 0);
      _lloyd_window_show_message (self, _("Click on the plot to place the initial centroids, then press Place Centroids again"));
      return;
    }
  self->placing = FALSE;
  if (self->placed_xy->len >= 2)
    _lloyd_window_refresh (self, lloyd_session_set_placed (self->session, (const double *) self->placed_xy->data,
                                                           self->placed_xy->len / 2));
  else
    _lloyd_window_refresh (self, LLOYD_RECOMPUTE_FIGURE);
  g_array_set_size (self->placed_xy, 0);
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  LloydWindow *self = user_data;

  _lloyd_window_stop_playing (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* The size of the view on screen, or a sensible one before the first layout. */
static void
view_size (LloydWindow *self,
           int         *width,
           int         *height)
{
  GtkWidget *view = gtk_stack_get_visible_child (self->view_stack);

  *width = gtk_widget_get_width (view);
  *height = gtk_widget_get_height (view);
  if (*width < 64 || *height < 64)
    {
      *width = 960;
      *height = 720;
    }
}

static void
export_figure_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  LloydWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *path = g_variant_get_string (param, NULL);
  int width, height;

  view_size (self, &width, &height);
  if (!_lloyd_window_export_figure (self, path, width, height, 0.0, &error))
    _lloyd_window_show_error (self, error);
  else
    {
      g_autofree char *msg = g_strdup_printf (_("Saved %s"), path);

      g_message ("%s", msg);
      _lloyd_window_show_message (self, msg);
    }
}

/* Every iteration so far as numbered frames (src/plot's naming) in a folder
 * named after @path without its extension; the position shown is restored. */
static gboolean
export_frames (LloydWindow  *self,
               const char   *path,
               int           width,
               int           height,
               double        scale,
               guint        *n_frames,
               char        **folder,
               GError      **error)
{
  guint keep = lloyd_session_get_position (self->session);
  guint n = lloyd_session_get_n_iterations (self->session);
  const char *dot = strrchr (path, '.');
  g_autofree char *dir = g_strndup (path, dot != NULL ? (gsize) (dot - path) : strlen (path));
  LloydExportFormat format = LLOYD_EXPORT_PNG;
  gboolean ok = TRUE;

  if (dot != NULL)
    lloyd_export_format_from_string (dot + 1, &format);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s: cannot create the folder: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; ok && i <= n; i++)
    {
      g_autofree char *frame = lloyd_export_frame_path (dir, i + 1, format);

      lloyd_session_seek (self->session, i);
      ok = _lloyd_window_export_figure (self, frame, width, height, scale, error);
    }
  lloyd_session_seek (self->session, keep);
  _lloyd_window_refresh (self, LLOYD_RECOMPUTE_DISTANCES | LLOYD_RECOMPUTE_FIGURE);
  *n_frames = n + 1;
  *folder = g_steal_pointer (&dir);
  return ok;
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  LloydWindow *self = LLOYD_WINDOW (user_data);
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      g_autofree char *path = g_file_get_path (file);
      const char *format = gtk_file_chooser_get_choice (chooser, "format");
      const char *size = gtk_file_chooser_get_choice (chooser, "size");
      const char *scale = gtk_file_chooser_get_choice (chooser, "scale");
      const char *frames = gtk_file_chooser_get_choice (chooser, "frames");
      g_autoptr(GError) error = NULL;
      g_autofree char *target = NULL;
      g_autofree char *folder = NULL;
      int width, height;
      guint n_frames = 0;
      gboolean ok;

      if (path == NULL)
        goto out;
      /* The format choice wins over a missing or different extension. */
      if (format == NULL)
        format = "png";
      target = g_str_has_suffix (path, format) ? g_strdup (path) : g_strdup_printf ("%s.%s", path, format);
      view_size (self, &width, &height);
      if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
        view_size (self, &width, &height);
      if (frames != NULL && g_str_equal (frames, "true"))
        ok = export_frames (self, target, width, height, g_ascii_strtod (scale != NULL ? scale : "1", NULL),
                            &n_frames, &folder, &error);
      else
        ok = _lloyd_window_export_figure (self, target, width, height,
                                          g_ascii_strtod (scale != NULL ? scale : "1", NULL), &error);
      if (!ok)
        _lloyd_window_show_error (self, error);
      else
        {
          g_autofree char *msg = n_frames > 0
                                 ? g_strdup_printf (_("Saved %u frames in %s"), n_frames, folder)
                                 : g_strdup_printf (_("Saved %s"), target);

          _lloyd_window_show_message (self, msg);
        }
    }
out:
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  LloydWindow *self = user_data;
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *window_size = NULL;
  g_autofree char *window_label = NULL;
  LloydSessionData *data = lloyd_session_get_data (self->session);
  static const char *formats[] = { "png", "svg", "pdf", NULL };
  static const char *format_labels[] = { "PNG", "SVG", "PDF", NULL };
  static const char *scales[] = { "1", "2", "3", NULL };
  static const char *scale_labels[] = { "1×", "2×", "3×", NULL };
  const char *sizes[5];
  const char *size_labels[5];
  int width, height;

  view_size (self, &width, &height);
  window_size = g_strdup_printf ("%dx%d", width, height);
  window_label = g_strdup_printf (_("As on screen (%d × %d)"), width, height);
  sizes[0] = window_size;      size_labels[0] = window_label;
  sizes[1] = "1280x720";       size_labels[1] = _("Slide (1280 × 720)");
  sizes[2] = "800x600";        size_labels[2] = _("Paper (800 × 600)");
  sizes[3] = "1920x1080";      size_labels[3] = _("Full HD (1920 × 1080)");
  sizes[4] = NULL;             size_labels[4] = NULL;

  chooser = gtk_file_chooser_native_new (_("Export Figure"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Format"), formats, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "png");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "size", _("Size"), sizes, size_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "size", window_size);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "scale", _("PNG scale"), scales, scale_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "scale", "1");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "frames", _("Every iteration as numbered frames"),
                               NULL, NULL);
  name = g_strdup_printf ("%s-%s", data != NULL ? data->dataset->name : "lloyd",
                          gtk_stack_get_visible_child_name (self->view_stack));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
show_view_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  LloydWindow *self = user_data;
  const char *name = g_variant_get_string (param, NULL);

  if (gtk_stack_get_child_by_name (self->view_stack, name) == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("There is no “%s” view"), name);

      _lloyd_window_show_message (self, msg);
      return;
    }
  gtk_stack_set_visible_child_name (self->view_stack, name);
}

/* Points at a row (1-based, as the outliers table numbers them) in the Clusters view. */
static void
show_row_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  LloydWindow *self = user_data;
  guint64 row = g_variant_get_uint64 (param);

  if (row == 0 || !_lloyd_window_point_at_row (self, row - 1))
    {
      /* The number printed apart: xgettext cannot see through G_GUINT64_FORMAT. */
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, row);
      g_autofree char *msg = g_strdup_printf (_("There is no row %s"), number);

      _lloyd_window_show_message (self, msg);
    }
}

/* How long a threshold change takes to reach the screen (the 50 ms goal),
 * logged with G_MESSAGES_DEBUG=Lloyd: from the action to the end of the next paint. */
typedef struct
{
  gint64     started;
  gulong     handler;
} PaintTimer;

static void
on_after_paint (GdkFrameClock *clock,
                PaintTimer    *timer)
{
  g_debug ("threshold change painted after %.1f ms",
           (g_get_monotonic_time () - timer->started) / 1000.0);
  g_signal_handler_disconnect (clock, timer->handler);
}

static void
time_next_paint (LloydWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  PaintTimer *timer;

  if (clock == NULL)
    return;
  timer = g_new0 (PaintTimer, 1);
  timer->started = g_get_monotonic_time ();
  timer->handler = g_signal_connect_data (clock, "after-paint", G_CALLBACK (on_after_paint), timer,
                                          (GClosureNotify) (void (*) (void)) g_free, 0);
}

static void
apply_threshold (LloydWindow          *self,
                 const LloydThreshold *t)
{
  g_autoptr(GError) error = NULL;
  LloydRecompute what;

  if (!lloyd_threshold_validate (t, &error))
    {
      _lloyd_window_show_error (self, error);
      _lloyd_window_refresh (self, LLOYD_RECOMPUTE_NONE);
      return;
    }
  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "threshold-mode", lloyd_threshold_mode_to_string (t->mode));
      g_settings_set_double (self->settings, "threshold", t->value);
    }
  what = lloyd_session_set_threshold (self->session, t);
  /* Only a change is painted: an unchanged value would time the next unrelated frame. */
  if (what != LLOYD_RECOMPUTE_NONE)
    time_next_paint (self);
  _lloyd_window_refresh (self, what);
}

static void
set_threshold_mode_action (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  LloydWindow *self = user_data;
  const char *name = g_variant_get_string (param, NULL);
  const LloydScores *scores = lloyd_session_get_scores (self->session, NULL);
  LloydThreshold t;

  lloyd_session_get_threshold (self->session, &t);
  if (g_str_equal (name, "percentile"))
    {
      t.mode = LLOYD_THRESHOLD_PERCENTILE;
      t.value = 99.0;
    }
  else if (g_str_equal (name, "farthest") || g_str_equal (name, "nth-farthest"))
    {
      /* The KDD notebook's choice: the 100th farthest point. */
      t.mode = LLOYD_THRESHOLD_FARTHEST;
      t.value = scores != NULL ? MIN (100, MAX (1, scores->n / 100)) : 100;
    }
  else if (g_str_equal (name, "distance"))
    {
      /* Start where 1% of the points lie beyond. */
      t.mode = LLOYD_THRESHOLD_DISTANCE;
      t.value = scores != NULL && scores->n > 0 ? lloyd_scores_farthest (scores, MAX (1, scores->n / 100)) : 1.0;
    }
  else
    {
      g_autofree char *msg = g_strdup_printf (_("Unknown threshold mode “%s”: use percentile, farthest or distance"), name);

      _lloyd_window_show_message (self, msg);
      return;
    }
  apply_threshold (self, &t);
}

static void
set_threshold_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  LloydWindow *self = user_data;
  LloydThreshold t;

  lloyd_session_get_threshold (self->session, &t);
  t.value = g_variant_get_double (param);
  /* The N-th farthest is a count. */
  if (t.mode == LLOYD_THRESHOLD_FARTHEST)
    t.value = MAX (1.0, round (t.value));
  apply_threshold (self, &t);
}

static void
sweep_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  LloydWindow *self = user_data;

  _lloyd_window_stop_playing (self);
  _lloyd_window_sweep (self);
}

static void
import_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (param, NULL));

  _lloyd_window_show_import (user_data, file);
}

/* The model shown (centroids of the position shown, the threshold resolved on
 * every row) as a model file that lloyd-cli can score other data with. */
static gboolean
save_model (LloydWindow  *self,
            const char   *path,
            GError      **error)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);
  LloydKMeans *km = lloyd_session_get_model (self->session);
  const double *centroids = lloyd_session_get_centroids (self->session);
  const double *per_cluster = NULL;
  g_autoptr(LloydModel) model = NULL;
  guint k;

  if (data == NULL || km == NULL || centroids == NULL
      || lloyd_session_get_flags (self->session, NULL, &per_cluster, error) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("Run k-means before saving a model"));
      return FALSE;
    }
  k = lloyd_kmeans_get_k (km);
  model = lloyd_model_new ();
  model->transform = lloyd_transform_ref (data->transform);
  model->k = k;
  model->d = data->x->d;
  model->centroids = g_memdup2 (centroids, sizeof (double) * k * data->x->d);
  lloyd_session_get_threshold (self->session, &model->threshold);
  model->thresholds = g_memdup2 (per_cluster, sizeof (double) * k);
  model->init = g_strdup (lloyd_init_to_string (lloyd_session_get_init (self->session)));
  model->seed = lloyd_session_get_seed (self->session);
  model->max_iter = lloyd_session_get_max_iter (self->session);
  model->tol = lloyd_session_get_tol (self->session);
  model->data_name = g_strdup (data->dataset->name);
  /* Generated data has no file: its name stands in for the bytes. */
  model->data_sha256 = data->dataset->path != NULL
                       ? lloyd_file_sha256 (data->dataset->path, error)
                       : g_compute_checksum_for_string (G_CHECKSUM_SHA256, data->dataset->name, -1);
  if (model->data_sha256 == NULL)
    return FALSE;
  model->n_rows = data->dataset->n_rows;
  model->n_train = data->x->n;
  return lloyd_model_save (model, path, error);
}

/* One line per row: row, cluster, distance, flagged and label, for a spreadsheet. */
static gboolean
save_assignments (LloydWindow  *self,
                  const char   *path,
                  GError      **error)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);
  const LloydScores *scores = lloyd_session_get_scores (self->session, error);
  const guint8 *flags = lloyd_session_get_flags (self->session, NULL, NULL, error);
  g_autoptr(GString) out = NULL;

  if (data == NULL || scores == NULL || flags == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("Run k-means before exporting assignments"));
      return FALSE;
    }
  out = g_string_sized_new (scores->n * 32);
  g_string_append (out, "row,cluster,distance,flagged,label\n");
  for (gsize i = 0; i < scores->n; i++)
    {
      const char *label = lloyd_dataset_get_label (data->dataset, i);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (out, "%zu,%u,%s,%d,", i + 1, scores->labels[i],
                              g_ascii_dtostr (number, sizeof number, scores->distances[i]), flags[i] != 0);
      if (label != NULL && strpbrk (label, ",\"\n") != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (label, "\"", -1);
          g_autofree char *quoted = g_strjoinv ("\"\"", parts);

          g_string_append_printf (out, "\"%s\"", quoted);
        }
      else if (label != NULL)
        g_string_append (out, label);
      g_string_append_c (out, '\n');
    }
  return g_file_set_contents (path, out->str, out->len, error);
}

typedef gboolean (*SaveFunc) (LloydWindow  *self,
                              const char   *path,
                              GError      **error);

/* Runs @save on the action's path and says how it went, where the user looks. */
static void
save_to_path (LloydWindow *self,
              GVariant    *param,
              SaveFunc     save,
              const char  *done)
{
  g_autoptr(GError) error = NULL;
  const char *path = g_variant_get_string (param, NULL);

  if (!save (self, path, &error))
    _lloyd_window_show_error (self, error);
  else
    {
      /* "Saved the model" + the path: a fixed format keeps printf checked. */
      g_autofree char *msg = g_strdup_printf ("%s: %s", done, path);

      g_message ("%s", msg);
      _lloyd_window_show_message (self, msg);
    }
}

static void
export_model_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  save_to_path (user_data, param, save_model, _("Saved the model"));
}

static void
export_assignments_action (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  save_to_path (user_data, param, save_assignments, _("Saved the assignments"));
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  LloydWindow *self = LLOYD_WINDOW (user_data);
  const char *action = g_object_get_data (G_OBJECT (dialog), "lloyd-action");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_action_group_activate_action (G_ACTION_GROUP (self), action, g_variant_new_string (path));
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

/* A save dialog that hands the chosen path to the path-taking @action. */
static void
choose_save_path (LloydWindow *self,
                  const char  *title,
                  const char  *suffix,
                  const char  *action)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("%s%s", data != NULL ? data->dataset->name : "lloyd", suffix);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "lloyd-action", (gpointer) action);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_model_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  choose_save_path (user_data, _("Save Model"), "-model.json", "export-model");
}

static void
save_assignments_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  choose_save_path (user_data, _("Export Assignments"), "-assignments.csv", "export-assignments");
}

/* Fit on the normal rows only (or on all again): the same table, prepared anew. */
static void
fit_normal_change_state (GSimpleAction *action,
                         GVariant      *value,
                         gpointer       user_data)
{
  LloydWindow *self = user_data;
  LloydSessionData *data = lloyd_session_get_data (self->session);

  g_simple_action_set_state (action, value);
  if (data == NULL || g_variant_get_boolean (value) == (data->normal_labels != NULL))
    return;
  _lloyd_window_stop_playing (self);
  _lloyd_window_load (self, &self->source, data->dataset);
}

/* Which labels are normal: the Labels view re-evaluates; when the model is fitted
 * on normal rows, the data is prepared again on those rows and fitted afresh. */
static void
apply_normal_labels (LloydWindow       *self,
                     const char *const *labels)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);
  LloydRecompute what;

  if (data == NULL || data->dataset->label_column < 0)
    {
      _lloyd_window_show_message (self, _("This dataset has no label column"));
      return;
    }
  /* A set of only unknown labels is a mistake (a typo in an action); an empty
   * one is a choice: every row anomalous. */
  if (labels[0] != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree gboolean *levels = lloyd_normal_levels (data->dataset, labels, &error);

      if (levels == NULL)
        {
          _lloyd_window_show_error (self, error);
          return;
        }
    }
  what = lloyd_session_set_normal_labels (self->session, labels);
  _lloyd_window_refresh (self, what & ~LLOYD_RECOMPUTE_MATRIX);
  if (what & LLOYD_RECOMPUTE_MATRIX)
    {
      _lloyd_window_stop_playing (self);
      _lloyd_window_load (self, &self->source, data->dataset);
    }
}

static void
set_normal_label_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  const char *labels[] = { g_variant_get_string (param, NULL), NULL };

  apply_normal_labels (user_data, labels);
}

static void
set_normal_labels_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  g_autofree const char **labels = g_variant_get_strv (param, NULL);

  apply_normal_labels (user_data, labels);
}

static const GActionEntry win_actions[] = {
  { .name = "assign", .activate = assign_action },
  { .name = "update", .activate = update_action },
  { .name = "step", .activate = step_action },
  { .name = "back", .activate = back_action },
  { .name = "forward", .activate = forward_action },
  { .name = "play", .state = "false", .change_state = play_change_state },
  { .name = "run", .activate = run_action },
  { .name = "reset", .activate = reset_action },
  { .name = "new-seed", .activate = new_seed_action },
  { .name = "set-k", .activate = set_k_action, .parameter_type = "i" },
  { .name = "set-init", .activate = set_init_action, .parameter_type = "s" },
  { .name = "set-seed", .activate = set_seed_action, .parameter_type = "t" },
  { .name = "place-centroids", .state = "false", .change_state = place_change_state },
  { .name = "export-figure", .activate = export_figure_action, .parameter_type = "s" },
  { .name = "export", .activate = export_action },
  { .name = "cancel", .activate = cancel_action },
  { .name = "show-view", .activate = show_view_action, .parameter_type = "s" },
  { .name = "show-row", .activate = show_row_action, .parameter_type = "t" },
  { .name = "set-threshold-mode", .activate = set_threshold_mode_action, .parameter_type = "s" },
  { .name = "set-threshold", .activate = set_threshold_action, .parameter_type = "d" },
  { .name = "sweep", .activate = sweep_action },
  { .name = "fit-normal", .state = "false", .change_state = fit_normal_change_state },
  { .name = "set-normal-label", .activate = set_normal_label_action, .parameter_type = "s" },
  { .name = "set-normal-labels", .activate = set_normal_labels_action, .parameter_type = "as" },
  { .name = "import", .activate = import_action, .parameter_type = "s" },
  { .name = "export-model", .activate = export_model_action, .parameter_type = "s" },
  { .name = "export-assignments", .activate = export_assignments_action, .parameter_type = "s" },
  { .name = "save-model", .activate = save_model_action },
  { .name = "save-assignments", .activate = save_assignments_action },
};

/* Window actions are a GActionMap on the GtkApplicationWindow rather than
 * class-level widget actions: only these are exported on D-Bus, which is how
 * scripts and the GUI tests drive the window. */
void
_lloyd_window_init_actions (LloydWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
  g_signal_connect_swapped (self->speed_adjustment, "value-changed", G_CALLBACK (on_speed_changed), self);
}
