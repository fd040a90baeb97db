/* test-csv-bad.c — hostile input: the table-driven corpus in tests/data/bad
 * (listed with its expected outcome in tests/data/bad/EXPECTED) and the cases too
 * big or too odd to commit, built at run time: a 10 MB line, 100,000 columns,
 * 1,000,000 distinct values, a directory, a FIFO, an unreadable file and a file
 * that changes while it is read. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset.h"
#include "test-util.h"

static const struct
{
  const char *name;
  int         code;
} error_codes[] = {
  { "IO", LLOYD_DATASET_ERROR_IO },
  { "EMPTY", LLOYD_DATASET_ERROR_EMPTY },
  { "PARSE", LLOYD_DATASET_ERROR_PARSE },
  { "MISSING", LLOYD_DATASET_ERROR_MISSING },
  { "COMPRESSED", LLOYD_DATASET_ERROR_COMPRESSED },
  { "COLUMN", LLOYD_DATASET_ERROR_COLUMN },
  { "TOO_LARGE", LLOYD_DATASET_ERROR_TOO_LARGE },
};

static char
kind_letter (LloydColumnKind kind)
{
  return kind == LLOYD_COLUMN_NUMERIC ? 'n' : kind == LLOYD_COLUMN_CATEGORICAL ? 'c' : 'l';
}

static void
check_ok (const LloydDataset *ds,
          const char         *detail)
{
  g_auto (GStrv) checks = g_strsplit (detail, " ", -1);

  for (guint i = 0; checks[i] != NULL; i++)
    {
      const char *check = checks[i];
      const char *value = strchr (check, '=');

      g_assert_nonnull (value);
      value++;
      if (g_str_has_prefix (check, "rows="))
        g_assert_cmpuint (ds->n_rows, ==, g_ascii_strtoull (value, NULL, 10));
      else if (g_str_has_prefix (check, "columns="))
        g_assert_cmpuint (ds->n_columns, ==, g_ascii_strtoull (value, NULL, 10));
      else if (g_str_has_prefix (check, "delimiter="))
        {
          char d = strcmp (value, "tab") == 0 ? '\t' : strcmp (value, "space") == 0 ? ' ' : value[0];
          g_assert_cmpint (ds->delimiter, ==, d);
        }
      else if (g_str_has_prefix (check, "header="))
        g_assert_cmpint (ds->has_header, ==, strcmp (value, "yes") == 0);
      else if (g_str_has_prefix (check, "kinds="))
        {
          g_autofree char *kinds = g_new0 (char, ds->n_columns + 1);

          for (gsize j = 0; j < ds->n_columns; j++)
            kinds[j] = kind_letter (ds->columns[j].kind);
          g_assert_cmpstr (kinds, ==, value);
        }
      else if (g_str_has_prefix (check, "names="))
        {
          g_autoptr (GString) names = g_string_new (NULL);

          for (gsize j = 0; j < ds->n_columns; j++)
            g_string_append_printf (names, "%s%s", j > 0 ? "|" : "", ds->columns[j].name);
          g_assert_cmpstr (names->str, ==, value);
        }
      else if (g_str_has_prefix (check, "label="))
        g_assert_cmpstr (ds->label_column >= 0 ? ds->columns[ds->label_column].name : "none", ==, value);
      else
        g_assert_not_reached ();
    }
}

static void
test_corpus (void)
{
  g_autofree char *dir = lloyd_test_source_path ("tests/data/bad");
  g_autofree char *index_path = NULL;
  g_autofree char *index = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  guint n_cases = 0;

  if (dir == NULL)
    return;
  index_path = g_build_filename (dir, "EXPECTED", NULL);
  g_file_get_contents (index_path, &index, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (index, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = NULL;
      g_autofree char *path = NULL;
      g_autoptr (GError) load_error = NULL;
      g_autoptr (LloydDataset) ds = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 3);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      path = g_build_filename (dir, fields[0], NULL);
      g_test_message ("%s: expecting %s %s", fields[0], fields[1], fields[2]);
      ds = lloyd_dataset_load (path, NULL, NULL, NULL, NULL, &load_error);
      if (strcmp (fields[1], "ok") == 0)
        {
          g_assert_no_error (load_error);
          check_ok (ds, fields[2]);
        }
      else
        {
          int code = -1;

          for (guint k = 0; k < G_N_ELEMENTS (error_codes); k++)
            if (strcmp (fields[1], error_codes[k].name) == 0)
              code = error_codes[k].code;
          g_assert_cmpint (code, >=, 0);
          g_assert_null (ds);
          g_test_message ("  got: %s", load_error != NULL ? load_error->message : "(no error)");
          g_assert_error (load_error, LLOYD_DATASET_ERROR, code);
          g_assert_nonnull (strstr (load_error->message, fields[2]));
        }
      n_cases++;
    }
  g_assert_cmpuint (n_cases, >=, 40);
}

/* A 10 MB line: one data row whose text field is 10 MB. Accepted. */
static void
test_long_line (void)
{
  g_autoptr (GString) text = g_string_new ("id,blob,v\n1,");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = NULL;

  for (int i = 0; i < 10 * 1024 * 1024 / 8; i++)
    g_string_append (text, "abcdefgh");
  g_string_append (text, ",3\n");
  path = lloyd_test_temp_file ("long.csv", text->str, text->len);
  ds = lloyd_dataset_load (path, NULL, NULL, NULL, NULL, &error);
  lloyd_test_remove_temp (path);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_rows, ==, 1);
  g_assert_cmpint (ds->columns[1].kind, ==, LLOYD_COLUMN_CATEGORICAL);
  g_assert_cmpuint (strlen (g_ptr_array_index (ds->columns[1].levels, 0)), ==, 10 * 1024 * 1024);
}

