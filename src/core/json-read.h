/* json-read.h — reading members of stored JSON (model files, PCA) strictly: the
 * right type, finite, within bounds, with a message naming the member's path, so
 * a damaged or hostile file gives a clear error and never a crash; and writing
 * the arrays of numbers they hold. Internal to Lloyd (core and lloyd-cli). */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every function sets @error in (@domain, @code) with "PATH.NAME: expected …". */
gboolean    _lloyd_json_get_int     (JsonObject  *object,
                                     const char  *path,
                                     const char  *name,
                                     gint64       min,
                                     gint64       max,
                                     gint64      *out,
                                     GQuark       domain,
                                     int          code,
                                     GError     **error);
/* A finite number (an integer is accepted) in [min, max]. */
gboolean    _lloyd_json_get_double  (JsonObject  *object,
                                     const char  *path,
                                     const char  *name,
                                     double       min,
                                     double       max,
                                     double      *out,
                                     GQuark       domain,
                                     int          code,
                                     GError     **error);
/* An array of exactly @n finite numbers. */
gboolean    _lloyd_json_get_doubles (JsonObject  *object,
                                     const char  *path,
                                     const char  *name,
                                     double      *out,
                                     gsize        n,
                                     GQuark       domain,
                                     int          code,
                                     GError     **error);
/* An array of arrays: @rows × @cols finite numbers, row-major into @out. */
gboolean    _lloyd_json_get_rows    (JsonObject  *object,
                                     const char  *path,
                                     const char  *name,
                                     double      *out,
                                     gsize        rows,
                                     gsize        cols,
                                     GQuark       domain,
                                     int          code,
                                     GError     **error);
/* Checks that member @name is an array of @rows arrays of @cols elements each,
 * without reading them: call it before allocating @rows × @cols, so a hostile
 * file cannot ask for more memory than its own size accounts for. */
gboolean    _lloyd_json_check_shape (JsonObject  *object,
                                     const char  *path,
                                     const char  *name,
                                     gsize        rows,
                                     gsize        cols,
                                     GQuark       domain,
                                     int          code,
                                     GError     **error);
/* A string (borrowed from @object); NULL with @error when absent or not a string. */
const char *_lloyd_json_get_string  (JsonObject  *object,
                                     const char  *path,
                                     const char  *name,
                                     GQuark       domain,
                                     int          code,
                                     GError     **error);
/* An array member's length, or -1 with @error when it is not an array. */
gint64      _lloyd_json_array_length (JsonObject *object,
                                      const char *path,
                                      const char *name,
                                      GQuark      domain,
                                      int         code,
                                      GError    **error);

/* Adds an array of @n numbers, or of @rows arrays of @cols numbers (row-major). */
void        _lloyd_json_add_doubles  (JsonBuilder  *builder,
                                      const double *values,
                                      gsize         n);
void        _lloyd_json_add_rows     (JsonBuilder  *builder,
                                      const double *values,
                                      gsize         rows,
                                      gsize         cols);

G_END_DECLS
