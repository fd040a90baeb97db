/* test-matrix.c — checked allocation of matrices. */
#include "config.h"

#include <gio/gio.h>

#include "matrix.h"
#include "test-util.h"

static void
test_matrix_new (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydMatrix) m = lloyd_matrix_new (3, 4, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (m->n, ==, 3);
  g_assert_cmpuint (m->d, ==, 4);
  g_assert_cmpuint ((guintptr) m->data % 64, ==, 0);
  for (gsize i = 0; i < 12; i++)
    g_assert_cmpfloat (m->data[i], ==, 0.0);
  lloyd_matrix_row (m, 2)[1] = 5.0;
  g_assert_cmpfloat (m->data[9], ==, 5.0);
}

static void
test_matrix_overflow (void)
{
  g_autoptr (GError) error = NULL;
  LloydMatrix *m = lloyd_matrix_new (G_MAXSIZE / 2, 4, &error);

  g_assert_null (m);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

static void
test_matrix_too_large (void)
{
  g_autoptr (GError) error = NULL;
  /* 2^60 bytes: no machine has that; a clean error, not an abort. */
  LloydMatrix *m = lloyd_matrix_new ((gsize) 1 << 40, 1 << 17, &error);

  g_assert_null (m);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

/* Not zeroed, but aligned and checked like lloyd_matrix_new(); small and big
 * (huge-page) sizes, and copies made through it. */
static void
test_matrix_uninit (void)
{
  const gsize sizes[][2] = { { 3, 4 }, { 0, 5 }, { 1000, 600 } };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LloydMatrix) m = lloyd_matrix_new_uninit (sizes[s][0], sizes[s][1], &error);
      g_autoptr (LloydMatrix) copy = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (m);
      g_assert_cmpuint (m->n, ==, sizes[s][0]);
      g_assert_cmpuint (m->d, ==, sizes[s][1]);
      g_assert_cmpuint ((guintptr) m->data % 64, ==, 0);
      for (gsize i = 0; i < m->n * m->d; i++)
        m->data[i] = (double) i;
      copy = lloyd_matrix_copy (m, &error);
      g_assert_no_error (error);
      g_assert_cmpuint ((guintptr) copy->data % 64, ==, 0);
      for (gsize i = 0; i < m->n * m->d; i++)
        g_assert_cmpfloat (copy->data[i], ==, (double) i);
    }
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (GError) error = NULL;
      LloydMatrix *m = s == 0 ? lloyd_matrix_new_uninit (G_MAXSIZE / 2, 4, &error)
                              : lloyd_matrix_new_uninit ((gsize) 1 << 40, 1 << 17, &error);

      g_assert_null (m);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/matrix/new", test_matrix_new);
  g_test_add_func ("/matrix/overflow", test_matrix_overflow);
  g_test_add_func ("/matrix/too-large", test_matrix_too_large);
  g_test_add_func ("/matrix/new-uninit", test_matrix_uninit);
  return g_test_run ();
}