/* 100,000 columns, and a ragged row at the end of such a file. */
static void
test_wide (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  LloydDataset *ds;

  for (int row = 0; row < 3; row++)
    {
      for (int j = 0; j < 100000; j++)
        {
          if (j > 0)
            g_string_append_c (text, ',');
          if (row == 0)
            g_string_append_printf (text, "c%d", j);
          else
            g_string_append_printf (text, "%d", (j * 7 + row) % 10);
        }
      g_string_append_c (text, '\n');
    }
  ds = lloyd_dataset_parse (text->str, text->len, "wide.csv", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_columns, ==, 100000);
  g_assert_cmpuint (ds->n_rows, ==, 2);
  g_assert_cmpfloat (ds->columns[99999].values[1], ==, (99999 * 7 + 2) % 10);
  lloyd_dataset_unref (ds);

  g_string_append (text, "1,2\n");
  ds = lloyd_dataset_parse (text->str, text->len, "wide.csv", NULL, NULL, NULL, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "wide.csv:4:4: expected 100000 fields, found 2"));
}

/* 1,000,000 distinct values in a categorical column, split over threads: the
 * levels keep their order of first appearance. */
static void
test_many_levels (void)
{
  g_autoptr (GString) text = g_string_new ("id,x\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = NULL;
  LloydLoadOptions options;

  for (int i = 0; i < 1000000; i++)
    g_string_append_printf (text, "v%d,%d\n", i, i % 3);
  lloyd_load_options_init (&options);
  options.n_threads = 4;
  ds = lloyd_dataset_parse (text->str, text->len, "levels.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_rows, ==, 1000000);
  g_assert_cmpint (ds->columns[0].kind, ==, LLOYD_COLUMN_CATEGORICAL);
  g_assert_cmpuint (ds->columns[0].levels->len, ==, 1000000);
  g_assert_cmpstr (g_ptr_array_index (ds->columns[0].levels, 765432), ==, "v765432");
  g_assert_cmpuint (ds->columns[0].codes[999999], ==, 999999);
  g_assert_cmpuint (lloyd_dataset_one_hot_dimension (ds), ==, 1000001);
}

static void
test_directory (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lloyd-dir-XXXXXX", &error);
  LloydDataset *ds;

  g_assert_no_error (error);
  ds = lloyd_dataset_load (dir, NULL, NULL, NULL, NULL, &error);
  g_rmdir (dir);
  g_assert_null (ds);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "is a directory"));
}

