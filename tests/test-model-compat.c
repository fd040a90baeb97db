/* test-model-compat.c — model files from other Lloyd versions (model.h's rule):
 * another lloyd_version of the same format and members added by a later Lloyd are
 * accepted; a format version this Lloyd cannot know, and every required member
 * missing in turn, are rejected with a reason naming it; a column whose kind
 * changed is a mismatch with the data. Edited files are re-signed (the harness of
 * tests/fuzz/fuzz-model.c) so the checksum does not hide what is being tested.
 * test-model.c covers the newer format, damaged files and a missing column. */
#include "config.h"

#include <string.h>

#include "fuzz/fuzz.h"
#include "model.h"
#include "test-util.h"

static JsonNode *
saved_model (void)
{
  g_autofree char *path = lloyd_test_source_path ("tests/fuzz/seeds/model/iris-k3.json");
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  if (path == NULL)
    return NULL;
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  return root;
}

/* json_node_copy() shares the JsonObject: edits need a copy of their own. */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr (GError) error = NULL;
  JsonNode *copy = json_from_string (text, &error);

  g_assert_no_error (error);
  return copy;
}

/* Serializes @root, re-signs it and loads it as "m.json". */
static LloydModel *
load_edited (JsonNode  *root,
             GError   **error)
{
  g_autofree char *text = json_to_string (root, FALSE);
  g_autofree char *signed_text = NULL;
  gsize length = 0;

  signed_text = lloyd_fuzz_model_resign (text, strlen (text), &length);
  g_assert_nonnull (signed_text);
  return lloyd_model_load_from_data (signed_text, length, "m.json", error);
}

static void
assert_same_model (const LloydModel *a,
                   const LloydModel *b)
{
  g_assert_cmpuint (a->k, ==, b->k);
  g_assert_cmpuint (a->d, ==, b->d);
  g_assert_cmpmem (a->centroids, sizeof (double) * a->k * a->d, b->centroids, sizeof (double) * b->k * b->d);
  g_assert_cmpmem (a->thresholds, sizeof (double) * a->k, b->thresholds, sizeof (double) * b->k);
}

static void
test_compat_lloyd_version (void)
{
  g_autoptr (JsonNode) root = saved_model ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydModel) original = NULL;
  const char *versions[] = { "0.0.1", "99.1.0-dev", "" };

  if (root == NULL)
    return;
  original = load_edited (root, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autoptr (LloydModel) model = NULL;

      json_object_set_string_member (json_node_get_object (root), "lloyd_version", versions[i]);
      model = load_edited (root, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (model->lloyd_version, ==, versions[i]);
      assert_same_model (model, original);
    }
}

/* A later Lloyd of the same format may add members anywhere: they are ignored. */
static void
test_compat_unknown_members (void)
{
  g_autoptr (JsonNode) root = saved_model ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydModel) original = NULL;
  g_autoptr (LloydModel) model = NULL;
  JsonObject *o;

  if (root == NULL)
    return;
  original = load_edited (root, &error);
  g_assert_no_error (error);
  o = json_node_get_object (root);
  json_object_set_string_member (o, "added_later", "ignored");
  json_object_set_int_member (json_object_get_object_member (o, "threshold"), "smoothing", 3);
  json_object_set_boolean_member (json_object_get_object_member (o, "parameters"), "elkan", TRUE);
  json_object_set_null_member (json_object_get_object_member (o, "training"), "host");
  json_object_set_double_member (json_object_get_object_member (o, "transform"), "clip", 3.5);
  model = load_edited (root, &error);
  g_assert_no_error (error);
  assert_same_model (model, original);
}

static void
expect_rejected (JsonNode   *root,
                 const char *what,
                 const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydModel) model = load_edited (root, &error);

  g_test_message ("%s: %s", what, error != NULL ? error->message : "(loaded)");
  g_assert_null (model);
  g_assert_nonnull (error);
  g_assert_true (error->domain == LLOYD_MODEL_ERROR);
  g_assert_true (error->code == LLOYD_MODEL_ERROR_FORMAT || error->code == LLOYD_MODEL_ERROR_VERSION);
  g_assert_true (g_str_has_prefix (error->message, "m.json"));
  g_assert_nonnull (strstr (error->message, fragment));
}

