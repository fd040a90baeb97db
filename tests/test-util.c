/* test-util.c — shared helpers of the unit tests. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "test-util.h"

static char *
path_under (const char *env,
            const char *relative)
{
  const char *root = g_getenv (env);
  char *path;

  g_assert_nonnull (root);
  path = g_build_filename (root, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg = g_strdup_printf ("missing %s", path);
      g_test_skip (msg);
      g_free (path);
      return NULL;
    }
  return path;
}

char *
lloyd_test_shared_path (const char *relative)
{
  return path_under ("LLOYD_SHARED", relative);
}

char *
lloyd_test_source_path (const char *relative)
{
  return path_under ("LLOYD_SRCDIR", relative);
}

JsonNode *
lloyd_test_load_reference (const char *name)
{
  g_autofree char *relative = g_build_filename ("reference", name, NULL);
  g_autofree char *path = lloyd_test_shared_path (relative);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  if (path == NULL)
    return NULL;
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

GArray *
lloyd_test_json_doubles (JsonObject *object,
                         const char *name)
{
  JsonArray *array = json_object_get_array_member (object, name);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      double v = json_array_get_double_element (array, i);
      g_array_append_val (out, v);
    }
  return out;
}

char *
lloyd_test_temp_file (const char *name,
                      const char *contents,
                      gssize      length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lloyd-test-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

void
lloyd_test_remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}
