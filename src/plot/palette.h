/* palette.h — cluster colours: colour-blind-safe for up to 10 clusters
 * (Okabe–Ito, completed from Paul Tol's palettes, or Tol's "bright" completed
 * from his "muted"), then a generated sequence of distinct hues and lightnesses
 * for any number beyond. Categorical schemes only: clusters have no order. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LLOYD_PALETTE_SAFE_SIZE 10

typedef enum
{
  LLOYD_PALETTE_OKABE_ITO,
  LLOYD_PALETTE_TOL_BRIGHT,
} LloydPaletteScheme;

/* The scheme every figure of the process uses (the app's preference); set it
 * from the main thread between draws. */
void     lloyd_palette_set_scheme         (LloydPaletteScheme  scheme);
LloydPaletteScheme lloyd_palette_get_scheme (void);
/* "okabe-ito" (also "default" and "colorblind"), "tol-bright"; FALSE otherwise. */
gboolean lloyd_palette_scheme_from_string (const char         *name,
                                           LloydPaletteScheme *scheme);

/* Colour of cluster @index (any value) as RGB in 0..1. Deterministic. */
void   lloyd_palette_color     (guint         index,
                                double        rgb[3]);
/* Relative luminance (WCAG) of an RGB colour: picks black or white text. */
double lloyd_palette_luminance (const double  rgb[3]);

G_END_DECLS