/* Only whole numbers from 1 up to this Lloyd's own version are format versions. */
static void
test_compat_format_version (void)
{
  g_autoptr (JsonNode) root = saved_model ();
  JsonObject *o;

  if (root == NULL)
    return;
  o = json_node_get_object (root);
  json_object_set_int_member (o, "format_version", LLOYD_MODEL_FORMAT_VERSION + 1);
  expect_rejected (root, "next version", "format");
  json_object_set_int_member (o, "format_version", G_MAXINT64);
  expect_rejected (root, "huge version", "format");
  json_object_set_int_member (o, "format_version", 0);
  expect_rejected (root, "version 0", "format_version");
  json_object_set_int_member (o, "format_version", -1);
  expect_rejected (root, "version -1", "format_version");
  json_object_set_double_member (o, "format_version", 1.5);
  expect_rejected (root, "version 1.5", "format_version");
  json_object_set_string_member (o, "format_version", "1");
  expect_rejected (root, "version \"1\"", "format_version");
  json_object_remove_member (o, "format_version");
  expect_rejected (root, "no version", "format_version");
  json_object_set_int_member (o, "format_version", 1);
  json_object_set_string_member (o, "format", "lloyd-model-2");
  expect_rejected (root, "another format", "not a Lloyd model");
}

/* Every member the format requires, removed in turn (nested ones too). */
static void
test_compat_missing_members (void)
{
  static const char *const optional[] = { "checksum", "pca", "normal_label", "lloyd_version", NULL };
  g_autoptr (JsonNode) original = saved_model ();
  g_autoptr (GList) members = NULL;
  guint n_required = 0;

  if (original == NULL)
    return;
  members = json_object_get_members (json_node_get_object (original));
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *value = json_object_get_member (json_node_get_object (original), member);
      g_autoptr (GList) inner = NULL;

      if (!g_strv_contains (optional, member))
        {
          g_autoptr (JsonNode) root = deep_copy (original);

          json_object_remove_member (json_node_get_object (root), member);
          expect_rejected (root, member, member);
          n_required++;
        }
      if (!JSON_NODE_HOLDS_OBJECT (value) || g_str_equal (member, "transform"))
        continue;
      inner = json_object_get_members (json_node_get_object (value));
      for (GList *m = inner; m != NULL; m = m->next)
        {
          g_autoptr (JsonNode) root = NULL;
          g_autofree char *what = g_strdup_printf ("%s.%s", member, (const char *) m->data);

          if (g_strv_contains (optional, m->data))
            continue;
          root = deep_copy (original);
          json_object_remove_member (json_object_get_object_member (json_node_get_object (root), member),
                                     m->data);
          expect_rejected (root, what, m->data);
          n_required++;
        }
    }
  g_test_message ("%u required members checked", n_required);
  g_assert_cmpuint (n_required, >=, 15);
}

/* The same column names, but a column that was numeric is now text. */
static void
test_compat_kind_changed (void)
{
  const char csv[] = "sepal_length,sepal_width,petal_length,petal_width,species\n"
                     "5.1,3.5,1.4,wide,setosa\n6.2,2.9,4.3,narrow,versicolor\n";
  g_autoptr (JsonNode) root = saved_model ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydModel) model = NULL;
  g_autoptr (LloydDataset) dataset = NULL;
  g_autoptr (LloydMatrix) x = NULL;
  LloydLoadOptions options;

  if (root == NULL)
    return;
  model = load_edited (root, &error);
  g_assert_no_error (error);
  lloyd_load_options_init (&options);
  dataset = lloyd_dataset_parse (csv, strlen (csv), "edited.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  x = lloyd_model_apply (model, dataset, NULL, &error);
  g_assert_null (x);
  g_assert_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_MISMATCH);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "petal_width"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/compat/lloyd-version", test_compat_lloyd_version);
  g_test_add_func ("/model/compat/unknown-members", test_compat_unknown_members);
  g_test_add_func ("/model/compat/format-version", test_compat_format_version);
  g_test_add_func ("/model/compat/missing-members", test_compat_missing_members);
  g_test_add_func ("/model/compat/kind-changed", test_compat_kind_changed);
  return g_test_run ();
}
