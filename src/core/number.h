/* number.h — exact, fast parsing of decimal numbers as they appear in data files. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses all @length bytes of @text as a decimal number: an optional sign, digits
 * with an optional '.', and an optional exponent (1, -2.5, .5, 3., 1e-3). No hex,
 * no inf/nan, no surrounding spaces. Returns TRUE only for a finite result, which
 * equals strtod's to the last bit. */
gboolean _lloyd_parse_double (const char *text,
                              gsize       length,
                              double     *out);

/* 10^0 … 10^22, every one exact in a double. */
extern const double _lloyd_exact_powers_of_ten[23];

/* Reads a plain decimal from the start of [@p, @end): an optional '-', then 1 to
 * 19 digits with an optional '.', no exponent, small enough for Clinger's fast
 * path (below 2^53 and at most 22 decimals). Returns the bytes read and sets
 * *@out to what _lloyd_parse_double() gives for them; returns 0 for anything
 * else. Inline: the CSV parser calls it for most fields of a file. */
static inline gsize
_lloyd_scan_plain_decimal (const char *p,
                           const char *end,
                           double     *out)
{
  const char *start = p, *digits;
  gboolean negative = FALSE;
  guint64 mantissa = 0;  /* wraps past 19 digits, which are refused below */
  gsize n_digits, n_fraction = 0;
  double value;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  digits = p;
  while (p < end && (guint) (*p - '0') < 10)
    mantissa = mantissa * 10 + (guint64) (*p++ - '0');
  n_digits = (gsize) (p - digits);
  if (p < end && *p == '.')
    {
      const char *fraction = ++p;

      while (p < end && (guint) (*p - '0') < 10)
        mantissa = mantissa * 10 + (guint64) (*p++ - '0');
      n_fraction = (gsize) (p - fraction);
      n_digits += n_fraction;
    }
  if (n_digits == 0 || n_digits > 19 || n_fraction > 22 || (mantissa >> 53) != 0)
    return 0;
  /* Both operands exact, so one correctly rounded operation. */
  value = (double) mantissa;
  if (n_fraction > 0)
    value /= _lloyd_exact_powers_of_ten[n_fraction];
  *out = negative ? -value : value;
  return (gsize) (p - start);
}

/* TRUE for the tokens that mean "missing": empty, "?", "NA", "N/A", and "nan" in
 * any case with an optional sign. */
gboolean _lloyd_is_missing   (const char *text,
                              gsize       length);

G_END_DECLS
