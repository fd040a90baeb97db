/* export.h — writing any figure to a file: PNG at a pixel size and scale (with
 * text metadata: software, dataset, parameters), SVG and PDF through cairo's
 * own surfaces, a transparent-background option, and numbered frames for
 * slides and GIFs. The same render function draws the screen and the files. */
#pragma once

#include <gio/gio.h>

#include "plot-common.h"

G_BEGIN_DECLS

#define LLOYD_EXPORT_ERROR (lloyd_export_error_quark ())

typedef enum
{
  LLOYD_EXPORT_ERROR_INVALID,  /* a bad size, scale or format */
  LLOYD_EXPORT_ERROR_CAIRO,    /* cairo could not create or finish the surface */
} LloydExportError;

typedef enum
{
  LLOYD_EXPORT_PNG,
  LLOYD_EXPORT_SVG,
  LLOYD_EXPORT_PDF,
} LloydExportFormat;

/* Draws one figure into scope (the model is bound in @user_data). */
typedef void (*LloydPlotRenderFunc) (const LloydPlotScope *scope,
                                     gpointer              user_data);

typedef struct
{
  LloydExportFormat      format;
  int                    width;        /* user units: PNG logical pixels, SVG/PDF points */
  int                    height;
  double                 scale;        /* PNG only: 2 writes 2·width × 2·height pixels */
  gboolean               transparent;
  const LloydPlotTheme  *theme;
  const char            *footer;       /* provenance stamp drawn in the figure, or NULL */
  const char *const     *metadata;     /* NULL-terminated key, value, key, value…: PNG text chunks */
} LloydExportOptions;

GQuark      lloyd_export_error_quark        (void);

/* Defaults: PNG, 1200 × 800, scale 1, opaque, light theme. */
void        lloyd_export_options_init       (LloydExportOptions       *options);

gboolean    lloyd_export_format_from_string (const char               *s,
                                             LloydExportFormat        *format);
const char *lloyd_export_format_extension   (LloydExportFormat         format);
/* "1600x1000" (also "1600×1000"), each side 16..16384. */
gboolean    lloyd_export_parse_size         (const char               *s,
                                             int                      *width,
                                             int                      *height,
                                             GError                  **error);

gboolean    lloyd_export_figure             (const char               *path,
                                             const LloydExportOptions *options,
                                             LloydPlotRenderFunc       render,
                                             gpointer                  user_data,
                                             GError                  **error);

/* Renders to an ARGB32 image surface of width·scale × height·scale pixels. */
cairo_surface_t *lloyd_export_to_image      (const LloydExportOptions *options,
                                             LloydPlotRenderFunc       render,
                                             gpointer                  user_data,
                                             GError                  **error);

/* PNG bytes of @surface with tEXt/iTXt chunks from @metadata (key, value pairs). */
GBytes     *lloyd_export_png_bytes          (cairo_surface_t          *surface,
                                             const char *const        *metadata,
                                             GError                  **error);

/* "DIR/frame-007.png": numbered from 1, three digits at least. */
char       *lloyd_export_frame_path         (const char               *dir,
                                             guint                     index,
                                             LloydExportFormat         format);

G_END_DECLS
