/* fuzz-infer.c — type inference on arbitrary fields. The number parser (number.h)
 * must accept exactly the plain decimal grammar, with g_ascii_strtod's value to the
 * last bit, and never a missing-value token. Then the input's lines, as quoted
 * fields of one CSV column, must make that column numeric exactly when every field
 * is a number (a field with "" escapes never is), with those values; otherwise
 * categorical, with the fields as levels in order of first appearance. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dataset.h"
#include "fuzz.h"
#include "number.h"

/* [+-]? digits [. digits?]? | [+-]? . digits — then optionally [eE] [+-]? digits. */
static gboolean
is_plain_decimal (const char *s,
                  gsize       n)
{
  gsize i = 0, mantissa_digits = 0;

  if (i < n && (s[i] == '+' || s[i] == '-'))
    i++;
  for (; i < n && g_ascii_isdigit (s[i]); i++)
    mantissa_digits++;
  if (i < n && s[i] == '.')
    for (i++; i < n && g_ascii_isdigit (s[i]); i++)
      mantissa_digits++;
  if (mantissa_digits == 0)
    return FALSE;
  if (i < n && (s[i] == 'e' || s[i] == 'E'))
    {
      gsize exponent_digits = 0;

      i++;
      if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
      for (; i < n && g_ascii_isdigit (s[i]); i++)
        exponent_digits++;
      if (exponent_digits == 0)
        return FALSE;
    }
  return i == n;
}

static gboolean
is_documented_missing (const char *s,
                       gsize       n)
{
  if (n > 0 && (s[0] == '+' || s[0] == '-') && n - 1 == 3 && g_ascii_strncasecmp (s + 1, "nan", 3) == 0)
    return TRUE;
  return n == 0
         || (n == 1 && s[0] == '?')
         || (n == 2 && memcmp (s, "NA", 2) == 0)
         || (n == 3 && memcmp (s, "N/A", 3) == 0)
         || (n == 3 && g_ascii_strncasecmp (s, "nan", 3) == 0);
}

static void
check_token (const char *token,
             gsize       n)
{
  g_autofree char *copy = g_strndup (token, n);
  gboolean grammar = is_plain_decimal (token, n);
  gboolean parsed;
  double value = NAN;

  parsed = _lloyd_parse_double (token, n, &value);
  if (_lloyd_is_missing (token, n))
    g_assert_false (parsed);
  if (is_documented_missing (token, n))
    g_assert_true (_lloyd_is_missing (token, n));

  if (grammar)
    {
      char *end = NULL;
      double expected;

      g_assert_true (memchr (token, '\0', n) == NULL);
      expected = g_ascii_strtod (copy, &end);
      g_assert_true (end == copy + n);
      g_assert_cmpint (parsed, ==, isfinite (expected));
      if (parsed)
        g_assert_true (memcmp (&value, &expected, sizeof value) == 0);
    }
  else
    g_assert_false (parsed);
}

/* Writes @tokens as the quoted second column of a CSV with a row number first. */
static GString *
tokens_to_csv (GPtrArray *tokens)
{
  GString *csv = g_string_new ("i,v\n");

  for (guint r = 0; r < tokens->len; r++)
    {
      const char *token = g_ptr_array_index (tokens, r);

      g_string_append_printf (csv, "%u,", r);
      lloyd_fuzz_append_csv_field (csv, token);
      g_string_append_c (csv, '\n');
    }
  return csv;
}

static void
check_column_kind (GPtrArray *tokens)
{
  g_autoptr (GString) csv = tokens_to_csv (tokens);
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) dataset = NULL;
  LloydLoadOptions options;
  gboolean numeric = TRUE;
  int first_missing = -1;
  /* Line of the first missing value: a CR inside a quoted field ends a line too. */
  guint missing_line = 2;
  const LloydColumn *column;

  for (guint r = 0; r < tokens->len; r++)
    {
      const char *token = g_ptr_array_index (tokens, r);
      double unused;

      if (first_missing < 0 && _lloyd_is_missing (token, strlen (token)))
        first_missing = (int) r;
      if (first_missing < 0)
        {
          missing_line++;
          for (const char *p = token; *p != '\0'; p++)
            missing_line += *p == '\r';
        }
      if (strchr (token, '"') != NULL || !_lloyd_parse_double (token, strlen (token), &unused))
        numeric = FALSE;
    }

  lloyd_load_options_init (&options);
  options.header = LLOYD_HEADER_YES;
  options.label_column = "none";
  options.delimiter = ',';
  options.n_threads = 1;
  dataset = lloyd_dataset_parse (csv->str, csv->len, "infer.csv", &options, NULL, NULL, NULL, &error);
  if (first_missing >= 0)
    {
      g_autofree char *where = g_strdup_printf ("infer.csv:%u:", missing_line);

      g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_MISSING);
      g_assert_true (g_str_has_prefix (error->message, where));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->n_rows, ==, tokens->len);
  g_assert_cmpuint (dataset->n_columns, ==, 2);
  column = &dataset->columns[1];
  g_assert_cmpstr (column->name, ==, "v");
  if (numeric)
    {
      g_assert_cmpint (column->kind, ==, LLOYD_COLUMN_NUMERIC);
      for (guint r = 0; r < tokens->len; r++)
        {
          const char *token = g_ptr_array_index (tokens, r);
          double expected = 0.0;

          g_assert_true (_lloyd_parse_double (token, strlen (token), &expected));
          g_assert_true (memcmp (&column->values[r], &expected, sizeof expected) == 0);
        }
    }
  else
    {
      g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_cmpint (column->kind, ==, LLOYD_COLUMN_CATEGORICAL);
      for (guint r = 0; r < tokens->len; r++)
        {
          const char *token = g_ptr_array_index (tokens, r);
          gpointer code;

          if (!g_hash_table_lookup_extended (codes, token, NULL, &code))
            {
              code = GUINT_TO_POINTER (g_hash_table_size (codes));
              g_hash_table_insert (codes, (gpointer) token, code);
            }
          g_assert_cmpuint (column->codes[r], ==, GPOINTER_TO_UINT (code));
          g_assert_cmpstr (g_ptr_array_index (column->levels, column->codes[r]), ==, token);
        }
      g_assert_cmpuint (column->levels->len, ==, g_hash_table_size (codes));
    }
}

int
lloyd_fuzz_infer (const uint8_t *data,
                  size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  /* The whole input as one field, then each line as a field. */
  check_token (text, size);
  for (gsize i = 0; i <= size; i++)
    if (i == size || text[i] == '\n')
      {
        const char *line = text + start;
        gsize n = i - start;

        if (n < size)
          check_token (line, n);
        /* Only what the CSV reader accepts as text goes into the column check. */
        if (g_utf8_validate_len (line, n, NULL))
          g_ptr_array_add (tokens, g_strndup (line, n));
        start = i + 1;
      }
  if (tokens->len > 0)
    check_column_kind (tokens);
  return 0;
}

LLOYD_FUZZ_TARGET (lloyd_fuzz_infer)
