/* ticks.c — nice axis ticks and their labels (see ticks.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ticks.h"

double
lloyd_ticks_nice_step (double span,
                       guint  max_ticks)
{
  double raw, mag, steps[] = { 1, 2, 5, 10 };

  if (!(span > 0) || !isfinite (span))
    return 1;
  max_ticks = MAX (max_ticks, 2);
  /* n ticks over the span cover n − 1 intervals. */
  raw = span / (max_ticks - 1);
  mag = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * mag >= raw * (1 - 1e-9))
      return steps[i] * mag;
  return 10 * mag;
}

static void
superscript (int   e,
             char *buf,
             gsize size)
{
  static const char *digits[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  char tmp[16];
  GString *s = g_string_new (NULL);

  g_snprintf (tmp, sizeof tmp, "%d", ABS (e));
  if (e < 0)
    g_string_append (s, "⁻");
  for (const char *p = tmp; *p; p++)
    g_string_append (s, digits[*p - '0']);
  g_strlcpy (buf, s->str, size);
  g_string_free (s, TRUE);
}

/* 1-2-5 steps need no trailing zeros ("2.50" → "2.5", "1.0" → "1"). */
static void
strip_zeros (char *num)
{
  char *end;

  if (strchr (num, '.') == NULL)
    return;
  end = num + strlen (num) - 1;
  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
}

/* One style per axis, chosen from its largest magnitude and its step: plain
 * numbers below 10⁹ (grouped by thin spaces from 10 000 on, so "500 000" and
 * "1 500 000" read alike), powers of ten above, or when the step is tiny. */
static void
choose_style (double    biggest,
              double    step,
              gboolean *scientific,
              gboolean *grouped)
{
  *scientific = biggest >= 1e9 || step < 1e-4;
  *grouped = !*scientific && biggest >= 1e4;
}

/* A narrow no-break space, for axes and counts alike: locale-neutral (never
 * mistaken for a decimal sign, which figures always write as ".") and the line
 * never breaks inside a number. */
#define GROUP_SEPARATOR "\u202f"

static void
format_styled (double   value,
               double   step,
               gboolean scientific,
               gboolean grouped,
               char    *buf,
               gsize    size)
{
  char num[64];
  double a = fabs (value);

  if (!isfinite (value))
    {
      g_strlcpy (buf, isnan (value) ? "NaN" : (value > 0 ? "∞" : "−∞"), size);
      return;
    }
  if (!(step > 0) || !isfinite (step))
    step = a > 0 ? a : 1;
  /* A tick that should be 0 but is 1e-17 from accumulated steps. */
  if (a < step * 1e-6)
    {
      g_strlcpy (buf, "0", size);
      return;
    }

  if (scientific)
    {
      int e = (int) floor (log10 (a));
      double m = value / pow (10, e);
      int decimals = MAX (0, (int) ceil (-log10 (step / pow (10, e)) - 1e-9));
      char sup[32];

      decimals = MIN (decimals, 6);
      /* 9.99… rounds up to 10: renormalise. */
      g_snprintf (num, sizeof num, "%.*f", decimals, fabs (m));
      if (g_ascii_strtod (num, NULL) >= 10)
        {
          e++;
          m /= 10;
          g_snprintf (num, sizeof num, "%.*f", decimals, fabs (m));
        }
      strip_zeros (num);
      superscript (e, sup, sizeof sup);
      if (strcmp (num, "1") == 0)
        g_snprintf (buf, size, "%s10%s", value < 0 ? "−" : "", sup);
      else
        g_snprintf (buf, size, "%s%s×10%s", value < 0 ? "−" : "", num, sup);
      return;
    }

  {
    int decimals = MAX (0, (int) ceil (-log10 (step) - 1e-9));
    GString *out = g_string_sized_new (48);
    const char *point;
    gsize digits;

    decimals = MIN (decimals, 10);
    g_snprintf (num, sizeof num, "%.*f", decimals, a);
    strip_zeros (num);
    if (strcmp (num, "0") == 0)
      {
        g_strlcpy (buf, "0", size);
        g_string_free (out, TRUE);
        return;
      }
    if (value < 0)
      g_string_append (out, "−");
    point = strchr (num, '.');
    digits = point ? (gsize) (point - num) : strlen (num);
    for (gsize i = 0; i < digits; i++)
      {
        if (grouped && i > 0 && (digits - i) % 3 == 0)
          g_string_append (out, GROUP_SEPARATOR);
        g_string_append_c (out, num[i]);
      }
    if (point)
      g_string_append (out, point);
    g_strlcpy (buf, out->str, size);
    g_string_free (out, TRUE);
  }
}

void
lloyd_ticks_format (double value,
                    double step,
                    char  *buf,
                    gsize  size)
{
  gboolean scientific, grouped;

  g_return_if_fail (buf != NULL && size > 0);

  if (!(step > 0) || !isfinite (step))
    step = isfinite (value) && value != 0 ? fabs (value) : 1;
  choose_style (fabs (value), step, &scientific, &grouped);
  format_styled (value, step, scientific, grouped, buf, size);
}

void
lloyd_ticks_format_value (const LloydTicks *ticks,
                          double            value,
                          char             *buf,
                          gsize             size)
{
  g_return_if_fail (ticks != NULL && buf != NULL && size > 0);

  if (ticks->log || !(ticks->step > 0))
    {
      /* Three significant digits, in the style of the axis' labels. */
      double step = isfinite (value) && value != 0 ? pow (10, floor (log10 (fabs (value))) - 2) : 1;

      format_styled (value, step, ticks->scientific, ticks->grouped, buf, size);
      return;
    }
  /* Two digits finer than the ticks (a value between two of them), and at
   * least four significant ones (a short panel has few ticks, far apart). */
  format_styled (value,
                 isfinite (value) && value != 0 ? MIN (ticks->step / 100, pow (10, floor (log10 (fabs (value))) - 3))
                                                : ticks->step / 100,
                 ticks->scientific, ticks->grouped, buf, size);
}

/* The 1-2-5 step next to @step: coarser (1 → 2 → 5 → 10) or finer. */
static double
adjacent_step (double   step,
               gboolean coarser)
{
  double mag = pow (10, floor (log10 (step) + 1e-9));
  double m = step / mag;

  if (m < 1.5)
    return (coarser ? 2 : 0.5) * mag;
  if (m < 3.5)
    return (coarser ? 5 : 1) * mag;
  return (coarser ? 10 : 2) * mag;
}

static void
sanitize (double *lo,
          double *hi)
{
  if (!isfinite (*lo) || !isfinite (*hi))
    {
      /* Keep a finite end if there is one. */
      if (isfinite (*lo))
        *hi = *lo;
      else if (isfinite (*hi))
        *lo = *hi;
      else
        {
          *lo = 0;
          *hi = 1;
        }
    }
  if (*lo > *hi)
    {
      double t = *lo;
      *lo = *hi;
      *hi = t;
    }
  if (*hi - *lo <= fabs (*hi) * 1e-12 || *hi == *lo)
    {
      double half = MAX (fabs (*lo) * 0.1, 0.5);

      if (*lo == 0)
        half = 1;
      else if (fabs (*lo) < 0.5)
        half = fabs (*lo) * 0.5;
      *lo -= half;
      *hi += half;
    }
}

/* The multiples of @step on [lo, hi], or the smallest span of them covering it. */
static guint
span_ticks (double   lo,
            double   hi,
            double   step,
            gboolean expand,
            double  *first,
            double  *last)
{
  *first = expand ? floor (lo / step + 1e-9) * step : ceil (lo / step - 1e-9) * step;
  *last = expand ? ceil (hi / step - 1e-9) * step : floor (hi / step + 1e-9) * step;
  return (guint) llround ((*last - *first) / step) + 1;
}

void
lloyd_ticks_linear (double      lo,
                    double      hi,
                    guint       max_ticks,
                    gboolean    expand,
                    LloydTicks *ticks)
{
  double step, first, last;
  guint n, stride = 1;

  g_return_if_fail (ticks != NULL);

  memset (ticks, 0, sizeof *ticks);
  max_ticks = CLAMP (max_ticks, 2, LLOYD_TICKS_MAX);
  sanitize (&lo, &hi);

  step = lloyd_ticks_nice_step (hi - lo, max_ticks);
  n = span_ticks (lo, hi, step, expand, &first, &last);
  /* An exact range can hold fewer than two multiples of the first guess. */
  for (int i = 0; i < 64 && n < 2; i++)
    {
      step = adjacent_step (step, FALSE);
      n = span_ticks (lo, hi, step, expand, &first, &last);
    }
  /* Expanding can add up to one interval at each end; coarsen until it fits,
   * but never down to a single label: one tick gives an axis no scale, so keep
   * the finer grid's first and last. */
  while (n > max_ticks && n > 2)
    {
      double coarser = adjacent_step (step, TRUE), coarser_first, coarser_last;
      guint coarser_n = span_ticks (lo, hi, coarser, expand, &coarser_first, &coarser_last);

      if (coarser_n < 2)
        {
          /* Two labels, written to the finer step's precision. */
          stride = n - 1;
          n = 2;
          break;
        }
      step = coarser;
      first = coarser_first;
      last = coarser_last;
      n = coarser_n;
    }

  ticks->step = step;
  ticks->lo = expand ? first : lo;
  ticks->hi = expand ? last : hi;
  ticks->n = MIN (n, LLOYD_TICKS_MAX);
  choose_style (MAX (fabs (first), fabs (last)), step, &ticks->scientific, &ticks->grouped);
  for (guint i = 0; i < ticks->n; i++)
    {
      double v = first + (double) (i * stride) * step;

      /* Multiply, do not accumulate: 0.1 + 0.1 + 0.1 is not 0.3. */
      if (fabs (v) < step * 1e-9)
        v = 0;
      ticks->values[i] = v;
      format_styled (v, step, ticks->scientific, ticks->grouped, ticks->labels[i], LLOYD_TICK_LABEL_SIZE);
    }
}

static void
format_power (double   value,
              int      e,
              gboolean plain,
              gboolean grouped,
              char    *buf,
              gsize    size)
{
  if (plain)
    format_styled (value, pow (10, MIN (e, 0)), FALSE, grouped, buf, size);
  else
    {
      char sup[32];
      double m = value / pow (10, e);

      superscript (e, sup, sizeof sup);
      if (fabs (m - 1) < 1e-9)
        g_snprintf (buf, size, "10%s", sup);
      else
        g_snprintf (buf, size, "%g×10%s", m, sup);
    }
}

/* 1×, 2× and 5× each power of ten from 10^@elo to 10^@ehi within [lo, hi]. */
static void
log_ticks_125 (LloydTicks *ticks,
               double      lo,
               double      hi,
               int         elo,
               int         ehi,
               gboolean    plain)
{
  static const double mult[] = { 1, 2, 5 };

  ticks->step = 1;
  for (int e = elo; e <= ehi; e++)
    for (guint m = 0; m < G_N_ELEMENTS (mult); m++)
      {
        double v = mult[m] * pow (10, e);

        if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9) || ticks->n >= LLOYD_TICKS_MAX)
          continue;
        ticks->values[ticks->n] = v;
        format_power (v, e, plain, ticks->grouped, ticks->labels[ticks->n], LLOYD_TICK_LABEL_SIZE);
        ticks->n++;
      }
}

