/* centroid-images.h — when the features are the pixels of a square image (64 →
 * 8 × 8, 784 → 28 × 28), each centroid drawn as a grey-scale tile: what the
 * digits tutorial shows to explain what a centroid is. */
#pragma once

#include "plot-common.h"

G_BEGIN_DECLS

typedef struct
{
  guint          k;
  gsize          d;
  const double  *centroids;  /* k × d */
  guint          image_width;  /* 0: the square root of d */
  const gsize   *counts;     /* k member counts shown under the tiles, or NULL */
  double         lo, hi;     /* value range black..white; lo = hi: the data's own */
  gboolean       ink_dark;   /* high values dark (pen on paper, as digits) */
  const char    *title;
} LloydCentroidImages;

/* Whether @d features form a square image; its side in @side. */
gboolean lloyd_centroid_images_is_square   (gsize                      d,
                                            guint                     *side);

typedef struct
{
  guint  columns, rows;
  guint  image_width, image_height;
  double tile;            /* tile side in user units */
  double x0, y0;          /* top-left of the first tile */
  double pitch_x, pitch_y;
} LloydCentroidImagesLayout;

gboolean lloyd_centroid_images_layout      (const LloydCentroidImages *plot,
                                            const LloydPlotScope      *scope,
                                            LloydCentroidImagesLayout *layout);
void     lloyd_centroid_images_render      (const LloydCentroidImages *plot,
                                            const LloydPlotScope      *scope);

G_END_DECLS
