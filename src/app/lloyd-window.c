/* lloyd-window.c — the main window: builds it from its template, keeps the widgets
 * in step with the session, decides which actions are enabled, shows progress,
 * events and errors, and takes files dropped on it. */
#define G_LOG_DOMAIN "Lloyd"

#include "config.h"

#include <glib/gi18n.h>

#include "lloyd-window-private.h"
#include "palette.h"

G_DEFINE_FINAL_TYPE (LloydWindow, lloyd_window, GTK_TYPE_APPLICATION_WINDOW)

/* Above this many multiply-adds per assignment (n·k·d) a half-step goes to the
 * worker; below it, it runs between two frames (blobs: 3·10³). */
#define BIG_WORK 2.0e6
#define TOAST_SECONDS 6

static const LloydInit init_order[] = {
  LLOYD_INIT_KMEANSPP,
  LLOYD_INIT_RANDOM,
  LLOYD_INIT_PARTITION,
  LLOYD_INIT_KMEANS_PARALLEL,
  LLOYD_INIT_FIRST,
  LLOYD_INIT_AVERAGE,
  LLOYD_INIT_CENTROIDS,
};

static const char *demo_names[] = { "blobs", "moons", "iris", "digits", "kdd" };

gboolean
lloyd_window_is_demo_name (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);
  return g_strv_contains (demo_names, name);
}

gboolean
_lloyd_window_is_big (LloydWindow *self)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);

  if (data == NULL)
    return FALSE;
  return (double) data->x->n * data->x->d * lloyd_session_get_k (self->session) > BIG_WORK;
}

/* The one place that decides which actions are enabled. */
void
_lloyd_window_update_actions (LloydWindow *self)
{
  LloydSession *s = self->session;
  gboolean has_data = lloyd_session_get_data (s) != NULL;
  gboolean busy = self->cancellable != NULL;
  gboolean idle_data = has_data && !busy;
  gboolean converged = lloyd_session_is_converged (s);
  static const char *data_actions[] = {
    "assign", "update", "step", "reset", "new-seed", "set-k", "set-init", "set-seed",
    "place-centroids", "sweep",
  };

  for (guint i = 0; i < G_N_ELEMENTS (data_actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), data_actions[i]);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), idle_data);
    }
#define ENABLE(name, cond) \
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), name)), (cond))
  ENABLE ("back", !busy && lloyd_session_can_back (s));
  ENABLE ("forward", !busy && lloyd_session_can_forward (s));
  ENABLE ("run", idle_data && !converged);
  ENABLE ("play", has_data && (self->play_source != 0 || (!busy && !converged)));
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            self->play_source != 0 ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  ENABLE ("cancel", busy);
  ENABLE ("export", has_data);
  ENABLE ("export-figure", has_data);
  ENABLE ("export-model", idle_data && lloyd_session_get_model (s) != NULL);
  ENABLE ("export-assignments", idle_data && lloyd_session_get_model (s) != NULL);
  ENABLE ("save-model", idle_data && lloyd_session_get_model (s) != NULL);
  ENABLE ("save-assignments", idle_data && lloyd_session_get_model (s) != NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->one_hot_check), idle_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->normalize_check), idle_data);
  ENABLE ("fit-normal", idle_data && lloyd_session_get_data (s)->dataset->label_column >= 0);
#undef ENABLE
  gtk_widget_set_sensitive (GTK_WIDGET (self->k_spin), idle_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->init_dropdown), idle_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seed_spin), idle_data);
}

/* The status line ellipsizes in a narrow window (or a longer language): the
 * tooltip keeps the whole sentence. */
static void
set_status (LloydWindow *self,
            const char  *text)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
}

static void
update_status (LloydWindow *self)
{
  g_autofree char *line = lloyd_session_describe (self->session);

  set_status (self, line);
}

