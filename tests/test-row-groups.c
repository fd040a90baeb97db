/* test-row-groups.c — grouping identical rows: −0 and 0, keys, order of groups,
 * and agreement with a brute-force grouping on data full of duplicates, small and
 * large enough for both threads and every partition of the table. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rng.h"
#include "row-groups.h"
#include "test-util.h"

static void
test_small (void)
{
  const double xs[] = { 1.0, 0.0,   2.0, 3.0,   1.0, -0.0,   2.0, 3.0,   1.0, 0.0 };
  const guint32 keys[] = { 0, 0, 0, 1, 1 };
  const guint32 want_plain[] = { 0, 1, 0, 1, 0 };
  const guint32 want_keyed[] = { 0, 1, 0, 2, 3 };
  LloydMatrix x = { 5, 2, (double *) xs };
  g_autoptr (GError) error = NULL;
  LloydRowGroups groups;

  g_assert_true (_lloyd_row_groups_build (&x, NULL, &groups, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (groups.n_groups, ==, 2);
  g_assert_cmpmem (groups.row_group, 5 * sizeof (guint32), want_plain, sizeof want_plain);
  g_assert_cmpuint (groups.group_row[0], ==, 0);
  g_assert_cmpuint (groups.group_row[1], ==, 1);
  g_assert_cmpuint (groups.weight[0], ==, 3);
  g_assert_cmpuint (groups.weight[1], ==, 2);
  _lloyd_row_groups_clear (&groups);

  g_assert_true (_lloyd_row_groups_build (&x, keys, &groups, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (groups.n_groups, ==, 4);
  g_assert_cmpmem (groups.row_group, 5 * sizeof (guint32), want_keyed, sizeof want_keyed);
  g_assert_cmpuint (groups.weight[0], ==, 2);
  g_assert_cmpuint (groups.group_row[3], ==, 4);
  _lloyd_row_groups_clear (&groups);
  g_assert_null (groups.row_group);

  x.n = 0;
  g_assert_true (_lloyd_row_groups_build (&x, NULL, &groups, &error));
  g_assert_cmpuint (groups.n_groups, ==, 0);
  _lloyd_row_groups_clear (&groups);
}

/* Rows of three values in {0, 1, 2} and keys in {0, 1}: at most 54 groups among
 * 3,000 rows, so every probe sequence of the table is exercised. */
static void
test_brute_force (void)
{
  g_autoptr (LloydMatrix) x = lloyd_matrix_new (3000, 3, NULL);
  g_autofree guint32 *keys = g_new (guint32, x->n);
  LloydRowGroups groups;
  LloydRng rng;

  lloyd_rng_init (&rng, 7);
  for (gsize i = 0; i < x->n * x->d; i++)
    x->data[i] = (double) lloyd_rng_below (&rng, 3);
  for (gsize i = 0; i < x->n; i++)
    keys[i] = (guint32) lloyd_rng_below (&rng, 2);
  for (guint keyed = 0; keyed < 2; keyed++)
    {
      g_autofree guint32 *weight = g_new0 (guint32, x->n);

      g_assert_true (_lloyd_row_groups_build (x, keyed ? keys : NULL, &groups, NULL));
      g_assert_cmpuint (groups.n_groups, <=, keyed ? 54 : 27);
      for (gsize i = 0; i < x->n; i++)
        {
          guint32 g = groups.row_group[i];
          gsize first = 0;

          /* The group's first row is the first row equal to this one. */
          while (memcmp (lloyd_matrix_row (x, first), lloyd_matrix_row (x, i), 3 * sizeof (double)) != 0
                 || (keyed && keys[first] != keys[i]))
            first++;
          g_assert_cmpuint (g, <, groups.n_groups);
          g_assert_cmpuint (groups.group_row[g], ==, first);
          g_assert_cmpuint (groups.row_group[first], ==, g);
          weight[g]++;
        }
      for (gsize g = 0; g < groups.n_groups; g++)
        {
          g_assert_cmpuint (groups.weight[g], ==, weight[g]);
          if (g > 0)
            g_assert_cmpuint (groups.group_row[g - 1], <, groups.group_row[g]);
        }
      _lloyd_row_groups_clear (&groups);
    }
}

/* 100,000 rows (both threads, every partition), values in {0, −0, 1, 2} so
 * that equal rows differ in their bytes too, against the same brute-force rule. */
static void
test_partitions (void)
{
  const double values[] = { 0.0, -0.0, 1.0, 2.0 };
  g_autoptr (LloydMatrix) x = lloyd_matrix_new (100000, 5, NULL);
  g_autofree guint32 *weight = NULL;
  g_autofree gsize *first_of_pattern = g_new (gsize, 243);
  LloydRowGroups groups;
  LloydRng rng;

  lloyd_rng_init (&rng, 11);
  for (gsize i = 0; i < x->n * x->d; i++)
    x->data[i] = values[lloyd_rng_below (&rng, 4)];
  g_assert_true (_lloyd_row_groups_build (x, NULL, &groups, NULL));
  g_assert_cmpuint (groups.n_groups, ==, 243);
  weight = g_new0 (guint32, groups.n_groups);
  for (gsize p = 0; p < 243; p++)
    first_of_pattern[p] = G_MAXSIZE;
  for (gsize i = 0; i < x->n; i++)
    {
      const double *row = lloyd_matrix_row (x, i);
      gsize pattern = 0;

      /* −0 and 0 are one value: base-3 digits of the row. */
      for (gsize j = 0; j < x->d; j++)
        pattern = pattern * 3 + (gsize) row[j];
      if (first_of_pattern[pattern] == G_MAXSIZE)
        first_of_pattern[pattern] = i;
      g_assert_cmpuint (groups.group_row[groups.row_group[i]], ==, first_of_pattern[pattern]);
      weight[groups.row_group[i]]++;
    }
  for (gsize g = 0; g < groups.n_groups; g++)
    {
      g_assert_cmpuint (groups.weight[g], ==, weight[g]);
      if (g > 0)
        g_assert_cmpuint (groups.group_row[g - 1], <, groups.group_row[g]);
    }
  _lloyd_row_groups_clear (&groups);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/row-groups/small", test_small);
  g_test_add_func ("/row-groups/brute-force", test_brute_force);
  g_test_add_func ("/row-groups/partitions", test_partitions);
  return g_test_run ();
}
