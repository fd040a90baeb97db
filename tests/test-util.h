/* test-util.h — what the unit tests share: where ../shared and the source tree
 * are, and reading reference JSON. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Paths built from LLOYD_SHARED / LLOYD_SRCDIR (set by tests/meson.build);
 * g_test_skip + NULL when the file is missing. */
char     *lloyd_test_shared_path    (const char *relative);
char     *lloyd_test_source_path    (const char *relative);
/* Parses a reference JSON file from ../shared/reference; fails the test on error. */
JsonNode *lloyd_test_load_reference (const char *name);
/* Reads member @name of @object as an array of doubles. */
GArray   *lloyd_test_json_doubles   (JsonObject *object,
                                     const char *name);

/* Writes @contents (@length bytes, or NUL-terminated when -1) to a new file
 * @name in a fresh temporary directory; returns its path. Remove both with
 * lloyd_test_remove_temp(). */
char     *lloyd_test_temp_file      (const char *name,
                                     const char *contents,
                                     gssize      length);
void      lloyd_test_remove_temp    (const char *path);

#define lloyd_assert_cmpfloat_rel(a, b, rel) \
  g_assert_cmpfloat_with_epsilon ((a), (b), (rel) * MAX (1.0, fabs ((double) (b))))

G_END_DECLS
