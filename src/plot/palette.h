/* palette.h — cluster colours: colour-blind-safe for up to 10 clusters
 * (Okabe–Ito, completed from Paul Tol's palettes), then a generated sequence of
 * distinct hues and lightnesses for any number beyond. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LLOYD_PALETTE_SAFE_SIZE 10

/* Colour of cluster @index (any value) as RGB in 0..1. Deterministic. */
void   lloyd_palette_color     (guint         index,
                                double        rgb[3]);
/* Relative luminance (WCAG) of an RGB colour: picks black or white text. */
double lloyd_palette_luminance (const double  rgb[3]);

G_END_DECLS
