/* test-fuzz-regressions.c — replays, without libFuzzer, every input kept in
 * tests/data/fuzz-regressions/TARGET/ through that fuzz target's entry point
 * (tests/fuzz/fuzz-TARGET.c), so a fixed crash stays fixed in the normal suite and
 * under ASan. The malformed-file corpus tests/data/bad/ goes through the CSV and
 * inference targets too: their invariant checks apply to every hostile file; the
 * seed models in tests/fuzz/seeds/model take the model target's success path. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/fuzz.h"
#include "test-util.h"

typedef int (*FuzzFunc) (const uint8_t *data,
                         size_t         size);

typedef struct
{
  const char *name;
  FuzzFunc    func;
} FuzzTarget;

static const FuzzTarget targets[] = {
  { "cli", lloyd_fuzz_cli },
  { "csv", lloyd_fuzz_csv },
  { "infer", lloyd_fuzz_infer },
  { "model", lloyd_fuzz_model },
};

/* Files bigger than this in tests/data/bad are left to the CSV tests. */
#define MAX_REPLAY_BYTES (4 << 20)

typedef struct
{
  FuzzFunc  func;
  char     *path;
  int       option_byte;  /* a first byte to prepend (the options of csv and model), or -1 */
} Replay;

static void
replay_free (gpointer data)
{
  Replay *replay = data;

  g_free (replay->path);
  g_free (replay);
}

static void
test_replay (gconstpointer data)
{
  const Replay *replay = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (replay->path, &contents, &length, &error);
  g_assert_no_error (error);
  if (replay->option_byte >= 0)
    {
      g_autofree char *with_byte = g_malloc (length + 1);

      with_byte[0] = (char) replay->option_byte;
      memcpy (with_byte + 1, contents, length);
      g_assert_cmpint (replay->func ((const uint8_t *) with_byte, length + 1), ==, 0);
    }
  else
    g_assert_cmpint (replay->func ((const uint8_t *) contents, length), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Adds one test per regular file in @dir (sorted, so the order is stable). */
static guint
add_directory (const char *test_prefix,
               const char *dir,
               FuzzFunc    func,
               int         option_byte)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return 0;
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *test_path = NULL;
      GStatBuf st;
      Replay *replay;

      if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > MAX_REPLAY_BYTES
          || file[0] == '.' || g_str_equal (file, "EXPECTED") || g_str_has_suffix (file, ".md"))
        continue;
      replay = g_new0 (Replay, 1);
      replay->func = func;
      replay->path = g_steal_pointer (&path);
      replay->option_byte = option_byte;
      test_path = g_strdup_printf ("%s/%s", test_prefix, file);
      g_test_add_data_func_full (test_path, replay, test_replay, replay_free);
    }
  return names->len;
}

static void
test_regressions_present (void)
{
  /* The replay must see the directories it is meant to replay: a wrong path
   * would make every test above vanish silently. */
  g_autofree char *dir = lloyd_test_source_path ("tests/data/fuzz-regressions");

  g_assert_nonnull (dir);
  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      g_autofree char *sub = g_build_filename (dir, targets[t].name, NULL);

      g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));
    }
}

int
main (int argc, char **argv)
{
  const char *srcdir;
  g_autofree char *bad = NULL;
  g_autofree char *models = NULL;
  g_autofree char *cli = NULL;

  g_test_init (&argc, &argv, NULL);
  lloyd_fuzz_setup ();

  srcdir = g_getenv ("LLOYD_SRCDIR");
  g_assert_nonnull (srcdir);
  g_test_add_func ("/fuzz-regressions/present", test_regressions_present);
  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      g_autofree char *dir = g_build_filename (srcdir, "tests", "data", "fuzz-regressions",
                                               targets[t].name, NULL);
      g_autofree char *prefix = g_strdup_printf ("/fuzz-regressions/%s", targets[t].name);

      add_directory (prefix, dir, targets[t].func, -1);
    }

  bad = g_build_filename (srcdir, "tests", "data", "bad", NULL);
  add_directory ("/fuzz-regressions/bad-files/csv", bad, lloyd_fuzz_csv, 0);
  add_directory ("/fuzz-regressions/bad-files/infer", bad, lloyd_fuzz_infer, -1);
  /* Valid models, as loaded and as re-signed by the harness: the success path. */
  models = g_build_filename (srcdir, "tests", "fuzz", "seeds", "model", NULL);
  add_directory ("/fuzz-regressions/seeds/model", models, lloyd_fuzz_model, 0);
  add_directory ("/fuzz-regressions/seeds/model-resigned", models, lloyd_fuzz_model, 1);
  cli = g_build_filename (srcdir, "tests", "fuzz", "seeds", "cli", NULL);
  add_directory ("/fuzz-regressions/seeds/cli", cli, lloyd_fuzz_cli, -1);
  return g_test_run ();
}
