/* test-iris.c — iris.csv read straight from ../shared (a fixed, simple format), so
 * the numeric tests do not depend on the CSV loader they are not testing. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "test-iris.h"
#include "test-util.h"

LloydMatrix *
lloyd_test_iris (guint32 **species)
{
  g_autofree char *path = lloyd_test_shared_path ("data/iris.csv");
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  LloydMatrix *x;
  gsize n = 0;

  if (path == NULL)
    return NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  x = lloyd_matrix_new (150, 4, &error);
  g_assert_no_error (error);
  if (species != NULL)
    *species = g_new0 (guint32, 150);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (g_strstrip (lines[i]), ",", -1);
      guint code;

      if (f[0] == NULL || *f[0] == '\0')
        continue;
      g_assert_cmpuint (g_strv_length (f), ==, 5);
      g_assert_cmpuint (n, <, 150);
      for (guint j = 0; j < 4; j++)
        lloyd_matrix_row (x, n)[j] = g_ascii_strtod (f[j], NULL);
      for (code = 0; code < names->len; code++)
        if (g_str_equal (g_ptr_array_index (names, code), f[4]))
          break;
      if (code == names->len)
        g_ptr_array_add (names, g_strdup (f[4]));
      if (species != NULL)
        (*species)[n] = code;
      n++;
    }
  g_assert_cmpuint (n, ==, 150);
  return x;
}

double *
lloyd_test_json_rows (JsonObject *object,
                      const char *name,
                      gsize      *rows,
                      gsize      *cols)
{
  JsonArray *a = json_object_get_array_member (object, name);
  double *out;

  g_assert_nonnull (a);
  *rows = json_array_get_length (a);
  *cols = json_array_get_length (json_array_get_array_element (a, 0));
  out = g_new (double, *rows * *cols);
  for (gsize r = 0; r < *rows; r++)
    {
      JsonArray *row = json_array_get_array_element (a, (guint) r);

      g_assert_cmpuint (json_array_get_length (row), ==, *cols);
      for (gsize c = 0; c < *cols; c++)
        out[r * *cols + c] = json_array_get_double_element (row, (guint) c);
    }
  return out;
}