static void
test_nonexistent (void)
{
  g_autoptr (GError) error = NULL;
  LloydDataset *ds = lloyd_dataset_load ("/nonexistent/lloyd/x.csv", NULL, NULL, NULL, NULL, &error);

  g_assert_null (ds);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "x.csv: cannot open"));
}

static gpointer
write_fifo (gpointer data)
{
  const char *path = data;
  int fd = open (path, O_WRONLY);
  const char *text = "a,b\n1,2\n3,4\n";

  if (fd >= 0)
    {
      G_GNUC_UNUSED gssize n = write (fd, text, strlen (text));
      close (fd);
    }
  return NULL;
}

/* A FIFO is read to its end, like `lloyd-cli info <(zcat …)`. */
static void
test_fifo (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lloyd-fifo-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "pipe.csv", NULL);
  g_autoptr (LloydDataset) ds = NULL;
  GThread *writer;

  g_assert_no_error (error);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  writer = g_thread_new ("fifo-writer", write_fifo, path);
  ds = lloyd_dataset_load (path, NULL, NULL, NULL, NULL, &error);
  g_thread_join (writer);
  g_remove (path);
  g_rmdir (dir);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_rows, ==, 2);
}

static void
test_unreadable (void)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  LloydDataset *ds;

  if (geteuid () == 0)
    {
      g_test_skip ("running as root: permissions do not stop reading");
      return;
    }
  path = lloyd_test_temp_file ("secret.csv", "a,b\n1,2\n", -1);
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  ds = lloyd_dataset_load (path, NULL, NULL, NULL, NULL, &error);
  lloyd_test_remove_temp (path);
  g_assert_null (ds);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "secret.csv: cannot open: Permission denied"));
}

/* Appends to the file from the progress callback of the reading phase, which
 * runs between two reads: the loader must notice. */
static void
append_while_reading (double      fraction,
                      const char *what,
                      gpointer    user_data)
{
  const char *path = user_data;
  static gboolean done;
  FILE *f;

  if (done || g_strcmp0 (what, "Reading") != 0)
    return;
  done = TRUE;
  f = fopen (path, "a");
  g_assert_nonnull (f);
  fputs ("9,9\n", f);
  fclose (f);
}

static void
test_changing_file (void)
{
  g_autoptr (GString) text = g_string_new ("a,b\n");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  LloydDataset *ds;

  /* Large enough to take more than one read. */
  while (text->len < 24 * 1024 * 1024)
    g_string_append (text, "12345,67890\n");
  path = lloyd_test_temp_file ("growing.csv", text->str, text->len);
  ds = lloyd_dataset_load (path, NULL, append_while_reading, path, NULL, &error);
  lloyd_test_remove_temp (path);
  g_assert_null (ds);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "growing.csv: the file changed while it was being read"));
}

/* An error deep in a large file is reported at the right line, whichever thread
 * finds it, and an earlier error wins over a later one. */
static void
test_error_position_in_threads (void)
{
  g_autoptr (GString) text = g_string_new ("a,b\n");
  g_autoptr (GError) error = NULL;
  LloydLoadOptions options;
  LloydDataset *ds;

  for (int i = 0; i < 300000; i++)
    g_string_append (text, i == 250000 ? "1\n" : i == 280000 ? "?,?\n" : "1.5,\"x\"\n");
  lloyd_load_options_init (&options);
  options.n_threads = 3;
  ds = lloyd_dataset_parse (text->str, text->len, "deep.csv", &options, NULL, NULL, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "deep.csv:250002:2: expected 2 fields, found 1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/bad/corpus", test_corpus);
  g_test_add_func ("/csv/bad/long-line", test_long_line);
  g_test_add_func ("/csv/bad/wide", test_wide);
  g_test_add_func ("/csv/bad/many-levels", test_many_levels);
  g_test_add_func ("/csv/bad/directory", test_directory);
  g_test_add_func ("/csv/bad/nonexistent", test_nonexistent);
  g_test_add_func ("/csv/bad/fifo", test_fifo);
  g_test_add_func ("/csv/bad/unreadable", test_unreadable);
  g_test_add_func ("/csv/bad/changing-file", test_changing_file);
  g_test_add_func ("/csv/bad/error-position-threads", test_error_position_in_threads);
  return g_test_run ();
}
