/* fuzz-model.c — lloyd_model_load_from_data() on arbitrary bytes. A load either
 * fails with a model error naming the file, or gives a model that validates,
 * survives a save/load round trip unchanged, and applies to data with its own
 * columns giving finite numbers (or a clean mismatch error).
 *
 * A mutated file almost never carries a matching checksum, so when the first
 * byte is odd the harness re-signs a JSON object the way model.c signs it (SHA-256
 * of the compact JSON of every other member) and the mutations reach the model's
 * validation and use. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "model.h"

#define DISPLAY_NAME "fuzz-model.json"

char *
lloyd_fuzz_model_resign (const char *data,
                          gsize       length,
                          gsize      *out_length)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonNode) copy_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonObject) copy = json_object_new ();
  g_autoptr (GList) members = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *sum = NULL;
  JsonNode *root;
  char *text;

  if (!g_utf8_validate_len (data, length, NULL)
      || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  members = json_object_get_members (json_node_get_object (root));
  for (GList *l = members; l != NULL; l = l->next)
    if (strcmp (l->data, "checksum") != 0)
      json_object_set_member (copy, l->data,
                              json_node_copy (json_object_get_member (json_node_get_object (root), l->data)));
  json_node_set_object (copy_node, copy);
  compact = json_to_string (copy_node, FALSE);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, compact, -1);
  json_object_set_string_member (json_node_get_object (root), "checksum", sum);
  text = json_to_string (root, FALSE);
  *out_length = strlen (text);
  return text;
}

static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == LLOYD_MODEL_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, DISPLAY_NAME));
}

/* Two rows with every column the model reads: numbers, or its first level. */
static LloydDataset *
matching_dataset (const LloydTransform *t)
{
  g_autoptr (GString) csv = g_string_new (NULL);
  LloydLoadOptions options;

  for (gsize row = 0; row < 3; row++)
    {
      for (gsize s = 0; s < t->n_sources; s++)
        {
          const char *value = "1";

          if (s > 0)
            g_string_append_c (csv, ',');
          if (row == 0)
            value = t->source_names[s];
          else if (t->source_kinds[s] != LLOYD_COLUMN_NUMERIC)
            value = t->source_levels[s] != NULL && t->source_levels[s]->len > 0
                      ? g_ptr_array_index (t->source_levels[s], 0) : "x";
          else if (row == 2)
            value = "2.5";
          lloyd_fuzz_append_csv_field (csv, value);
        }
      g_string_append_c (csv, '\n');
    }
  lloyd_load_options_init (&options);
  options.delimiter = ',';
  options.header = LLOYD_HEADER_YES;
  options.label_column = "none";
  options.n_threads = 1;
  return lloyd_dataset_parse (csv->str, csv->len, "match.csv", &options, NULL, NULL, NULL, NULL);
}

static void
check_model (const LloydModel *model)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (LloydModel) again = NULL;
  g_autoptr (LloydDataset) dataset = NULL;
  g_autofree char *text = NULL;
  const LloydTransform *t = model->transform;

  g_assert_true (lloyd_model_validate (model, &error));
  g_assert_no_error (error);
  g_assert_nonnull (t);
  g_assert_cmpuint (model->k, >=, 1);
  g_assert_cmpuint (model->d, ==, t->n_features);
  for (gsize i = 0; i < (gsize) model->k * model->d; i++)
    g_assert_true (isfinite (model->centroids[i]));

  /* What was loaded saves and loads back to the same numbers. */
  node = lloyd_model_to_json (model);
  text = json_to_string (node, FALSE);
  again = lloyd_model_load_from_data (text, strlen (text), DISPLAY_NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->k, ==, model->k);
  g_assert_cmpuint (again->d, ==, model->d);
  g_assert_cmpmem (again->centroids, sizeof (double) * model->k * model->d,
                   model->centroids, sizeof (double) * model->k * model->d);
  g_assert_cmpmem (again->thresholds, sizeof (double) * model->k,
                   model->thresholds, sizeof (double) * model->k);
  g_assert_cmpuint (again->seed, ==, model->seed);

  /* Applied to data with its own columns: finite numbers, or a clean error. */
  dataset = matching_dataset (t);
  if (dataset != NULL)
    {
      g_autoptr (LloydMatrix) x = lloyd_model_apply (model, dataset, NULL, &error);

      if (x == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpuint (x->n, ==, dataset->n_rows);
          g_assert_cmpuint (x->d, ==, model->d);
          for (gsize i = 0; i < x->n * x->d; i++)
            g_assert_true (isfinite (x->data[i]));
        }
    }
}

int
lloyd_fuzz_model (const uint8_t *data,
                  size_t         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydModel) model = NULL;
  g_autofree char *signed_text = NULL;
  const char *text;
  gsize length;

  if (size < 1)
    return 0;
  text = (const char *) data + 1;
  length = size - 1;
  if (data[0] & 1)
    {
      signed_text = lloyd_fuzz_model_resign (text, length, &length);
      if (signed_text == NULL)
        return 0;
      text = signed_text;
    }
  model = lloyd_model_load_from_data (text, length, DISPLAY_NAME, &error);
  if (model == NULL)
    check_error (error);
  else
    {
      g_assert_no_error (error);
      check_model (model);
    }
  return 0;
}

LLOYD_FUZZ_TARGET (lloyd_fuzz_model)