static void
update_dataset_labels (LloydWindow *self)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);
  g_autofree char *size = NULL;
  g_autofree char *features = NULL;
  const char *label = _("none");

  if (data == NULL)
    {
      gtk_label_set_text (self->dataset_name_label, _("None"));
      gtk_label_set_text (self->subtitle_label, _("No data"));
      return;
    }
  size = g_strdup_printf ("%zu × %zu", data->dataset->n_rows, data->dataset->n_columns);
  features = g_strdup_printf (ngettext ("%zu feature", "%zu features", data->x->d), data->x->d);
  if (data->dataset->label_column >= 0)
    label = data->dataset->columns[data->dataset->label_column].name;
  gtk_label_set_text (self->dataset_name_label, data->dataset->name);
  gtk_label_set_text (self->subtitle_label, data->dataset->name);
  gtk_label_set_text (self->dataset_size_label, size);
  gtk_label_set_text (self->dataset_features_label, features);
  gtk_label_set_text (self->dataset_label_label, label);
  {
    g_autofree char *labels = data->normal_labels != NULL
                              ? lloyd_format_label_set ((const char *const *) data->normal_labels, 3) : NULL;
    g_autofree char *train = data->normal_labels != NULL
                             ? g_strdup_printf (_("Fit on the %zu rows labelled “%s”"), data->x_train->n, labels)
                             : g_strdup (_("Fit on normal rows only"));

    gtk_check_button_set_label (self->train_normal_check, train);
    g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "fit-normal")),
                               g_variant_new_boolean (data->normal_labels != NULL));
  }
}

/* The slider's range follows the mode: a percentile, a count of points, or a
 * distance up to the farthest point. */
static void
sync_threshold (LloydWindow *self)
{
  LloydThreshold t;
  const LloydScores *scores = NULL;
  g_autofree char *text = NULL;
  const guint8 *flags;
  gsize n_flagged = 0;
  double upper = 100.0, step = 0.5;
  int digits = 1;

  lloyd_session_get_threshold (self->session, &t);
  if (!lloyd_session_is_busy (self->session))
    scores = lloyd_session_get_scores (self->session, NULL);
  switch (t.mode)
    {
    case LLOYD_THRESHOLD_PERCENTILE:
      break;
    case LLOYD_THRESHOLD_FARTHEST:
      upper = scores != NULL ? MAX (1, scores->n) : MAX (t.value, 1000);
      step = 1.0;
      digits = 0;
      break;
    case LLOYD_THRESHOLD_DISTANCE:
      upper = scores != NULL && scores->n > 0 ? lloyd_scores_farthest (scores, 1) * 1.05 : MAX (t.value, 1.0);
      upper = MAX (upper, t.value);
      step = upper / 500.0;
      digits = 3;
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_drop_down_set_selected (self->threshold_mode_dropdown, t.mode);
  gtk_adjustment_configure (self->threshold_adjustment, t.value,
                            t.mode == LLOYD_THRESHOLD_FARTHEST ? 1.0 : 0.0, upper, step, step * 10, 0.0);
  gtk_spin_button_set_digits (self->threshold_spin, digits);

  flags = scores != NULL ? lloyd_session_get_flags (self->session, &n_flagged, NULL, NULL) : NULL;
  if (flags != NULL && scores->n > 0)
    text = g_strdup_printf (_("%zu of %zu points flagged (%.2f%%)"), n_flagged, scores->n,
                            100.0 * n_flagged / scores->n);
  gtk_label_set_text (self->flagged_label, text != NULL ? text : _("Run k-means to score the points"));
}

static void
sync_controls (LloydWindow *self)
{
  LloydSession *s = self->session;
  LloydInit init = lloyd_session_get_init (s);

  self->syncing = TRUE;
  gtk_spin_button_set_value (self->k_spin, lloyd_session_get_k (s));
  gtk_spin_button_set_value (self->seed_spin, (double) lloyd_session_get_seed (s));
  for (guint i = 0; i < G_N_ELEMENTS (init_order); i++)
    if (init_order[i] == init)
      gtk_drop_down_set_selected (self->init_dropdown, i);
  gtk_adjustment_set_upper (self->timeline_adjustment, MAX (1, lloyd_session_get_n_iterations (s)));
  gtk_adjustment_set_value (self->timeline_adjustment, lloyd_session_get_position (s));
  sync_threshold (self);
  self->syncing = FALSE;
}

/* Brings the widgets and figures up to date after the state changed by @what. */
void
_lloyd_window_refresh (LloydWindow    *self,
                       LloydRecompute  what)
{
  g_return_if_fail (LLOYD_IS_WINDOW (self));

  if (what & LLOYD_RECOMPUTE_MATRIX)
    {
      update_dataset_labels (self);
      lloyd_plot_view_reset_viewport (self->plot_view);
    }
  sync_controls (self);
  _lloyd_window_sync_normal_labels (self);
  update_status (self);
  if (what != LLOYD_RECOMPUTE_NONE)
    _lloyd_window_queue_draw_views (self);
  _lloyd_window_update_actions (self);
}

/* ---- events, errors, progress ------------------------------------------ */

static gboolean
hide_toast (gpointer user_data)
{
  LloydWindow *self = user_data;

  self->toast_source = 0;
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_toast_close (LloydWindow *self)
{
  g_clear_handle_id (&self->toast_source, g_source_remove);
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
}

/* Events and errors appear over the figure, where the user is looking. */
void
_lloyd_window_show_message (LloydWindow *self,
                            const char  *message)
{
  g_return_if_fail (LLOYD_IS_WINDOW (self));

  gtk_label_set_text (self->toast_label, message);
  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_source, g_source_remove);
  self->toast_source = g_timeout_add_seconds (TOAST_SECONDS, hide_toast, self);
}

void
_lloyd_window_show_error (LloydWindow  *self,
                          const GError *error)
{
  g_return_if_fail (LLOYD_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  g_message ("%s", error->message);
  _lloyd_window_show_message (self, error->message);
}

void
_lloyd_window_begin_job (LloydWindow *self,
                         const char  *what,
                         gboolean     takes_model)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->job_is_model = takes_model;
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, what);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_status (self);
  _lloyd_window_update_actions (self);
}

