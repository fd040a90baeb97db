/* test-dataset.c — loading real files: iris, digits and KDD Cup 1999 (against
 * ../shared/reference/kdd10_summary.json), options, gzip, threads and progress. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dataset.h"
#include "dataset-private.h"
#include "test-util.h"

static LloydDataset *
load_shared (const char             *relative,
             const LloydLoadOptions *options)
{
  g_autofree char *path = lloyd_test_shared_path (relative);
  g_autoptr (GError) error = NULL;
  LloydDataset *dataset;

  if (path == NULL)
    return NULL;
  dataset = lloyd_dataset_load (path, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

static void
test_iris (void)
{
  g_autoptr (LloydDataset) ds = load_shared ("data/iris.csv", NULL);
  double mean, std;

  if (ds == NULL)
    return;
  g_assert_cmpuint (ds->n_rows, ==, 150);
  g_assert_cmpuint (ds->n_columns, ==, 5);
  g_assert_true (ds->has_header);
  g_assert_cmpint (ds->delimiter, ==, ',');
  g_assert_cmpint (ds->format, ==, LLOYD_FORMAT_CSV);
  g_assert_cmpstr (ds->name, ==, "iris.csv");
  g_assert_cmpstr (ds->columns[0].name, ==, "sepal_length");
  for (int j = 0; j < 4; j++)
    g_assert_cmpint (ds->columns[j].kind, ==, LLOYD_COLUMN_NUMERIC);
  g_assert_cmpint (ds->label_column, ==, 4);
  g_assert_cmpint (ds->columns[4].kind, ==, LLOYD_COLUMN_LABEL);
  g_assert_cmpuint (ds->columns[4].levels->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (ds->columns[4].levels, 0), ==, "setosa");
  g_assert_cmpstr (lloyd_dataset_get_label (ds, 149), ==, "virginica");
  g_assert_cmpfloat (ds->columns[0].values[0], ==, 5.1);
  g_assert_cmpuint (lloyd_dataset_one_hot_dimension (ds), ==, 4);
  g_assert_cmpint (lloyd_dataset_find_column (ds, "petal_width"), ==, 3);
  g_assert_cmpint (lloyd_dataset_find_column (ds, "nope"), ==, -1);
  /* Known: sepal length mean 5.843333…, population std 0.825301… */
  g_assert_cmpuint (lloyd_dataset_column_stats (ds, 0, NULL, &mean, &std), ==, 150);
  lloyd_assert_cmpfloat_rel (mean, 876.5 / 150.0, 1e-12);
  lloyd_assert_cmpfloat_rel (std, 0.8253012917851409, 1e-12);
}

static void
test_digits (void)
{
  g_autoptr (LloydDataset) ds = load_shared ("data/digits.csv", NULL);

  if (ds == NULL)
    return;
  g_assert_cmpuint (ds->n_rows, ==, 1797);
  g_assert_cmpuint (ds->n_columns, ==, 65);
  g_assert_cmpstr (ds->columns[64].name, ==, "digit");
  /* "digit" is not one of the label names and is numeric: no label by default. */
  g_assert_cmpint (ds->label_column, ==, -1);
  for (int j = 0; j < 65; j++)
    g_assert_cmpint (ds->columns[j].kind, ==, LLOYD_COLUMN_NUMERIC);
}

static void
test_digits_label_option (void)
{
  LloydLoadOptions options;
  g_autoptr (LloydDataset) ds = NULL;

  lloyd_load_options_init (&options);
  options.label_column = "digit";
  ds = load_shared ("data/digits.csv", &options);
  if (ds == NULL)
    return;
  g_assert_cmpint (ds->label_column, ==, 64);
  g_assert_cmpint (ds->columns[64].kind, ==, LLOYD_COLUMN_LABEL);
  g_assert_cmpuint (ds->columns[64].levels->len, ==, 10);
  g_assert_cmpstr (lloyd_dataset_get_label (ds, 0), ==, "0");
  g_assert_cmpuint (lloyd_dataset_one_hot_dimension (ds), ==, 64);
}

