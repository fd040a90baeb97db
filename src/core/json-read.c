/* json-read.c — strict readers of JSON members for stored models, and writers of
 * their number arrays (see json-read.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "json-read.h"

static gboolean
number_of (JsonNode *node,
           double   *out)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}

gboolean
_lloyd_json_get_int (JsonObject  *object,
                     const char  *path,
                     const char  *name,
                     gint64       min,
                     gint64       max,
                     gint64      *out,
                     GQuark       domain,
                     int          code,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_set_error (error, domain, code,
                   _("%s.%s: expected an integer from %lld to %lld"),
                   path, name, (long long) min, (long long) max);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
_lloyd_json_get_double (JsonObject  *object,
                        const char  *path,
                        const char  *name,
                        double       min,
                        double       max,
                        double      *out,
                        GQuark       domain,
                        int          code,
                        GError     **error)
{
  double v;

  if (!number_of (json_object_get_member (object, name), &v) || v < min || v > max)
    {
      g_set_error (error, domain, code, _("%s.%s: expected a number from %g to %g"),
                   path, name, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
array_of_doubles (JsonNode    *node,
                  double      *out,
                  gsize        n,
                  const char  *path,
                  const char  *name,
                  gssize       row,
                  GQuark       domain,
                  int          code,
                  GError     **error)
{
  g_autofree char *where = row < 0 ? g_strdup_printf ("%s.%s", path, name)
                                   : g_strdup_printf ("%s.%s[%" G_GSSIZE_FORMAT "]", path, name, row);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (array = json_node_get_array (node)) != n)
    {
      g_set_error (error, domain, code, _("%s: expected an array of %zu numbers"),
                   where, n);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    if (!number_of (json_array_get_element (array, (guint) i), &out[i]))
      {
        g_set_error (error, domain, code, _("%s[%zu]: expected a finite number"),
                     where, i);
        return FALSE;
      }
  return TRUE;
}

gboolean
_lloyd_json_get_doubles (JsonObject  *object,
                         const char  *path,
                         const char  *name,
                         double      *out,
                         gsize        n,
                         GQuark       domain,
                         int          code,
                         GError     **error)
{
  return array_of_doubles (json_object_get_member (object, name), out, n, path, name, -1,
                           domain, code, error);
}

gboolean
_lloyd_json_get_rows (JsonObject  *object,
                      const char  *path,
                      const char  *name,
                      double      *out,
                      gsize        rows,
                      gsize        cols,
                      GQuark       domain,
                      int          code,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (array = json_node_get_array (node)) != rows)
    {
      g_set_error (error, domain, code, _("%s.%s: expected %zu rows"),
                   path, name, rows);
      return FALSE;
    }
  for (gsize r = 0; r < rows; r++)
    if (!array_of_doubles (json_array_get_element (array, (guint) r), out + r * cols, cols,
                           path, name, (gssize) r, domain, code, error))
      return FALSE;
  return TRUE;
}

gboolean
_lloyd_json_check_shape (JsonObject  *object,
                         const char  *path,
                         const char  *name,
                         gsize        rows,
                         gsize        cols,
                         GQuark       domain,
                         int          code,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (array = json_node_get_array (node)) != rows)
    {
      g_set_error (error, domain, code, _("%s.%s: expected %zu rows"), path, name, rows);
      return FALSE;
    }
  for (gsize r = 0; r < rows; r++)
    {
      JsonNode *row = json_array_get_element (array, (guint) r);

      if (!JSON_NODE_HOLDS_ARRAY (row) || json_array_get_length (json_node_get_array (row)) != cols)
        {
          g_set_error (error, domain, code,
                       _("%s.%s[%zu]: expected an array of %zu numbers"),
                       path, name, r, cols);
          return FALSE;
        }
    }
  return TRUE;
}

const char *
_lloyd_json_get_string (JsonObject  *object,
                        const char  *path,
                        const char  *name,
                        GQuark       domain,
                        int          code,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, domain, code, _("%s.%s: expected a string"), path, name);
      return NULL;
    }
  return json_node_get_string (node);
}

gint64
_lloyd_json_array_length (JsonObject *object,
                          const char *path,
                          const char *name,
                          GQuark      domain,
                          int         code,
                          GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, domain, code, _("%s.%s: expected an array"), path, name);
      return -1;
    }
  return json_array_get_length (json_node_get_array (node));
}

void
_lloyd_json_add_doubles (JsonBuilder  *builder,
                         const double *values,
                         gsize         n)
{
  json_builder_begin_array (builder);
  for (gsize i = 0; i < n; i++)
    json_builder_add_double_value (builder, values[i]);
  json_builder_end_array (builder);
}

void
_lloyd_json_add_rows (JsonBuilder  *builder,
                      const double *values,
                      gsize         rows,
                      gsize         cols)
{
  json_builder_begin_array (builder);
  for (gsize r = 0; r < rows; r++)
    _lloyd_json_add_doubles (builder, values + r * cols, cols);
  json_builder_end_array (builder);
}