void
lloyd_ticks_log (double      lo,
                 double      hi,
                 guint       max_ticks,
                 gboolean    expand,
                 LloydTicks *ticks)
{
  int elo, ehi, every;
  gboolean plain;

  g_return_if_fail (ticks != NULL);

  memset (ticks, 0, sizeof *ticks);
  ticks->log = TRUE;
  max_ticks = CLAMP (max_ticks, 2, LLOYD_TICKS_MAX);

  if (!isfinite (hi) || hi <= 0)
    {
      lo = 1;
      hi = 10;
    }
  if (!isfinite (lo) || lo <= 0)
    lo = hi / 1000;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (hi / lo < 1 + 1e-9)
    {
      lo /= 2;
      hi *= 2;
    }

  elo = (int) floor (log10 (lo) + 1e-9);
  ehi = (int) ceil (log10 (hi) - 1e-9);
  if (ehi == elo)
    ehi++;
  if (expand)
    {
      lo = pow (10, elo);
      hi = pow (10, ehi);
    }
  ticks->lo = lo;
  ticks->hi = hi;
  /* One style per axis: plain numbers while they stay short (0.001 … 10000),
   * powers of ten for every label otherwise. */
  plain = elo >= -3 && ehi <= 4;
  ticks->scientific = !plain;
  ticks->grouped = plain && hi >= 1e4 * (1 - 1e-9);

  /* Within about one decade powers of ten alone give one tick: add 2× and 5×. */
  if (ehi - elo <= 1 && max_ticks >= 4)
    {
      log_ticks_125 (ticks, lo, hi, elo, ehi, plain);
      if (ticks->n >= 2)
        return;
      ticks->n = 0;
    }

  every = 1;
  while ((ehi - elo) / every + 1 > (int) max_ticks)
    every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
  ticks->step = every;
  for (int e = (int) (floor ((double) elo / every) * every); e <= ehi && ticks->n < LLOYD_TICKS_MAX; e += every)
    {
      double v = pow (10, e);

      if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9))
        continue;
      ticks->values[ticks->n] = v;
      format_power (v, e, plain, ticks->grouped, ticks->labels[ticks->n], LLOYD_TICK_LABEL_SIZE);
      ticks->n++;
    }
  /* A short axis within a decade would show one power of ten alone, which
   * gives no scale: the first and last of the 1-2-5 ticks instead. */
  if (ticks->n < 2)
    {
      ticks->n = 0;
      log_ticks_125 (ticks, lo, hi, elo, ehi, plain);
      if (ticks->n > max_ticks)
        {
          ticks->values[1] = ticks->values[ticks->n - 1];
          memcpy (ticks->labels[1], ticks->labels[ticks->n - 1], LLOYD_TICK_LABEL_SIZE);
          ticks->n = 2;
        }
    }
}

void
lloyd_format_count (guint64 count,
                    char   *buf,
                    gsize   size)
{
  char digits[32];
  GString *out = g_string_sized_new (48);
  int len;

  g_return_if_fail (buf != NULL && size > 0);
  len = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, count);
  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, GROUP_SEPARATOR);
      g_string_append_c (out, digits[i]);
    }
  g_strlcpy (buf, out->str, size);
  g_string_free (out, TRUE);
}