static void
test_label_options (void)
{
  const char *text = "a,b,c\n1,x,2\n3,y,4\n";
  LloydLoadOptions options;
  g_autoptr (GError) error = NULL;
  LloydDataset *ds;

  lloyd_load_options_init (&options);
  ds = lloyd_dataset_parse (text, strlen (text), "t.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Last column numeric: no label; b is categorical. */
  g_assert_cmpint (ds->label_column, ==, -1);
  g_assert_cmpint (ds->columns[1].kind, ==, LLOYD_COLUMN_CATEGORICAL);
  lloyd_dataset_unref (ds);

  options.label_column = "1";
  ds = lloyd_dataset_parse (text, strlen (text), "t.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ds->label_column, ==, 1);
  lloyd_dataset_unref (ds);

  options.label_column = "none";
  ds = lloyd_dataset_parse ("p,q\n1,x\n", 8, "t.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ds->label_column, ==, -1);
  g_assert_cmpint (ds->columns[1].kind, ==, LLOYD_COLUMN_CATEGORICAL);
  lloyd_dataset_unref (ds);

  options.label_column = "zzz";
  ds = lloyd_dataset_parse (text, strlen (text), "t.csv", &options, NULL, NULL, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN);
  g_assert_nonnull (strstr (error->message, "zzz"));
  g_clear_error (&error);

  options.label_column = "7";
  ds = lloyd_dataset_parse (text, strlen (text), "t.csv", &options, NULL, NULL, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN);
  g_clear_error (&error);

  /* A header named like a label wins over the last column, case-insensitively. */
  options.label_column = NULL;
  ds = lloyd_dataset_parse ("Class,v,w\nA,1,z\nB,2,q\n", 22, "t.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ds->label_column, ==, 0);
  g_assert_cmpint (ds->columns[2].kind, ==, LLOYD_COLUMN_CATEGORICAL);
  lloyd_dataset_unref (ds);
}

static void
test_header_and_delimiter (void)
{
  struct
  {
    const char *text;
    char        delimiter;
    gboolean    header;
    gsize       rows, columns;
  } cases[] = {
    { "1;2;3\n4;5;6\n", ';', FALSE, 2, 3 },
    { "x\ty\n1\t2\n", '\t', TRUE, 1, 2 },
    { "  1 2   3\n4 5 6  \n", ' ', FALSE, 2, 3 },
    { "\xEF\xBB\xBFx,y\r\n1,2\r\n3,4\r\n", ',', TRUE, 2, 2 },
    { "x,y\r1,2\r3,4\r", ',', TRUE, 2, 2 },
    { "# comment\nx,y\n\n1,2\n# another\n3,4", ',', TRUE, 2, 2 },
    { "\"a\",\"b, c\"\n1,\"2\"\n", ',', TRUE, 1, 2 },
    { "v\n1\n2\n3\n", ',', TRUE, 3, 1 },
    { "red,1\nblue,2\nred,3\n", ',', FALSE, 3, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LloydDataset) ds = lloyd_dataset_parse (cases[i].text, strlen (cases[i].text),
                                                         "t.csv", NULL, NULL, NULL, NULL, &error);

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      g_assert_cmpint (ds->delimiter, ==, cases[i].delimiter);
      g_assert_cmpint (ds->has_header, ==, cases[i].header);
      g_assert_cmpuint (ds->n_rows, ==, cases[i].rows);
      g_assert_cmpuint (ds->n_columns, ==, cases[i].columns);
    }
}

static void
test_quotes_and_levels (void)
{
  const char *text = "name,v\n\"say \"\"hi\"\"\",1\n\"two\nlines\",2\nplain,3\n\"say \"\"hi\"\"\",4\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = lloyd_dataset_parse (text, strlen (text), "q.csv", NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_rows, ==, 4);
  /* The last column is numeric, so "name" is categorical, not the label. */
  g_assert_cmpint (ds->columns[0].kind, ==, LLOYD_COLUMN_CATEGORICAL);
  g_assert_cmpuint (ds->columns[0].levels->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (ds->columns[0].levels, 0), ==, "say \"hi\"");
  g_assert_cmpstr (g_ptr_array_index (ds->columns[0].levels, 1), ==, "two\nlines");
  g_assert_cmpuint (ds->columns[0].codes[3], ==, 0);
  g_assert_cmpfloat (ds->columns[1].values[3], ==, 4.0);
}

static void
test_header_override (void)
{
  LloydLoadOptions options;
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = NULL;

  lloyd_load_options_init (&options);
  options.header = LLOYD_HEADER_NO;
  options.delimiter = ',';
  ds = lloyd_dataset_parse ("x,y\n1,2\n", 8, "h.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (ds->has_header);
  g_assert_cmpuint (ds->n_rows, ==, 2);
  g_assert_cmpstr (ds->columns[0].name, ==, "column_1");
  /* "x" is text, so the column is categorical. */
  g_assert_cmpint (ds->columns[0].kind, ==, LLOYD_COLUMN_CATEGORICAL);
}

static void
test_drop_missing (void)
{
  const char *text = "a,b\n1,2\n?,3\n4,NA\n5,6\n,7\n";
  LloydLoadOptions options;
  g_autoptr (GError) error = NULL;
  LloydDataset *ds;

  ds = lloyd_dataset_parse (text, strlen (text), "m.csv", NULL, NULL, NULL, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_MISSING);
  g_assert_true (g_str_has_prefix (error->message, "m.csv:3:1: missing value in column “a”"));
  g_clear_error (&error);

  lloyd_load_options_init (&options);
  options.drop_missing = TRUE;
  ds = lloyd_dataset_parse (text, strlen (text), "m.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_rows, ==, 2);
  g_assert_cmpuint (ds->n_dropped, ==, 3);
  g_assert_cmpfloat (ds->columns[0].values[1], ==, 5.0);
  g_assert_cmpfloat (ds->columns[1].values[1], ==, 6.0);
  lloyd_dataset_unref (ds);
}

/* A column that is all numbers in some chunks and text in a later one: its
 * early numbers are read back as text, in order, whatever the thread count. */
static void
test_late_text (void)
{
  g_autoptr (GString) text = g_string_new ("a,b,c\n");
  const gsize n = 200000;

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (text, "%" G_GSIZE_FORMAT ",%s,%" G_GSIZE_FORMAT "\n", i,
                            i == n - 1 ? "late" : i % 2 ? "1.50" : "2", i % 7);
  for (guint threads = 1; threads <= 4; threads += 3)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LloydDataset) ds = NULL;
      LloydLoadOptions options;
      const LloydColumn *b;

      lloyd_load_options_init (&options);
      options.n_threads = threads;
      ds = lloyd_dataset_parse (text->str, text->len, "late.csv", &options, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ds->n_rows, ==, n);
      b = &ds->columns[1];
      g_assert_cmpint (b->kind, ==, LLOYD_COLUMN_CATEGORICAL);
      g_assert_cmpuint (b->levels->len, ==, 3);
      /* The text as written, not a reformatted number. */
      g_assert_cmpstr (g_ptr_array_index (b->levels, 0), ==, "2");
      g_assert_cmpstr (g_ptr_array_index (b->levels, 1), ==, "1.50");
      g_assert_cmpstr (g_ptr_array_index (b->levels, 2), ==, "late");
      g_assert_cmpuint (b->codes[n / 2 + 1], ==, 1);
      g_assert_cmpuint (b->codes[n - 1], ==, 2);
      g_assert_cmpint (ds->columns[2].kind, ==, LLOYD_COLUMN_NUMERIC);
      g_assert_cmpfloat (ds->columns[2].values[n - 1], ==, (n - 1) % 7);
      g_assert_cmpfloat (ds->columns[0].values[123456], ==, 123456.0);
    }
}

/* A constant column has exactly its value as mean and deviation 0, whatever the
 * rounding of its sum (3 × 1.4 is 4.199999999999999). */
static void
test_stats_constant (void)
{
  const char *text = "a,b\n1.4,1\n1.4,2\n1.4,3\n0.1,4\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = lloyd_dataset_parse (text, strlen (text), "c.csv", NULL, NULL, NULL, NULL, &error);
  const gboolean first_three[] = { TRUE, TRUE, TRUE, FALSE };
  double mean, std;

  g_assert_no_error (error);
  lloyd_dataset_column_stats (ds, 0, first_three, &mean, &std);
  g_assert_cmpfloat (mean, ==, 1.4);
  g_assert_cmpfloat (std, ==, 0.0);
  lloyd_dataset_column_stats (ds, 0, NULL, &mean, &std);
  lloyd_assert_cmpfloat_rel (mean, 4.3 / 4, 1e-15);
  g_assert_cmpfloat (std, >, 0.0);
}

/* Values near the largest double overflow naive sums, and above ~1e154 the
 * squares overflow: statistics stay finite and exact to rounding. */
static void
test_stats_extreme (void)
{
  const char *text = "a,b,c\n1e308,1,1e308\n1.7e308,2,1.5e308\n-1.7e308,3,1.25e308\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = lloyd_dataset_parse (text, strlen (text), "big.csv", NULL, NULL, NULL, NULL, &error);
  double mean, std;

  g_assert_no_error (error);
  lloyd_dataset_column_stats (ds, 0, NULL, &mean, &std);
  lloyd_assert_cmpfloat_rel (mean, 1e308 / 3.0, 1e-12);
  g_assert_true (isfinite (std));
  g_assert_cmpfloat (std, >, 1e308);
  /* [1e308, 1.5e308, 1.25e308]: the sum overflows. */
  lloyd_dataset_column_stats (ds, 2, NULL, &mean, &std);
  lloyd_assert_cmpfloat_rel (mean, 1.25e308, 1e-15);
  lloyd_assert_cmpfloat_rel (std, sqrt (1.0 / 24.0) * 1e308, 1e-15);
}

/* 1e200 · [1, 3]: the sum fits, the squares do not. */
static void
test_stats_squares_overflow (void)
{
  const double values[] = { 1e200, 3e200 };
  double mean, std;

  _lloyd_stats (values, 2, NULL, &mean, &std);
  lloyd_assert_cmpfloat_rel (mean, 2e200, 1e-15);
  lloyd_assert_cmpfloat_rel (std, 1e200, 1e-15);
}

static void
check_kdd (LloydDataset *ds,
           JsonObject   *ref)
{
  g_autoptr (GArray) means = lloyd_test_json_doubles (ref, "numeric_means");
  g_autoptr (GArray) stds = lloyd_test_json_doubles (ref, "numeric_std_ddof0");
  JsonArray *zero = json_object_get_array_member (ref, "zero_std_columns");
  JsonObject *distinct = json_object_get_object_member (ref, "categorical_distinct");
  JsonObject *label_counts = json_object_get_object_member (ref, "label_counts");
  g_autofree gsize *counts = NULL;
  gsize k = 0, n_zero = 0;
  const LloydColumn *label;

  g_assert_cmpint (ds->format, ==, LLOYD_FORMAT_KDD99);
  g_assert_cmpuint (ds->n_rows, ==, json_object_get_int_member (ref, "rows"));
  g_assert_cmpuint (ds->n_columns, ==, 42);
  g_assert_cmpuint (lloyd_dataset_one_hot_dimension (ds), ==, json_object_get_int_member (ref, "one_hot_dimension"));
  g_assert_cmpstr (ds->columns[0].name, ==, "duration");
  g_assert_cmpstr (ds->columns[40].name, ==, "dst_host_srv_rerror_rate");
  g_assert_cmpint (ds->label_column, ==, 41);
  g_assert_cmpstr (ds->columns[41].name, ==, "label");
  for (gsize j = 0; j < ds->n_columns; j++)
    {
      const LloydColumn *column = &ds->columns[j];
      double mean, std;

      if (column->kind != LLOYD_COLUMN_NUMERIC)
        {
          if (j != 41)
            g_assert_cmpuint (column->levels->len, ==, json_object_get_int_member (distinct, column->name));
          continue;
        }
      lloyd_dataset_column_stats (ds, j, NULL, &mean, &std);
      g_assert_cmpfloat (fabs (mean - g_array_index (means, double, k)), <=,
                         1e-9 * fabs (g_array_index (means, double, k)));
      g_assert_cmpfloat (fabs (std - g_array_index (stds, double, k)), <=,
                         1e-9 * fabs (g_array_index (stds, double, k)));
      if (std == 0.0)
        {
          g_assert_cmpint (json_array_get_int_element (zero, n_zero), ==, k);
          n_zero++;
        }
      k++;
    }
  g_assert_cmpuint (k, ==, json_object_get_int_member (ref, "numeric_columns"));
  g_assert_cmpuint (n_zero, ==, json_array_get_length (zero));

  label = &ds->columns[41];
  g_assert_cmpuint (label->levels->len, ==, json_object_get_size (label_counts));
  counts = g_new0 (gsize, label->levels->len);
  for (gsize i = 0; i < ds->n_rows; i++)
    counts[label->codes[i]]++;
  for (guint l = 0; l < label->levels->len; l++)
    g_assert_cmpuint (counts[l], ==,
                      json_object_get_int_member (label_counts, g_ptr_array_index (label->levels, l)));
  /* First appearance: the file starts with normal connections. */
  g_assert_cmpstr (g_ptr_array_index (label->levels, 0), ==, "normal.");
}

static void
count_progress (double      fraction,
                const char *what,
                gpointer    user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  g_assert_cmpfloat (fraction, >=, *last - 1e-12);
  *last = fraction;
}

static void
test_kdd10 (void)
{
  g_autoptr (JsonNode) ref = lloyd_test_load_reference ("kdd10_summary.json");
  g_autofree char *path = lloyd_test_shared_path ("data/kddcup.data_10_percent.gz");
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = NULL;
  double last = 0.0;

  if (ref == NULL || path == NULL)
    return;
  ds = lloyd_dataset_load (path, NULL, count_progress, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  check_kdd (ds, json_node_get_object (ref));
}

/* One thread and many threads give the same table, including level order. */
static void
test_kdd10_threads (void)
{
  g_autofree char *path = lloyd_test_shared_path ("data/kddcup.data_10_percent.gz");
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) one = NULL;
  g_autoptr (LloydDataset) many = NULL;
  LloydLoadOptions options;

  if (path == NULL)
    return;
  lloyd_load_options_init (&options);
  options.n_threads = 1;
  one = lloyd_dataset_load (path, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  options.n_threads = 7;
  many = lloyd_dataset_load (path, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->n_rows, ==, many->n_rows);
  for (gsize j = 0; j < one->n_columns; j++)
    {
      const LloydColumn *a = &one->columns[j], *b = &many->columns[j];

      g_assert_cmpint (a->kind, ==, b->kind);
      if (a->kind == LLOYD_COLUMN_NUMERIC)
        g_assert_cmpmem (a->values, one->n_rows * sizeof (double), b->values, many->n_rows * sizeof (double));
      else
        {
          g_assert_cmpuint (a->levels->len, ==, b->levels->len);
          for (guint l = 0; l < a->levels->len; l++)
            g_assert_cmpstr (g_ptr_array_index (a->levels, l), ==, g_ptr_array_index (b->levels, l));
          g_assert_cmpmem (a->codes, one->n_rows * sizeof (guint32), b->codes, many->n_rows * sizeof (guint32));
        }
    }
}

static void
test_cancel (void)
{
  g_autofree char *path = lloyd_test_shared_path ("data/kddcup.data_10_percent.gz");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  LloydDataset *ds;

  if (path == NULL)
    return;
  g_cancellable_cancel (cancellable);
  ds = lloyd_dataset_load (path, NULL, NULL, NULL, cancellable, &error);
  g_assert_null (ds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
cancel_from_progress (double      fraction,
                      const char *what,
                      gpointer    user_data)
{
  g_cancellable_cancel (user_data);
}

/* Cancelled while parsing, from the progress callback as an app's Stop would. */
static void
test_cancel_while_parsing (void)
{
  g_autoptr (GString) text = g_string_new ("a,b\n");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  LloydDataset *ds;

  for (int i = 0; i < 400000; i++)
    g_string_append (text, "1.25,abc\n");
  ds = lloyd_dataset_parse (text->str, text->len, "big.csv", NULL, cancel_from_progress, cancellable,
                            cancellable, &error);
  g_assert_null (ds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* save_csv then load gives the same table: exact numbers, awkward text quoted. */
static void
test_save_roundtrip (void)
{
  const char *text = "x,name,z\n0.1,\"a, \"\"b\"\"\",1e-300\n-2.5e10,\"# not a comment\",3\n"
                     "3.14159265358979,\" padded \",-0\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = lloyd_dataset_parse (text, strlen (text), "s.csv", NULL, NULL, NULL, NULL, &error);
  g_autoptr (LloydDataset) back = NULL;
  g_autofree char *path = lloyd_test_temp_file ("s.csv", "", 0);

  g_assert_no_error (error);
  g_assert_true (lloyd_dataset_save_csv (ds, path, &error));
  g_assert_no_error (error);
  back = lloyd_dataset_load (path, NULL, NULL, NULL, NULL, &error);
  lloyd_test_remove_temp (path);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n_rows, ==, 3);
  g_assert_cmpuint (back->n_columns, ==, 3);
  for (gsize j = 0; j < 3; j++)
    {
      g_assert_cmpstr (back->columns[j].name, ==, ds->columns[j].name);
      g_assert_cmpint (back->columns[j].kind, ==, ds->columns[j].kind);
    }
  g_assert_cmpmem (back->columns[0].values, 3 * sizeof (double), ds->columns[0].values, 3 * sizeof (double));
  g_assert_cmpmem (back->columns[2].values, 3 * sizeof (double), ds->columns[2].values, 3 * sizeof (double));
  for (guint l = 0; l < 3; l++)
    g_assert_cmpstr (g_ptr_array_index (back->columns[1].levels, l), ==, g_ptr_array_index (ds->columns[1].levels, l));
  g_assert_cmpstr (g_ptr_array_index (back->columns[1].levels, 0), ==, "a, \"b\"");
}

static void
test_bundled_sample (void)
{
  g_autofree char *path = lloyd_test_source_path ("data/datasets/kddcup-sample.csv.gz");
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = NULL;

  if (path == NULL)
    return;
  ds = lloyd_dataset_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ds->format, ==, LLOYD_FORMAT_KDD99);
  g_assert_cmpint (ds->label_column, ==, 41);
  g_assert_cmpuint (ds->columns[41].levels->len, ==, 23);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dataset/iris", test_iris);
  g_test_add_func ("/dataset/digits", test_digits);
  g_test_add_func ("/dataset/digits/label-option", test_digits_label_option);
  g_test_add_func ("/dataset/label/options", test_label_options);
  g_test_add_func ("/dataset/sniff", test_header_and_delimiter);
  g_test_add_func ("/dataset/quotes", test_quotes_and_levels);
  g_test_add_func ("/dataset/header/override", test_header_override);
  g_test_add_func ("/dataset/missing/drop", test_drop_missing);
  g_test_add_func ("/dataset/late-text", test_late_text);
  g_test_add_func ("/dataset/stats/extreme", test_stats_extreme);
  g_test_add_func ("/dataset/stats/squares-overflow", test_stats_squares_overflow);
  g_test_add_func ("/dataset/stats/constant", test_stats_constant);
  g_test_add_func ("/dataset/kdd10/reference", test_kdd10);
  g_test_add_func ("/dataset/kdd10/threads", test_kdd10_threads);
  g_test_add_func ("/dataset/cancel", test_cancel);
  g_test_add_func ("/dataset/cancel/while-parsing", test_cancel_while_parsing);
  g_test_add_func ("/dataset/save/roundtrip", test_save_roundtrip);
  g_test_add_func ("/dataset/kdd-sample", test_bundled_sample);
  return g_test_run ();
}
