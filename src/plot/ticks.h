/* ticks.h — axis ticks, pure and unit-tested: "nice" 1-2-5 steps on linear axes,
 * powers of ten on log axes, labels formatted with just enough digits, and
 * defined answers for degenerate input (equal ends, reversed ends, NaN). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LLOYD_TICKS_MAX 48
#define LLOYD_TICK_LABEL_SIZE 24

typedef struct
{
  guint    n;
  double   values[LLOYD_TICKS_MAX];
  char     labels[LLOYD_TICKS_MAX][LLOYD_TICK_LABEL_SIZE];
  double   lo;        /* the range the axis shows: never empty, always finite */
  double   hi;
  double   step;      /* linear: distance between ticks; log: decades between ticks */
  gboolean log;
} LloydTicks;

/* A 1, 2 or 5 × 10^e step giving at most @max_ticks ticks over @span (> 0). */
double lloyd_ticks_nice_step   (double      span,
                                guint       max_ticks);

/* Ticks for [lo, hi] with at most @max_ticks (≥ 2) of them. @expand widens the
 * range out to the enclosing ticks (a data-driven axis); otherwise the range is
 * kept and only ticks inside it are listed (a zoomed view).
 * Degenerate input: NaN or infinite ends become [0, 1]; reversed ends are
 * swapped; equal ends v become v ± max(|v| × 0.1, 0.5)… so one point sits in the
 * middle of a sensible axis. */
void   lloyd_ticks_linear      (double      lo,
                                double      hi,
                                guint       max_ticks,
                                gboolean    expand,
                                LloydTicks *ticks);

/* Log axis over [lo, hi]; non-positive or non-finite ends are replaced (lo by
 * hi / 1000, or both by [1, 10]). Ticks at powers of ten, every few decades when
 * there are many; inside a single decade 2× and 5× are added. The range always
 * expands out to whole decades when @expand. */
void   lloyd_ticks_log         (double      lo,
                                double      hi,
                                guint       max_ticks,
                                gboolean    expand,
                                LloydTicks *ticks);

/* Formats @value for an axis whose ticks are @step apart: no trailing zeros
 * beyond the step's precision, a true minus sign, no "-0", and scientific
 * notation (2.5×10⁶) when the numbers are very large or small. */
void   lloyd_ticks_format      (double      value,
                                double      step,
                                char       *buf,
                                gsize       size);

/* Compact counts for annotations: 1234 → "1,234", 494021 → "494,021". */
void   lloyd_format_count      (guint64     count,
                                char       *buf,
                                gsize       size);

G_END_DECLS