void
_lloyd_window_end_job (LloydWindow *self)
{
  g_clear_object (&self->cancellable);
  self->job_is_model = FALSE;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_status (self);
  _lloyd_window_update_actions (self);
}

void
_lloyd_window_set_progress (LloydWindow *self,
                            double       fraction,
                            const char  *what)
{
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  if (what != NULL)
    gtk_progress_bar_set_text (self->progress_bar, what);
}

/* ---- controls ---------------------------------------------------------- */

static void
on_preprocess_toggled (LloydWindow *self)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);

  if (self->syncing || data == NULL)
    return;
  _lloyd_window_stop_playing (self);
  _lloyd_window_load (self, &self->source, data->dataset);
}

static void
on_k_changed (LloydWindow *self)
{
  if (self->syncing)
    return;
  g_action_group_activate_action (G_ACTION_GROUP (self), "set-k",
                                  g_variant_new_int32 (gtk_spin_button_get_value_as_int (self->k_spin)));
}

static void
on_init_changed (LloydWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->init_dropdown);

  if (self->syncing || i >= G_N_ELEMENTS (init_order))
    return;
  if (init_order[i] == LLOYD_INIT_CENTROIDS)
    {
      /* Placed centroids come from clicks, not from this list. */
      g_action_group_activate_action (G_ACTION_GROUP (self), "place-centroids", NULL);
      return;
    }
  g_action_group_activate_action (G_ACTION_GROUP (self), "set-init",
                                  g_variant_new_string (lloyd_init_to_string (init_order[i])));
}

static void
on_seed_changed (LloydWindow *self)
{
  if (self->syncing)
    return;
  g_action_group_activate_action (G_ACTION_GROUP (self), "set-seed",
                                  g_variant_new_uint64 ((guint64) gtk_spin_button_get_value (self->seed_spin)));
}

static void
on_max_iter_changed (LloydWindow *self)
{
  if (self->syncing)
    return;
  _lloyd_window_refresh (self, lloyd_session_set_max_iter (self->session,
                                                           gtk_spin_button_get_value_as_int (self->max_iter_spin)));
}

static void
on_tol_changed (LloydWindow *self)
{
  if (self->syncing)
    return;
  _lloyd_window_refresh (self, lloyd_session_set_tol (self->session,
                                                      gtk_spin_button_get_value (self->tol_spin)));
}

static void
on_timeline_changed (LloydWindow *self)
{
  guint position;

  if (self->syncing || self->cancellable != NULL)
    return;
  position = (guint) (gtk_adjustment_get_value (self->timeline_adjustment) + 0.5);
  _lloyd_window_seek (self, position);
}

static const char *threshold_modes[] = { "percentile", "farthest", "distance" };

static void
on_threshold_mode_changed (LloydWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->threshold_mode_dropdown);

  if (self->syncing || i >= G_N_ELEMENTS (threshold_modes))
    return;
  g_action_group_activate_action (G_ACTION_GROUP (self), "set-threshold-mode",
                                  g_variant_new_string (threshold_modes[i]));
}

static void
on_threshold_value_changed (LloydWindow *self)
{
  if (self->syncing)
    return;
  g_action_group_activate_action (G_ACTION_GROUP (self), "set-threshold",
                                  g_variant_new_double (gtk_adjustment_get_value (self->threshold_adjustment)));
}

static void
on_view_changed (LloydWindow *self)
{
  _lloyd_window_update_tables (self);
  _lloyd_window_update_actions (self);
}

