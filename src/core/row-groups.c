/* row-groups.c — grouping identical rows with hash tables partitioned by hash, so
 * both cores insert: rows are hashed in parallel (here, or by a caller that reads
 * them anyway), each partition's rows go into that partition's own table in row
 * order (one partition per block), and a last serial pass numbers the groups in
 * order of their first row. The result does not depend on the number of threads. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "distance.h"
#include "kmeans-private.h"
#include "row-groups.h"

/* Rows hashed per block on both cores. */
#define HASH_BLOCK_ROWS 8192
/* Partitions by the hash's top bits: enough to balance two or more threads. */
#define PARTITION_BITS 4
#define N_PARTITIONS   (1u << PARTITION_BITS)
#define PARTITION(h)   ((guint) ((h) >> (64 - PARTITION_BITS)))

/* −0 and 0 hash alike, since _lloyd_rows_equal() calls them equal. Four lanes
 * keep four multiplications in flight instead of one chain through the row. */
guint64
_lloyd_row_hash (const double *row,
                 gsize         d,
                 guint32       key)
{
  const guint64 m = G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  guint64 h[4] = {
    G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ key, G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f),
    G_GUINT64_CONSTANT (0x165667b19e3779f9), G_GUINT64_CONSTANT (0x27d4eb2f165667c5),
  };
  gsize j = 0;

  for (; j + 4 <= d; j += 4)
    for (guint l = 0; l < 4; l++)
      {
        double v = row[j + l] + 0.0;
        guint64 bits;

        memcpy (&bits, &v, sizeof bits);
        h[l] = (h[l] ^ bits) * m;
        h[l] ^= h[l] >> 32;
      }
  for (; j < d; j++)
    {
      double v = row[j] + 0.0;
      guint64 bits;

      memcpy (&bits, &v, sizeof bits);
      h[0] = (h[0] ^ bits) * m;
      h[0] ^= h[0] >> 32;
    }
  for (guint l = 1; l < 4; l++)
    {
      h[0] = (h[0] ^ h[l]) * m;
      h[0] ^= h[0] >> 29;
    }
  return h[0];
}

typedef struct
{
  const LloydMatrix *x;
  const guint32     *keys;
  const guint64     *hashes;
  const guint32     *order;      /* n rows, partition by partition, each in row order */
  gsize              starts[N_PARTITIONS + 1];  /* each partition's range of order */
  guint32           *slots;      /* first row + 1 of a group, 0 = empty */
  gsize              slot_starts[N_PARTITIONS + 1];
  guint32           *first;      /* n: the first row equal to each row */
} GroupJob;

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
    job->hashes[i] = _lloyd_row_hash (lloyd_matrix_row (job->x, i), job->x->d,
                                      job->keys != NULL ? job->keys[i] : 0);
}

/* Inserts one partition's rows, in row order, into its own table: each row finds
 * the first row equal to it. */
static void
insert_partition (gsize    p,
                  gpointer data)
{
  GroupJob *job = data;
  const LloydMatrix *x = job->x;
  guint32 *slots = job->slots + job->slot_starts[p];
  gsize mask = job->slot_starts[p + 1] - job->slot_starts[p] - 1;

  for (gsize o = job->starts[p]; o < job->starts[p + 1]; o++)
    {
      guint32 i = job->order[o];
      guint64 hash = job->hashes[i];
      gsize h = (gsize) hash & mask;

      for (;; h = (h + 1) & mask)
        {
          guint32 r = slots[h];

          if (r == 0)
            {
              slots[h] = i + 1;
              job->first[i] = i;
              break;
            }
          r--;
          /* Equal hashes are almost always equal rows, and then almost always
           * equal bytes: memcmp first, value by value (−0 = 0) if it differs. */
          if (job->hashes[r] == hash
              && (job->keys == NULL || job->keys[r] == job->keys[i])
              && (memcmp (lloyd_matrix_row (x, r), lloyd_matrix_row (x, i), x->d * sizeof (double)) == 0
                  || _lloyd_rows_equal (lloyd_matrix_row (x, r), lloyd_matrix_row (x, i), x->d)))
            {
              job->first[i] = r;
              break;
            }
        }
    }
}

void
_lloyd_row_groups_clear (LloydRowGroups *groups)
{
  g_clear_pointer (&groups->row_group, g_free);
  g_clear_pointer (&groups->group_row, g_free);
  g_clear_pointer (&groups->weight, g_free);
  groups->n_groups = 0;
}

