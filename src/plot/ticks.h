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
  double   step;      /* linear: distance between ticks (a multiple of it when only the
                         first and last of a finer grid fit); log: decades between ticks */
  gboolean log;
  gboolean scientific; /* the labels' style, one per axis: powers of ten… */
  gboolean grouped;    /* …or plain, digits grouped by thin spaces ("1 500 000") */
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
 * beyond the step's precision, a true minus sign, no "-0", digits grouped by
 * thin spaces from 10 000 on ("1 500 000"), and powers of ten (2.5×10⁹) when
 * the numbers are very large (≥ 10⁹) or the step very small (< 10⁻⁴).
 * lloyd_ticks_linear() and lloyd_ticks_log() choose that style once per axis,
 * from its largest label, so an axis never mixes "500 000" with "10⁶". */
void   lloyd_ticks_format      (double      value,
                                double      step,
                                char       *buf,
                                gsize       size);

/* A value read off an axis (a marker's or a threshold's label), in the style
 * of its tick labels: on a linear axis two digits finer than their step and at
 * least four significant digits, on a log one three significant digits. */
void   lloyd_ticks_format_value (const LloydTicks *ticks,
                                 double            value,
                                 char             *buf,
                                 gsize             size);

/* Counts in figures, grouped like axis labels: 494021 → "494 021" (narrow
 * no-break spaces). */
void   lloyd_format_count      (guint64     count,
                                char       *buf,
                                gsize       size);

G_END_DECLS
