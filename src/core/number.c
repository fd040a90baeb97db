/* number.c — the number parser behind CSV loading. Most values in data files are
 * short decimals ("0.25", "181"); they take Clinger's fast path (an exact integer
 * mantissa below 2^53 times an exact power of ten, one correctly rounded IEEE
 * operation): plain ones in number.h, so the CSV tokenizer parses them as it
 * scans, the rest (exponents, leading zeros beyond 19 digits) here. Everything
 * else goes to g_ascii_strtod, so every result equals strtod's to the last bit. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "number.h"

const double _lloyd_exact_powers_of_ten[23] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static gboolean
parse_slow (const char *text,
            gsize       length,
            double     *out)
{
  char stack_buffer[128];
  g_autofree char *heap_buffer = NULL;
  char *buffer = stack_buffer;
  char *end = NULL;
  double value;

  if (length >= sizeof stack_buffer)
    buffer = heap_buffer = g_malloc (length + 1);
  memcpy (buffer, text, length);
  buffer[length] = '\0';
  value = g_ascii_strtod (buffer, &end);
  if (end != buffer + length || !isfinite (value))
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
_lloyd_parse_double (const char *text,
                     gsize       length,
                     double     *out)
{
  const char *p = text, *end = text + length;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int n_significant = 0, n_digits = 0, exponent = 0;
  gboolean exact = TRUE;
  double plain;

  if (length > 0 && _lloyd_scan_plain_decimal (text, end, &plain) == length)
    {
      *out = plain;
      return TRUE;
    }
  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';
  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      n_digits++;
      if (mantissa == 0 && *p == '0')
        continue;
      if (n_significant < 19)
        mantissa = mantissa * 10 + (guint64) (*p - '0');
      else
        exact = FALSE;
      n_significant++;
    }
  if (p < end && *p == '.')
    {
      for (p++; p < end && g_ascii_isdigit (*p); p++)
        {
          n_digits++;
          if (mantissa == 0 && *p == '0')
            {
              exponent--;
              continue;
            }
          if (n_significant < 19)
            {
              mantissa = mantissa * 10 + (guint64) (*p - '0');
              exponent--;
            }
          else
            exact = FALSE;
          n_significant++;
        }
    }
  if (n_digits == 0)
    return FALSE;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      const char *exp_start = ++p;
      int exp_value = 0;
      gboolean exp_negative = FALSE;

      if (p < end && (*p == '-' || *p == '+'))
        exp_negative = *p++ == '-';
      if (p == end || !g_ascii_isdigit (*p))
        return FALSE;
      for (; p < end && g_ascii_isdigit (*p); p++)
        if (exp_value < 100000)
          exp_value = exp_value * 10 + (*p - '0');
      (void) exp_start;
      exponent += exp_negative ? -exp_value : exp_value;
    }
  if (p != end)
    return FALSE;

  if (mantissa == 0 && exact)
    {
      *out = negative ? -0.0 : 0.0;
      return TRUE;
    }
  /* Clinger's fast path: both operands exact, so one rounding. */
  if (exact && mantissa < ((guint64) 1 << 53) && exponent >= -22 && exponent <= 22)
    {
      double value = (double) mantissa;

      if (exponent < 0)
        value /= _lloyd_exact_powers_of_ten[-exponent];
      else
        value *= _lloyd_exact_powers_of_ten[exponent];
      *out = negative ? -value : value;
      return TRUE;
    }
  return parse_slow (text, length, out);
}

gboolean
_lloyd_is_missing (const char *text,
                   gsize       length)
{
  if (length == 0)
    return TRUE;
  /* The common case first: a digit starts no missing token. */
  if (g_ascii_isdigit (text[0]) || length > 4)
    return FALSE;
  if (length == 1)
    return text[0] == '?';
  if (length == 2)
    return text[0] == 'N' && text[1] == 'A';
  if (length == 3 && memcmp (text, "N/A", 3) == 0)
    return TRUE;
  if (length == 4 && (text[0] == '-' || text[0] == '+'))
    {
      text++;
      length--;
    }
  return length == 3 && g_ascii_strncasecmp (text, "nan", 3) == 0;
}
