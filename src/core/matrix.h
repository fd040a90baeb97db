/* matrix.h — a dense row-major matrix of doubles: the form every numeric step
 * (k-means, PCA, scoring) works on. Rows are points, columns are features. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gsize   n;     /* rows */
  gsize   d;     /* columns */
  double *data;  /* n * d values, row-major, 64-byte aligned */
} LloydMatrix;

/* Allocation is checked: a matrix too large for memory gives a GError
 * (G_IO_ERROR_NO_SPACE) naming its size, never an abort. Contents are zeroed. */
LloydMatrix *lloyd_matrix_new      (gsize              n,
                                    gsize              d,
                                    GError           **error);
/* As lloyd_matrix_new(), but the contents are undefined: for callers that write
 * every element. Big matrices go on huge pages where the kernel offers them. */
LloydMatrix *lloyd_matrix_new_uninit (gsize              n,
                                      gsize              d,
                                      GError           **error);
LloydMatrix *lloyd_matrix_copy     (const LloydMatrix *m,
                                    GError           **error);
void         lloyd_matrix_free     (LloydMatrix       *m);

static inline double *
lloyd_matrix_row (const LloydMatrix *m,
                  gsize              i)
{
  return m->data + i * m->d;
}

/* Checked allocation of @n_elems * @elem_size bytes (overflow-safe), aligned to
 * 64 bytes; free with lloyd_aligned_free(). Returns NULL and sets @error. */
gpointer     lloyd_aligned_alloc0  (gsize              n_elems,
                                    gsize              elem_size,
                                    GError           **error);
void         lloyd_aligned_free    (gpointer           mem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydMatrix, lloyd_matrix_free)

G_END_DECLS
