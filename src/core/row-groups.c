/* row-groups.c — grouping identical rows with one open-addressing hash table. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "distance.h"
#include "kmeans-private.h"
#include "row-groups.h"

/* Rows hashed per block on both cores before the (serial) table inserts: hashing
 * is most of the work, and each hash depends only on its row. */
#define HASH_BLOCK_ROWS 8192

/* −0 and 0 hash alike, since _lloyd_rows_equal() calls them equal. */
static guint64
hash_row (const double *row,
          gsize         d,
          guint32       key)
{
  guint64 h = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ key;

  for (gsize j = 0; j < d; j++)
    {
      double v = row[j] + 0.0;
      guint64 bits;

      memcpy (&bits, &v, sizeof bits);
      h = (h ^ bits) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      h ^= h >> 32;
    }
  return h;
}

typedef struct
{
  const LloydMatrix *x;
  const guint32     *keys;
  guint64           *hashes;
} HashJob;

static void
hash_block (gsize    block,
            gpointer data)
{
  HashJob *job = data;
  gsize end = MIN ((block + 1) * HASH_BLOCK_ROWS, job->x->n);

  for (gsize i = block * HASH_BLOCK_ROWS; i < end; i++)
    job->hashes[i] = hash_row (lloyd_matrix_row (job->x, i), job->x->d,
                               job->keys != NULL ? job->keys[i] : 0);
}

void
_lloyd_row_groups_clear (LloydRowGroups *groups)
{
  g_clear_pointer (&groups->row_group, g_free);
  g_clear_pointer (&groups->group_row, g_free);
  g_clear_pointer (&groups->weight, g_free);
  groups->n_groups = 0;
}

gboolean
_lloyd_row_groups_build (const LloydMatrix *x,
                         const guint32     *keys,
                         LloydRowGroups    *groups,
                         GError           **error)
{
  gsize cap = 16, u = 0;
  g_autofree guint32 *slots = NULL;   /* group + 1, 0 = empty */
  g_autofree guint64 *hashes = NULL;
  HashJob job;

  g_return_val_if_fail (x != NULL && groups != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (groups, 0, sizeof *groups);
  if (x->n >= G_MAXUINT32 / 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "Too many rows (%" G_GSIZE_FORMAT ") to group identical points", x->n);
      return FALSE;
    }
  while (cap < 2 * x->n)
    cap *= 2;
  slots = g_try_new0 (guint32, cap);
  hashes = g_try_new (guint64, MAX (x->n, 1));
  groups->row_group = g_try_new (guint32, MAX (x->n, 1));
  groups->group_row = g_try_new (gsize, MAX (x->n, 1));
  groups->weight = g_try_new0 (guint32, MAX (x->n, 1));
  if (slots == NULL || hashes == NULL || groups->row_group == NULL || groups->group_row == NULL
      || groups->weight == NULL)
    {
      _lloyd_row_groups_clear (groups);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "Not enough memory to find the distinct points of %" G_GSIZE_FORMAT " rows", x->n);
      return FALSE;
    }
  job.x = x;
  job.keys = keys;
  job.hashes = hashes;
  _lloyd_parallel_blocks ((guint) ((x->n + HASH_BLOCK_ROWS - 1) / HASH_BLOCK_ROWS),
                          x->n >= 2 * HASH_BLOCK_ROWS ? 0 : 1, hash_block, &job, NULL, NULL);
  for (gsize i = 0; i < x->n; i++)
    {
      const double *row = lloyd_matrix_row (x, i);
      guint32 key = keys != NULL ? keys[i] : 0;
      gsize h = (gsize) hashes[i] & (cap - 1);

      for (;; h = (h + 1) & (cap - 1))
        {
          guint32 g = slots[h];

          if (g == 0)
            {
              slots[h] = (guint32) (u + 1);
              groups->group_row[u] = i;
              groups->row_group[i] = (guint32) u;
              groups->weight[u] = 1;
              u++;
              break;
            }
          g--;
          if ((keys == NULL || keys[groups->group_row[g]] == key)
              && _lloyd_rows_equal (lloyd_matrix_row (x, groups->group_row[g]), row, x->d))
            {
              groups->row_group[i] = g;
              groups->weight[g]++;
              break;
            }
        }
    }
  groups->n_groups = u;
  return TRUE;
}
