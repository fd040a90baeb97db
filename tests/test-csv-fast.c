/* test-csv-fast.c — the parser's fast paths give what the general ones give:
 * plain decimals bit for bit as strtod, records read in one pass across two
 * chunks (line ends of every kind, quoted line breaks, a column turning to text
 * late, dropped rows), and gzip through libdeflate as through zlib. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "dataset.h"
#include "dataset-private.h"
#include "number.h"
#include "rng.h"
#include "test-util.h"

static void
assert_same_double (double a,
                    double b)
{
  g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
}

static void
test_plain_decimal (void)
{
  static const char *const refused[] = {
    "", "-", ".", "-.", "+1", "1e5", "12345678901234567890", "9007199254740993",
    "0.12345678901234567890123", " 1", "x",
  };
  LloydRng rng;

  lloyd_rng_init (&rng, 3);
  for (guint t = 0; t < 200000; t++)
    {
      char text[32];
      gsize n = 0, n_digits = 1 + lloyd_rng_below (&rng, 19);
      gsize dot = lloyd_rng_below (&rng, n_digits + 2);
      double want, got = 0.0, scanned = 0.0;

      if (lloyd_rng_below (&rng, 2))
        text[n++] = '-';
      for (gsize i = 0; i < n_digits; i++)
        {
          if (i == dot)
            text[n++] = '.';
          text[n++] = (char) ('0' + lloyd_rng_below (&rng, 10));
        }
      text[n] = '\0';
      want = g_ascii_strtod (text, NULL);
      g_assert_true (_lloyd_parse_double (text, n, &got));
      assert_same_double (got, want);
      /* The scan stops at the first byte that is not part of the number. */
      text[n] = ',';
      if (_lloyd_scan_plain_decimal (text, text + n + 1, &scanned) != 0)
        {
          g_assert_cmpuint (_lloyd_scan_plain_decimal (text, text + n + 1, &scanned), ==, n);
          assert_same_double (scanned, want);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      double unused;
      gsize length = strlen (refused[i]);
      gsize n = _lloyd_scan_plain_decimal (refused[i], refused[i] + length, &unused);

      /* Nothing, or less than the whole token (which the general parser then reads). */
      g_assert_true (n == 0 || n < length);
    }
}

/* A file of about 3 MB (two chunks on two threads) whose tokens the test keeps,
 * so each parsed value can be checked against strtod. */
typedef struct
{
  GString   *text;
  GPtrArray *tokens;   /* per row: 3 numeric tokens, then the text column */
  gsize      n_rows;
} Generated;

static void
generate (Generated  *g,
          const char *line_end,
          gboolean    with_odd_rows)
{
  static const char *const labels[] = { "normal.", "smurf.", "neptune." };
  LloydRng rng;

  lloyd_rng_init (&rng, 5);
  g->text = g_string_new ("a,b,c,label");
  g_string_append (g->text, line_end);
  g->tokens = g_ptr_array_new_with_free_func (g_free);
  g->n_rows = 0;
  while (g->text->len < 3000000)
    {
      char *a = g_strdup_printf ("%.*f", (int) lloyd_rng_below (&rng, 7),
                                 lloyd_rng_uniform (&rng) * 2000.0 - 1000.0);
      char *b = g_strdup_printf ("%u", (guint) lloyd_rng_below (&rng, 100000));
      char *c = g_strdup_printf ("%.17g", lloyd_rng_uniform (&rng) * 1e-3);
      const char *label = labels[lloyd_rng_below (&rng, 3)];

      if (with_odd_rows && g->n_rows % 997 == 5)
        g_string_append_printf (g->text, "%s# a comment line", line_end);
      if (with_odd_rows && g->n_rows % 1009 == 7)
        g_string_append_printf (g->text, "%s%s", line_end, line_end);
      if (with_odd_rows && g->n_rows % 1013 == 9)
        {
          /* Empty (dropped), quoted with a line break: the general path, and
           * one line more than records. */
          g_string_append_printf (g->text, "%s,%s,%s,\"two%slines\"", line_end, b, c, line_end);
          g_free (a);
          a = g_strdup ("");
          label = NULL;
        }
      else
        g_string_append_printf (g->text, "%s%s,%s,%s,%s", g->n_rows == 0 ? "" : line_end, a, b, c, label);
      g_ptr_array_add (g->tokens, a);
      g_ptr_array_add (g->tokens, b);
      g_ptr_array_add (g->tokens, c);
      g_ptr_array_add (g->tokens, g_strdup (label != NULL ? label : "two\nlines"));
      g->n_rows++;
    }
  g_string_append (g->text, line_end);
}