/* ---- plot interaction -------------------------------------------------- */

static void
on_plot_clicked (LloydWindow *self,
                 double       x,
                 double       y)
{
  double xy[2];

  if (lloyd_session_get_data (self->session) == NULL)
    return;
  if (!self->placing)
    {
      _lloyd_window_show_point (self, x, y);
      return;
    }
  if (!_lloyd_window_plot_to_plane (self, x, y, xy))
    return;
  g_array_append_vals (self->placed_xy, xy, 2);
  lloyd_plot_view_queue_draw (self->plot_view);
  {
    g_autofree char *msg = g_strdup_printf (ngettext ("%u centroid placed; toggle Place Centroids off to start",
                                                      "%u centroids placed; toggle Place Centroids off to start",
                                                      self->placed_xy->len / 2),
                                            self->placed_xy->len / 2);
    set_status (self, msg);
  }
}

/* ---- drag and drop ----------------------------------------------------- */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LloydWindow   *self)
{
  GFile *file;

  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  file = g_value_get_object (value);
  lloyd_window_open_file (self, file);
  return TRUE;
}

/* ---- recent files ------------------------------------------------------ */

#define RECENT_MAX 8

static void
update_recent (LloydWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  guint added = 0;

  g_menu_remove_all (self->recent_submenu);
  for (GList *l = items; l != NULL && added < RECENT_MAX; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GMenuItem) item = NULL;

      /* Only the tables Lloyd opened. */
      if (path == NULL
          || !(gtk_recent_info_has_application (info, g_get_application_name ())
               || gtk_recent_info_has_application (info, g_get_prgname ()))
          || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "app.open-path", g_variant_new_string (path));
      g_menu_append_item (self->recent_submenu, item);
      added++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* ---- life cycle -------------------------------------------------------- */

static void
lloyd_window_dispose (GObject *object)
{
  LloydWindow *self = LLOYD_WINDOW (object);

  /* Running jobs see the cancel and end; their results find no owner (the weak
   * reference is gone) and are freed on the main loop. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->scrub_cancellable != NULL)
    g_cancellable_cancel (self->scrub_cancellable);
  g_clear_object (&self->scrub_cancellable);
  g_clear_handle_id (&self->play_source, g_source_remove);
  g_clear_handle_id (&self->toast_source, g_source_remove);
  _lloyd_window_free_figures (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LLOYD_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->placed_xy, g_array_unref);
  _lloyd_source_clear (&self->source);

  G_OBJECT_CLASS (lloyd_window_parent_class)->dispose (object);
}

static void
lloyd_window_class_init (LloydWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lloyd_window_dispose;

  g_type_ensure (LLOYD_TYPE_PLOT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/lloydlab/Lloyd/ui/lloyd-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, LloydWindow, name)
  CHILD (subtitle_label);
  CHILD (dataset_name_label);
  CHILD (dataset_size_label);
  CHILD (dataset_features_label);
  CHILD (dataset_label_label);
  CHILD (toast_label);
  CHILD (status_label);
  CHILD (toast_revealer);
  CHILD (progress_revealer);
  CHILD (progress_bar);
  CHILD (one_hot_check);
  CHILD (normalize_check);
  CHILD (train_normal_check);
  CHILD (normal_labels_box);
  CHILD (k_spin);
  CHILD (seed_spin);
  CHILD (max_iter_spin);
  CHILD (tol_spin);
  CHILD (init_dropdown);
  CHILD (threshold_mode_dropdown);
  CHILD (threshold_adjustment);
  CHILD (threshold_spin);
  CHILD (flagged_label);
  CHILD (speed_adjustment);
  CHILD (speed_scale);
  CHILD (play_button);
  CHILD (timeline_adjustment);
  CHILD (view_stack);
  CHILD (view_switcher);
  CHILD (plot_view);
  CHILD (strip_view);
  CHILD (recent_submenu);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, on_toast_close);
  gtk_widget_class_bind_template_callback (widget_class, on_preprocess_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_k_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_init_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_seed_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_max_iter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_tol_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_threshold_mode_changed);
}

/* The play speed sits next to the iteration number: a unit tells them apart. */
static char *
format_speed (GtkScale *scale,
              double    value,
              gpointer  user_data)
{
  return g_strdup_printf ("%.0f/s", value);
}

static void
lloyd_window_init (LloydWindow *self)
{
  /* Alt+R and Alt+E were the mnemonics of the Run and Reset buttons before
   * those became icons in the transport bar. */
  static const struct { guint key; GdkModifierType mods; const char *action; } plain_keys[] = {
    { GDK_KEY_space, 0, "win.play" },
    { GDK_KEY_Right, 0, "win.step" },
    { GDK_KEY_Left, 0, "win.back" },
    { GDK_KEY_Escape, 0, "win.cancel" },
    { GDK_KEY_r, GDK_ALT_MASK, "win.run" },
    { GDK_KEY_e, GDK_ALT_MASK, "win.reset" },
  };
  GtkEventController *shortcuts;
  GtkDropTarget *drop;

  self->session = lloyd_session_new ();
  self->placed_xy = g_array_new (FALSE, FALSE, sizeof (double));

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_scale_set_format_value_func (self->speed_scale, format_speed, NULL, NULL);
  _lloyd_window_init_actions (self);
  _lloyd_window_init_figures (self);

  g_signal_connect_swapped (self->plot_view, "clicked", G_CALLBACK (on_plot_clicked), self);
  g_signal_connect_swapped (self->plot_view, "hover", G_CALLBACK (_lloyd_window_hover_point), self);
  g_signal_connect_swapped (self->threshold_adjustment, "value-changed",
                            G_CALLBACK (on_threshold_value_changed), self);
  lloyd_plot_view_set_navigable (self->strip_view, FALSE);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);

  /* Space, arrows and Escape without modifiers (and the two Alt keys): in the
   * bubble phase, so a focused entry (k, seed) keeps its own use of those keys. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_BUBBLE);
  for (guint i = 0; i < G_N_ELEMENTS (plain_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (plain_keys[i].key, plain_keys[i].mods),
                                                            gtk_named_action_new (plain_keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  gtk_widget_set_focusable (GTK_WIDGET (self->plot_view), TRUE);
  /* Eight views: tabs as wide as their names, so the window stays narrow. */
  gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (self->view_switcher)), FALSE);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->plot_view));

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  _lloyd_window_refresh (self, LLOYD_RECOMPUTE_FIGURE);
}

