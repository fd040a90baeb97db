/* matrix.c — checked, aligned storage for dense matrices. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset-private.h"
#include "matrix.h"

gpointer
lloyd_aligned_alloc0 (gsize    n_elems,
                      gsize    elem_size,
                      GError **error)
{
  gsize bytes;
  gpointer mem = NULL;

  if (elem_size != 0 && n_elems > G_MAXSIZE / elem_size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Cannot allocate %zu × %zu bytes: the size overflows"),
                   n_elems, elem_size);
      return NULL;
    }
  bytes = MAX (n_elems * elem_size, 1);
  /* Round up so aligned_alloc's size is a multiple of the alignment. */
  bytes = (bytes + 63) & ~(gsize) 63;
  if (bytes == 0 || posix_memalign (&mem, 64, bytes) != 0)
    {
      g_autofree char *size = g_format_size_full (n_elems * elem_size, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for %s"), size);
      return NULL;
    }
  memset (mem, 0, bytes);
  return mem;
}

void
lloyd_aligned_free (gpointer mem)
{
  free (mem);
}

static LloydMatrix *
matrix_new (gsize     n,
            gsize     d,
            gboolean  zeroed,
            GError  **error)
{
  LloydMatrix *m;
  double *data;

  if (d != 0 && n > G_MAXSIZE / d / sizeof (double))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("A %zu × %zu matrix is too large"), n, d);
      return NULL;
    }
  if (zeroed)
    data = lloyd_aligned_alloc0 (n * d, sizeof (double), error);
  else
    {
      data = _lloyd_alloc_big (MAX (n * d * sizeof (double), 64));
      if (data == NULL)
        {
          g_autofree char *size = g_format_size_full (n * d * sizeof (double), G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory for %s"), size);
        }
    }
  if (data == NULL)
    return NULL;
  m = g_new0 (LloydMatrix, 1);
  m->n = n;
  m->d = d;
  m->data = data;
  return m;
}

LloydMatrix *
lloyd_matrix_new (gsize    n,
                  gsize    d,
                  GError **error)
{
  return matrix_new (n, d, TRUE, error);
}

LloydMatrix *
lloyd_matrix_new_uninit (gsize    n,
                         gsize    d,
                         GError **error)
{
  return matrix_new (n, d, FALSE, error);
}

LloydMatrix *
lloyd_matrix_copy (const LloydMatrix *m,
                   GError           **error)
{
  LloydMatrix *copy = lloyd_matrix_new_uninit (m->n, m->d, error);

  if (copy != NULL && m->n * m->d > 0)
    memcpy (copy->data, m->data, m->n * m->d * sizeof (double));
  return copy;
}

void
lloyd_matrix_free (LloydMatrix *m)
{
  if (m == NULL)
    return;
  lloyd_aligned_free (m->data);
  g_free (m);
}