static LloydDataset *
parse (const Generated *g,
       guint            n_threads,
       gboolean         drop_missing)
{
  LloydLoadOptions options;
  g_autoptr (GError) error = NULL;
  LloydDataset *dataset;

  lloyd_load_options_init (&options);
  options.n_threads = n_threads;
  options.drop_missing = drop_missing;
  options.label_column = "none";
  dataset = lloyd_dataset_parse (g->text->str, g->text->len, "generated.csv", &options, NULL,
                                 NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

static void
check_generated (const char *line_end,
                 gboolean    with_odd_rows)
{
  Generated g;
  g_autoptr (LloydDataset) one = NULL;
  g_autoptr (LloydDataset) two = NULL;
  gsize r = 0;

  generate (&g, line_end, with_odd_rows);
  two = parse (&g, 2, with_odd_rows);
  one = parse (&g, 1, with_odd_rows);
  /* The rows with an empty (missing) field are dropped. */
  for (gsize i = 0; i < g.n_rows; i++)
    {
      const char *const *tokens = (const char *const *) g.tokens->pdata + 4 * i;
      LloydColumn *label = &two->columns[3];

      if (tokens[0][0] == '\0')
        continue;
      g_assert_cmpuint (r, <, two->n_rows);
      for (guint j = 0; j < 3; j++)
        {
          assert_same_double (two->columns[j].values[r], g_ascii_strtod (tokens[j], NULL));
          assert_same_double (one->columns[j].values[r], two->columns[j].values[r]);
        }
      g_assert_cmpstr (g_ptr_array_index (label->levels, label->codes[r]), ==, tokens[3]);
      g_assert_cmpuint (one->columns[3].codes[r], ==, label->codes[r]);
      r++;
    }
  g_assert_cmpuint (r, ==, two->n_rows);
  g_assert_cmpuint (one->n_rows, ==, two->n_rows);
  g_assert_cmpuint (two->n_dropped, ==, g.n_rows - r);
  if (with_odd_rows)
    g_assert_cmpuint (two->n_dropped, >, 0);
  g_ptr_array_unref (g.tokens);
  g_string_free (g.text, TRUE);
}

static void
test_chunks (void)
{
  check_generated ("\n", FALSE);
  check_generated ("\n", TRUE);
  check_generated ("\r\n", TRUE);
  check_generated ("\r", TRUE);
}

/* Column b holds numbers up to a row in the second chunk, then a word: the
 * column becomes text and the first chunk's numbers come back as their text. */
static void
test_late_text (void)
{
  g_autoptr (GString) text = g_string_new ("a,b\n");
  g_autoptr (LloydDataset) dataset = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *last = NULL;
  LloydLoadOptions options;
  gsize n_rows = 0, late = 0;

  while (text->len < 3000000)
    {
      if (late == 0 && text->len > 2500000)
        {
          late = n_rows;
          g_string_append_printf (text, "%" G_GSIZE_FORMAT ",word\n", n_rows);
        }
      else
        g_string_append_printf (text, "%" G_GSIZE_FORMAT ",%" G_GSIZE_FORMAT ".5\n", n_rows, n_rows % 7);
      n_rows++;
    }
  lloyd_load_options_init (&options);
  options.n_threads = 2;
  options.label_column = "none";
  dataset = lloyd_dataset_parse (text->str, text->len, "late.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->n_rows, ==, n_rows);
  g_assert_cmpint (dataset->columns[0].kind, ==, LLOYD_COLUMN_NUMERIC);
  g_assert_cmpfloat (dataset->columns[0].values[n_rows - 1], ==, (double) (n_rows - 1));
  g_assert_cmpint (dataset->columns[1].kind, ==, LLOYD_COLUMN_CATEGORICAL);
  g_assert_cmpuint (dataset->columns[1].levels->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (dataset->columns[1].levels, 0), ==, "0.5");
  g_assert_cmpstr (g_ptr_array_index (dataset->columns[1].levels, dataset->columns[1].codes[late]),
                   ==, "word");
  last = g_strdup_printf ("%" G_GSIZE_FORMAT ".5", (n_rows - 1) % 7);
  g_assert_cmpstr (g_ptr_array_index (dataset->columns[1].levels, dataset->columns[1].codes[n_rows - 1]),
                   ==, last);
}

static GBytes *
gzip (const char *text,
      gsize       length)
{
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr (GError) error = NULL;

  g_assert_true (g_output_stream_write_all (out, text, length, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* One member goes through libdeflate; two members, a truncated or a corrupt one
 * are left to zlib (NULL), which reads the concatenation the same. */
static void
test_gunzip (void)
{
  const char *text = "1,x\n2.5,y\n";
  g_autoptr (GBytes) member = gzip (text, strlen (text));
  gsize size = 0, length = 0;
  const char *bytes = g_bytes_get_data (member, &size);
  g_autofree char *plain = _lloyd_gunzip (bytes, size, &length);
  g_autofree char *twice = g_malloc (2 * size);
  g_autofree char *corrupt = g_memdup2 (bytes, size);
  g_autofree char *path = NULL;
  g_autoptr (LloydDataset) dataset = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (plain);
  g_assert_cmpmem (plain, length, text, strlen (text));
  memcpy (twice, bytes, size);
  memcpy (twice + size, bytes, size);
  g_assert_null (_lloyd_gunzip (twice, 2 * size, &length));
  g_assert_null (_lloyd_gunzip (bytes, size - 1, &length));
  corrupt[size - 8] ^= 1;  /* the CRC */
  g_assert_null (_lloyd_gunzip (corrupt, size, &length));

  path = lloyd_test_temp_file ("twice.csv.gz", twice, 2 * size);
  dataset = lloyd_dataset_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->n_rows, ==, 4);
  g_assert_cmpfloat (dataset->columns[0].values[3], ==, 2.5);
  lloyd_test_remove_temp (path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/number/plain-decimal", test_plain_decimal);
  g_test_add_func ("/csv/fast/chunks", test_chunks);
  g_test_add_func ("/csv/fast/late-text", test_late_text);
  g_test_add_func ("/csv/gzip/libdeflate", test_gunzip);
  return g_test_run ();
}
