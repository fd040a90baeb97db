/* number.h — exact, fast parsing of decimal numbers as they appear in data files. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses all @length bytes of @text as a decimal number: an optional sign, digits
 * with an optional '.', and an optional exponent (1, -2.5, .5, 3., 1e-3). No hex,
 * no inf/nan, no surrounding spaces. Returns TRUE only for a finite result, which
 * equals strtod's to the last bit. */
gboolean _lloyd_parse_double (const char *text,
                              gsize       length,
                              double     *out);

/* TRUE for the tokens that mean "missing": empty, "?", "NA", "N/A", and "nan" in
 * any case with an optional sign. */
gboolean _lloyd_is_missing   (const char *text,
                              gsize       length);

G_END_DECLS