/* The palette preference: one scheme for every figure (the plot library's
 * process-wide setting), redrawn when it changes. */
static void
on_palette_changed (LloydWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "palette");
  LloydPaletteScheme scheme;

  if (!lloyd_palette_scheme_from_string (name, &scheme))
    scheme = LLOYD_PALETTE_OKABE_ITO;
  lloyd_palette_set_scheme (scheme);
  _lloyd_window_queue_draw_views (self);
}

static void
apply_settings (LloydWindow *self)
{
  g_autofree char *init = NULL;
  g_autofree char *policy = NULL;
  LloydInit value;

  if (self->settings == NULL)
    return;
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  {
    g_autoptr(GAction) palette = g_settings_create_action (self->settings, "palette");

    g_action_map_add_action (G_ACTION_MAP (self), palette);
    g_signal_connect_object (self->settings, "changed::palette", G_CALLBACK (on_palette_changed), self,
                             G_CONNECT_SWAPPED);
    on_palette_changed (self);
  }

  lloyd_session_set_k (self->session, g_settings_get_uint (self->settings, "k"));
  init = g_settings_get_string (self->settings, "init");
  if (lloyd_init_from_string (init, &value) && value != LLOYD_INIT_ROWS && value != LLOYD_INIT_CENTROIDS)
    lloyd_session_set_init (self->session, value);
  {
    g_autofree char *mode = g_settings_get_string (self->settings, "threshold-mode");
    LloydThreshold t = { LLOYD_THRESHOLD_PERCENTILE, g_settings_get_double (self->settings, "threshold") };

    if (g_str_equal (mode, "farthest"))
      t.mode = LLOYD_THRESHOLD_FARTHEST;
    else if (g_str_equal (mode, "distance"))
      t.mode = LLOYD_THRESHOLD_DISTANCE;
    if (lloyd_threshold_validate (&t, NULL))
      lloyd_session_set_threshold (self->session, &t);
  }
  policy = g_settings_get_string (self->settings, "seed-policy");
  if (g_str_equal (policy, "new"))
    lloyd_session_set_seed (self->session, g_random_int ());
  else
    lloyd_session_set_seed (self->session, g_settings_get_uint64 (self->settings, "seed"));
  _lloyd_window_refresh (self, LLOYD_RECOMPUTE_FIGURE);
}

LloydWindow *
lloyd_window_new (LloydApplication *app)
{
  LloydWindow *self = g_object_new (LLOYD_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = lloyd_application_get_settings (app);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      apply_settings (self);
    }
  return self;
}

