/* row-groups.h — identical rows of a matrix found once by hashing, so O(n²)
 * work (the silhouette) can run on each distinct point once with its
 * multiplicity as a weight. */
#pragma once

#include <glib.h>

#include "matrix.h"

G_BEGIN_DECLS

typedef struct
{
  gsize    n_groups;   /* distinct rows (distinct (row, key) pairs with keys) */
  guint32 *row_group;  /* n: each row's group */
  gsize   *group_row;  /* n_groups: each group's first row; groups in order of it */
  guint32 *weight;     /* n_groups: rows in each group */
} LloydRowGroups;

/* Groups the rows of @x that are equal value for value (−0 equals 0; finite data
 * only). With @keys (n values), rows are grouped only when their keys are equal too.
 * FALSE with G_IO_ERROR_NO_SPACE when the tables do not fit, or more than
 * G_MAXUINT32 − 1 rows. Free with _lloyd_row_groups_clear(). */
gboolean _lloyd_row_groups_build (const LloydMatrix *x,
                                  const guint32     *keys,
                                  LloydRowGroups    *groups,
                                  GError           **error);
void     _lloyd_row_groups_clear (LloydRowGroups    *groups);

/* The hash the grouping gives a row of @d values with @key (0 without keys). */
guint64  _lloyd_row_hash         (const double      *row,
                                  gsize              d,
                                  guint32            key);
/* As _lloyd_row_groups_build(), with each row's _lloyd_row_hash() already in
 * @hashes (n values): for callers that read every row anyway. */
gboolean _lloyd_row_groups_build_hashed (const LloydMatrix *x,
                                         const guint32     *keys,
                                         const guint64     *hashes,
                                         LloydRowGroups    *groups,
                                         GError           **error);

G_END_DECLS
