/* lloyd-window-private.h — what the files of the window share: its fields and
 * the internal functions of actions, jobs and drawing. */
#pragma once

#include "elbow.h"
#include "lloyd-import-dialog.h"
#include "lloyd-plot-view.h"
#include "lloyd-session.h"
#include "lloyd-window.h"

G_BEGIN_DECLS

/* How a dataset is (re)loaded: kept so that a preprocessing change can rebuild
 * the matrix from the same table without reading the file again. */
typedef struct
{
  char            *path;          /* a file, or NULL */
  char            *demo;          /* a demo name, or NULL */
  char             delimiter;     /* 0: sniff */
  LloydHeaderMode  header;
  char            *label_column;  /* NULL: auto */
  char           **columns;       /* to use; NULL: all */
} LloydSource;

struct _LloydWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template children */
  GtkLabel             *subtitle_label;
  GtkLabel             *dataset_name_label;
  GtkLabel             *dataset_size_label;
  GtkLabel             *dataset_features_label;
  GtkLabel             *dataset_label_label;
  GtkLabel             *toast_label;
  GtkLabel             *status_label;
  GtkRevealer          *toast_revealer;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkCheckButton       *one_hot_check;
  GtkCheckButton       *normalize_check;
  GtkCheckButton       *train_normal_check;
  GtkBox               *normal_labels_box;
  GtkSpinButton        *k_spin;
  GtkSpinButton        *seed_spin;
  GtkSpinButton        *max_iter_spin;
  GtkSpinButton        *tol_spin;
  GtkDropDown          *init_dropdown;
  GtkDropDown          *threshold_mode_dropdown;
  GtkAdjustment        *threshold_adjustment;
  GtkSpinButton        *threshold_spin;
  GtkLabel             *flagged_label;
  GtkAdjustment        *speed_adjustment;
  GtkScale             *speed_scale;
  GtkToggleButton      *play_button;
  GtkAdjustment        *timeline_adjustment;
  GtkStack             *view_stack;
  GtkWidget            *view_switcher;
  LloydPlotView        *plot_view;
  LloydPlotView        *strip_view;
  GMenu                *recent_submenu;

  LloydSession         *session;
  LloydSource           source;
  GSettings            *settings;     /* NULL without the schema */

  GCancellable         *cancellable;  /* of the running job; NULL when idle */
  gboolean              job_is_model; /* the running job has the model */
  GCancellable         *scrub_cancellable; /* labels and scores of a history position */
  guint                 play_source;
  guint                 toast_source;
  gboolean              syncing;      /* widgets are being set from the state */
  gboolean              placing;      /* clicks place initial centroids */
  GArray               *placed_xy;    /* plane points placed so far */
  struct _LloydFigures *figures;      /* lloyd-window-figures.c */
};

/* lloyd-window.c */
void      _lloyd_window_update_actions  (LloydWindow     *self);
void      _lloyd_window_refresh         (LloydWindow     *self,
                                         LloydRecompute   what);
void      _lloyd_window_show_message    (LloydWindow     *self,
                                         const char      *message);
void      _lloyd_window_show_error      (LloydWindow     *self,
                                         const GError    *error);
void      _lloyd_window_begin_job       (LloydWindow     *self,
                                         const char      *what,
                                         gboolean         takes_model);
void      _lloyd_window_end_job         (LloydWindow     *self);
void      _lloyd_window_set_progress    (LloydWindow     *self,
                                         double           fraction,
                                         const char      *what);
gboolean  _lloyd_window_is_big          (LloydWindow     *self);
void      _lloyd_window_stop_playing    (LloydWindow     *self);
/* @scale: device pixels per unit for PNG (0: the screen's). */
gboolean  _lloyd_window_export_figure   (LloydWindow     *self,
                                         const char      *path,
                                         int              width,
                                         int              height,
                                         double           scale,
                                         GError         **error);

/* lloyd-window-figures.c */
void      _lloyd_window_init_figures    (LloydWindow     *self);
void      _lloyd_window_free_figures    (LloydWindow     *self);
/* The pointer moved to (@x, @y) on the Clusters plot: after a short rest there,
 * the point under it gets the click's popover. */
void      _lloyd_window_hover_point     (LloydWindow     *self,
                                         double           x,
                                         double           y);
/* A click on the Clusters view that is not placing centroids: the point under it. */
void      _lloyd_window_show_point      (LloydWindow     *self,
                                         double           x,
                                         double           y);
/* Shows the Clusters view with @row (0-based) pointed at, as the outliers
 * table does; FALSE if there is no such row. */
gboolean  _lloyd_window_point_at_row    (LloydWindow     *self,
                                         gsize            row);
void      _lloyd_window_show_row        (LloydWindow     *self,
                                         gsize            row,
                                         double           x,
                                         double           y);
/* Widget coordinates of the Clusters view to a point of the projection plane. */
gboolean  _lloyd_window_plot_to_plane   (LloydWindow     *self,
                                         double           x,
                                         double           y,
                                         double          *xy);

/* Keeps a finished sweep for its dataset and preprocessing (takes @elbow). */
void      _lloyd_window_add_sweep       (LloydWindow             *self,
                                         LloydSessionData        *data,
                                         const LloydElbowOptions *options,
                                         LloydElbow              *elbow);
/* Sweeps k over the Elbow view's range on the worker. */
void      _lloyd_window_sweep           (LloydWindow      *self);
void      _lloyd_window_update_tables   (LloydWindow      *self);
/* The normal-label choosers follow the session's set (and the dataset's labels). */
void      _lloyd_window_sync_normal_labels (LloydWindow  *self);
/* A redraw of every figure (the threshold or the model changed). */
void      _lloyd_window_queue_draw_views (LloydWindow    *self);

/* lloyd-window-actions.c */
void      _lloyd_window_init_actions    (LloydWindow     *self);

/* lloyd-window.c: load a file with the import dialog's choices */
void      _lloyd_window_show_import     (LloydWindow     *self,
                                         GFile           *file);
void      _lloyd_window_import          (LloydWindow     *self,
                                         GFile           *file,
                                         const LloydImportChoices *choices);

/* lloyd-window-jobs.c */
typedef enum
{
  LLOYD_MODEL_JOB_ASSIGN,
  LLOYD_MODEL_JOB_UPDATE,
  LLOYD_MODEL_JOB_STEP,
  LLOYD_MODEL_JOB_RUN,
} LloydModelJobKind;

void      _lloyd_source_clear           (LloydSource     *source);
void      _lloyd_window_load            (LloydWindow     *self,
                                         const LloydSource *source,
                                         LloydDataset    *reuse);
void      _lloyd_window_run_model_job   (LloydWindow     *self,
                                         LloydModelJobKind kind);
/* Moves the history to @position; on big data its labels and scores follow
 * from the worker (a newer seek cancels an older one). */
void      _lloyd_window_seek            (LloydWindow     *self,
                                         guint            position);
void      _lloyd_window_run_sweep       (LloydWindow     *self,
                                         guint            k_min,
                                         guint            k_max,
                                         gboolean         silhouette);

G_END_DECLS