void
lloyd_window_open_file (LloydWindow *self,
                        GFile       *file)
{
  LloydSource source = { 0 };
  g_autofree char *path = NULL;

  g_return_if_fail (LLOYD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *msg = g_strdup_printf (_("%s is not a local file; Lloyd reads local files only"), uri);

      _lloyd_window_show_message (self, msg);
      return;
    }
  _lloyd_window_stop_playing (self);
  source.path = g_steal_pointer (&path);
  /* The same defaults as lloyd-cli fit: one-hot and z-score, so raw byte counts
   * do not swamp 0/1 indicators (the KDD workflow); the import dialog and the
   * sidebar change them. */
  self->syncing = TRUE;
  gtk_check_button_set_active (self->normalize_check, TRUE);
  gtk_check_button_set_active (self->one_hot_check, TRUE);
  self->syncing = FALSE;
  _lloyd_window_load (self, &source, NULL);
  _lloyd_source_clear (&source);
}

void
lloyd_window_load_demo (LloydWindow *self,
                        const char  *name)
{
  LloydSource source = { 0 };

  g_return_if_fail (LLOYD_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (!lloyd_window_is_demo_name (name))
    {
      g_autofree char *msg = g_strdup_printf (_("Unknown demo “%s”: choose blobs, moons, iris, digits or kdd"), name);

      _lloyd_window_show_message (self, msg);
      return;
    }
  _lloyd_window_stop_playing (self);
  /* The tutorials' preprocessing: the network data is z-scored with one-hot
   * protocols and services; the others are used as they are. */
  self->syncing = TRUE;
  gtk_check_button_set_active (self->normalize_check, g_str_equal (name, "kdd"));
  gtk_check_button_set_active (self->one_hot_check, TRUE);
  self->syncing = FALSE;
  source.demo = g_strdup (name);
  _lloyd_window_load (self, &source, NULL);
  _lloyd_source_clear (&source);
}

void
_lloyd_window_import (LloydWindow              *self,
                      GFile                    *file,
                      const LloydImportChoices *choices)
{
  LloydSource source = { 0 };

  source.path = g_file_get_path (file);
  if (source.path == NULL)
    return;
  source.delimiter = choices->delimiter;
  source.header = choices->header;
  source.label_column = g_strdup (choices->label_column);
  source.columns = g_strdupv (choices->columns);
  _lloyd_window_stop_playing (self);
  self->syncing = TRUE;
  gtk_check_button_set_active (self->normalize_check, choices->normalize);
  gtk_check_button_set_active (self->one_hot_check, choices->one_hot);
  self->syncing = FALSE;
  _lloyd_window_load (self, &source, NULL);
  _lloyd_source_clear (&source);
}

static void
on_import_load (LloydImportDialog *dialog,
                LloydWindow       *self)
{
  LloydImportChoices choices = { 0 };

  lloyd_import_dialog_get_choices (dialog, &choices);
  _lloyd_window_import (self, lloyd_import_dialog_get_file (dialog), &choices);
  lloyd_import_choices_clear (&choices);
}

/* The import dialog for @file, then a load with its choices. */
void
_lloyd_window_show_import (LloydWindow *self,
                           GFile       *file)
{
  LloydImportDialog *import = lloyd_import_dialog_new (GTK_WINDOW (self), file);

  g_signal_connect_object (import, "load", G_CALLBACK (on_import_load), self, 0);
  gtk_window_present (GTK_WINDOW (import));
}

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  LloydWindow *self = LLOYD_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GFile) parent = g_file_get_parent (file);

      if (self->settings != NULL && parent != NULL)
        {
          g_autofree char *dir = g_file_get_path (parent);

          if (dir != NULL)
            g_settings_set_string (self->settings, "last-directory", dir);
        }
      /* Chosen interactively: first the preview and the loading choices. */
      _lloyd_window_show_import (self, file);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

void
lloyd_window_choose_file (LloydWindow *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  g_return_if_fail (LLOYD_IS_WINDOW (self));

  chooser = gtk_file_chooser_native_new (_("Open Data"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Tables (CSV, TSV, .gz)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_suffix (filter, "gz");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  if (self->settings != NULL)
    {
      g_autofree char *dir = g_settings_get_string (self->settings, "last-directory");

      if (dir[0] != '\0')
        {
          g_autoptr(GFile) folder = g_file_new_for_path (dir);

          gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
        }
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