static gboolean
too_many_rows (const LloydMatrix *x,
               GError           **error)
{
  if (x->n < G_MAXUINT32 / 2)
    return FALSE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("Too many rows (%zu) to group identical points"), x->n);
  return TRUE;
}

static gboolean
no_memory (const LloydMatrix *x,
           LloydRowGroups    *groups,
           GError           **error)
{
  _lloyd_row_groups_clear (groups);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("Not enough memory to find the distinct points of %zu rows"), x->n);
  return FALSE;
}

gboolean
_lloyd_row_groups_build (const LloydMatrix *x,
                         const guint32     *keys,
                         LloydRowGroups    *groups,
                         GError           **error)
{
  g_autofree guint64 *hashes = NULL;
  HashJob job;

  g_return_val_if_fail (x != NULL && groups != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (groups, 0, sizeof *groups);
  if (too_many_rows (x, error))
    return FALSE;
  hashes = g_try_new (guint64, MAX (x->n, 1));
  if (hashes == NULL)
    return no_memory (x, groups, error);
  job.x = x;
  job.keys = keys;
  job.hashes = hashes;
  _lloyd_parallel_blocks ((guint) ((x->n + HASH_BLOCK_ROWS - 1) / HASH_BLOCK_ROWS),
                          x->n >= 2 * HASH_BLOCK_ROWS ? 0 : 1, hash_block, &job, NULL, NULL);
  return _lloyd_row_groups_build_hashed (x, keys, hashes, groups, error);
}

gboolean
_lloyd_row_groups_build_hashed (const LloydMatrix *x,
                                const guint32     *keys,
                                const guint64     *hashes,
                                LloydRowGroups    *groups,
                                GError           **error)
{
  gsize u = 0, n_slots = 0, fill[N_PARTITIONS];
  g_autofree guint32 *slots = NULL;
  g_autofree guint32 *order = NULL;
  GroupJob job = { 0 };

  g_return_val_if_fail (x != NULL && hashes != NULL && groups != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (groups, 0, sizeof *groups);
  if (too_many_rows (x, error))
    return FALSE;
  order = g_try_new (guint32, MAX (x->n, 1));
  groups->row_group = g_try_new (guint32, MAX (x->n, 1));
  groups->group_row = g_try_new (gsize, MAX (x->n, 1));
  groups->weight = g_try_new (guint32, MAX (x->n, 1));
  if (order == NULL || groups->row_group == NULL || groups->group_row == NULL
      || groups->weight == NULL)
    return no_memory (x, groups, error);
  job.x = x;
  job.keys = keys;
  job.hashes = hashes;
  job.order = order;

  /* Rows by partition (a counting sort, so each partition keeps row order), and
   * per partition a table at most half full. */
  for (gsize i = 0; i < x->n; i++)
    job.starts[PARTITION (hashes[i]) + 1]++;
  for (guint p = 0; p < N_PARTITIONS; p++)
    {
      gsize cap = 16;

      while (cap < 2 * job.starts[p + 1])
        cap *= 2;
      job.slot_starts[p] = n_slots;
      n_slots += cap;
      job.starts[p + 1] += job.starts[p];
      fill[p] = job.starts[p];
    }
  job.slot_starts[N_PARTITIONS] = n_slots;
  for (gsize i = 0; i < x->n; i++)
    order[fill[PARTITION (hashes[i])]++] = (guint32) i;
  slots = g_try_new0 (guint32, n_slots);
  if (slots == NULL)
    return no_memory (x, groups, error);
  job.slots = slots;
  /* Each row's first equal row goes into row_group for now. */
  job.first = groups->row_group;
  _lloyd_parallel_blocks (N_PARTITIONS, x->n >= 2 * HASH_BLOCK_ROWS ? 0 : 1, insert_partition,
                          &job, NULL, NULL);

  /* Groups numbered in order of their first row; an earlier row's entry is a
   * group number by the time a later row reads it. */
  for (gsize i = 0; i < x->n; i++)
    {
      guint32 first = groups->row_group[i];

      if (first == i)
        {
          groups->group_row[u] = i;
          groups->weight[u] = 1;
          groups->row_group[i] = (guint32) u++;
        }
      else
        {
          guint32 g = groups->row_group[first];

          groups->row_group[i] = g;
          groups->weight[g]++;
        }
    }
  groups->n_groups = u;
  return TRUE;
}
