/* model.c — saving and strictly validating anomaly model files (format and
 * compatibility rule in model.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "json-read.h"
#include "kmeans.h"
#include "model.h"

#define MODEL_FORMAT     "lloyd-model"
/* A model is a few hundred kilobytes at most; refuse to parse absurd input. */
#define MAX_MODEL_BYTES  (64 * 1024 * 1024)
#define MAX_K            65536

#define FMT LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_FORMAT

G_DEFINE_QUARK (lloyd-model-error-quark, lloyd_model_error)

LloydModel *
lloyd_model_new (void)
{
  LloydModel *model = g_new0 (LloydModel, 1);

  model->format_version = LLOYD_MODEL_FORMAT_VERSION;
  model->lloyd_version = g_strdup (PACKAGE_VERSION);
  model->max_iter = 300;
  model->tol = 1e-4;
  model->n_init = 1;
  return model;
}

void
lloyd_model_free (LloydModel *model)
{
  if (model == NULL)
    return;
  g_free (model->lloyd_version);
  g_clear_pointer (&model->transform, lloyd_transform_unref);
  g_free (model->centroids);
  g_free (model->thresholds);
  g_free (model->init);
  g_free (model->data_name);
  g_free (model->data_sha256);
  g_free (model->normal_label);
  g_clear_pointer (&model->pca, lloyd_pca_free);
  g_free (model);
}

static gboolean
is_sha256_hex (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isxdigit (*s) || g_ascii_isupper (*s))
      return FALSE;
  return TRUE;
}

gboolean
lloyd_model_validate (const LloydModel *m,
                      GError          **error)
{
  LloydInit init;

  g_return_val_if_fail (m != NULL, FALSE);

  if (m->transform == NULL || m->k == 0 || m->k > MAX_K || m->d == 0
      || m->d != m->transform->n_features || m->centroids == NULL || m->thresholds == NULL)
    {
      g_set_error (error, FMT, _("The model needs a transform, 1 to %d centroids and one "
                   "threshold per centroid, with as many features as the transform"), MAX_K);
      return FALSE;
    }
  for (gsize i = 0; i < (gsize) m->k * m->d; i++)
    if (!isfinite (m->centroids[i]))
      {
        g_set_error (error, FMT, _("centroids: value %zu is not a finite number"), i + 1);
        return FALSE;
      }
  for (guint c = 0; c < m->k; c++)
    if (!isfinite (m->thresholds[c]) || m->thresholds[c] < 0)
      {
        g_set_error (error, FMT, _("threshold.per_cluster[%u]: expected a finite number ≥ 0"), c);
        return FALSE;
      }
  if (!lloyd_threshold_validate (&m->threshold, error))
    return FALSE;
  if (m->init == NULL || !lloyd_init_from_string (m->init, &init))
    {
      g_set_error (error, FMT, _("parameters.init: unknown initialization “%s”"),
                   m->init ? m->init : "");
      return FALSE;
    }
  if (m->max_iter == 0 || m->n_init == 0 || !isfinite (m->tol) || m->tol < 0)
    {
      g_set_error_literal (error, FMT, _("parameters: max_iter and n_init must be ≥ 1, tol ≥ 0"));
      return FALSE;
    }
  if (m->data_name == NULL || !is_sha256_hex (m->data_sha256))
    {
      g_set_error_literal (error, FMT, _("training: expected the data file name and its SHA-256 "
                           "as 64 lowercase hex digits"));
      return FALSE;
    }
  if (m->n_train == 0 || m->n_train > m->n_rows)
    {
      g_set_error (error, FMT, _("training: %zu training rows of %zu"),
                   m->n_train, m->n_rows);
      return FALSE;
    }
  if (m->pca != NULL && m->pca->d != m->d)
    {
      g_set_error (error, FMT, _("pca: fitted on %zu features, the model has %zu"), m->pca->d, m->d);
      return FALSE;
    }
  return TRUE;
}

/* SHA-256 of the compact JSON of every member but "checksum", in order. */
static char *
checksum_of (JsonObject *root)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonObject) copy = json_object_new ();
  g_autoptr (GList) members = json_object_get_members (root);
  g_autofree char *text = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    if (strcmp (l->data, "checksum") != 0)
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (root, l->data)));
  json_node_set_object (node, copy);
  text = json_to_string (node, FALSE);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

JsonNode *
lloyd_model_to_json (const LloydModel *m)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *sum = NULL;
  JsonNode *root;

  g_return_val_if_fail (m != NULL && m->transform != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, MODEL_FORMAT);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, LLOYD_MODEL_FORMAT_VERSION);
  json_builder_set_member_name (b, "lloyd_version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "k");
  json_builder_add_int_value (b, m->k);
  json_builder_set_member_name (b, "d");
  json_builder_add_int_value (b, (gint64) m->d);
  json_builder_set_member_name (b, "centroids");
  _lloyd_json_add_rows (b, m->centroids, m->k, m->d);

  json_builder_set_member_name (b, "threshold");
  json_builder_add_value (b, lloyd_threshold_to_json (&m->threshold, m->thresholds, m->k));

  json_builder_set_member_name (b, "parameters");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "init");
  json_builder_add_string_value (b, m->init);
  /* JSON integers are signed 64-bit: a larger seed is stored as a string. */
  json_builder_set_member_name (b, "seed");
  if (m->seed <= G_MAXINT64)
    json_builder_add_int_value (b, (gint64) m->seed);
  else
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, m->seed);
      json_builder_add_string_value (b, seed);
    }
  json_builder_set_member_name (b, "max_iter");
  json_builder_add_int_value (b, m->max_iter);
  json_builder_set_member_name (b, "tol");
  json_builder_add_double_value (b, m->tol);
  json_builder_set_member_name (b, "n_init");
  json_builder_add_int_value (b, m->n_init);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "training");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_add_string_value (b, m->data_name);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, m->data_sha256);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, (gint64) m->n_rows);
  json_builder_set_member_name (b, "train_rows");
  json_builder_add_int_value (b, (gint64) m->n_train);
  json_builder_set_member_name (b, "normal_label");
  if (m->normal_label != NULL)
    json_builder_add_string_value (b, m->normal_label);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "transform");
  json_builder_add_value (b, lloyd_transform_to_json (m->transform));
  if (m->pca != NULL)
    {
      json_builder_set_member_name (b, "pca");
      json_builder_add_value (b, lloyd_pca_to_json (m->pca));
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  sum = checksum_of (json_node_get_object (root));
  json_object_set_string_member (json_node_get_object (root), "checksum", sum);
  return root;
}

gboolean
lloyd_model_save (const LloydModel *m,
                  const char       *path,
                  GError          **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;
  g_autoptr (GError) local = NULL;
  gsize len;

  g_return_val_if_fail (m != NULL && path != NULL, FALSE);

  if (!lloyd_model_validate (m, error))
    return FALSE;
  root = lloyd_model_to_json (m);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, &len);
  if (!g_file_set_contents (path, text, (gssize) len, &local))
    {
      g_set_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

/* Prefixes @error's message with the file name. */
static void
prefix_error (GError    **error,
              const char *name)
{
  if (error != NULL && *error != NULL)
    /* TRANSLATORS: a file name before an error message about that file */
    g_prefix_error (error, _("%s: "), name);
}

static gboolean
read_seed (JsonObject *p,
           guint64    *out,
           GError    **error)
{
  JsonNode *node = json_object_get_member (p, "seed");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) >= 0)
        {
          *out = (guint64) json_node_get_int (node);
          return TRUE;
        }
      if (json_node_get_value_type (node) == G_TYPE_STRING
          && g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64, out, NULL))
        return TRUE;
    }
  g_set_error_literal (error, FMT, _("parameters.seed: expected a whole number ≥ 0"));
  return FALSE;
}

static JsonObject *
object_member (JsonObject  *o,
               const char  *name,
               GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FMT, _("%s: expected an object"), name);
      return NULL;
    }
  return json_node_get_object (node);
}

static LloydModel *
model_from_object (JsonObject  *root,
                   GError     **error)
{
  g_autoptr (LloydModel) m = lloyd_model_new ();
  JsonObject *th, *params, *training;
  JsonNode *node;
  const char *s;
  gint64 v, k, d;
  guint i;

  s = _lloyd_json_get_string (root, "model", "format", FMT, NULL);
  if (s == NULL || strcmp (s, MODEL_FORMAT) != 0)
    {
      g_set_error (error, FMT, _("not a Lloyd model file (no \"format\": \"%s\")"), MODEL_FORMAT);
      return NULL;
    }
  if (!_lloyd_json_get_int (root, "model", "format_version", 1, G_MAXINT64, &m->format_version, FMT, error))
    return NULL;
  s = _lloyd_json_get_string (root, "model", "lloyd_version", FMT, error);
  if (s == NULL)
    return NULL;
  g_free (m->lloyd_version);
  m->lloyd_version = g_strdup (s);
  if (m->format_version > LLOYD_MODEL_FORMAT_VERSION)
    {
      g_set_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_VERSION,
                   _("written by Lloyd %s in model format %lld; this Lloyd (%s) "
                     "reads model formats up to %d"), m->lloyd_version, (long long) m->format_version,
                   PACKAGE_VERSION, LLOYD_MODEL_FORMAT_VERSION);
      return NULL;
    }

  node = json_object_get_member (root, "transform");
  if (node == NULL)
    {
      g_set_error_literal (error, FMT, _("model.transform: missing"));
      return NULL;
    }
  m->transform = lloyd_transform_from_json (node, error);
  if (m->transform == NULL)
    return NULL;
  if (!_lloyd_json_get_int (root, "model", "k", 1, MAX_K, &k, FMT, error)
      || !_lloyd_json_get_int (root, "model", "d", 1, 1 << 20, &d, FMT, error))
    return NULL;
  if ((gsize) d != m->transform->n_features)
    {
      g_set_error (error, FMT, _("model.d is %lld but the transform makes %zu features"), (long long) d,
                   m->transform->n_features);
      return NULL;
    }
  m->k = (guint) k;
  m->d = (gsize) d;
  /* The file must spell out all k × d numbers before we allocate them. */
  if (!_lloyd_json_check_shape (root, "model", "centroids", m->k, m->d, FMT, error))
    return NULL;
  m->centroids = g_new (double, (gsize) k * (gsize) d);
  m->thresholds = g_new (double, (gsize) k);
  if (!_lloyd_json_get_rows (root, "model", "centroids", m->centroids, m->k, m->d, FMT, error))
    return NULL;

  if ((th = object_member (root, "threshold", error)) == NULL)
    return NULL;
  if ((s = _lloyd_json_get_string (th, "threshold", "mode", FMT, error)) == NULL)
    return NULL;
  for (i = 0; i < 3; i++)
    if (strcmp (s, lloyd_threshold_mode_to_string ((LloydThresholdMode) i)) == 0)
      break;
  if (i == 3)
    {
      g_set_error (error, FMT, _("threshold.mode: unknown mode “%s”"), s);
      return NULL;
    }
  m->threshold.mode = (LloydThresholdMode) i;
  if (!_lloyd_json_get_double (th, "threshold", "value", 0, G_MAXDOUBLE, &m->threshold.value, FMT, error)
      || !_lloyd_json_get_doubles (th, "threshold", "per_cluster", m->thresholds, m->k, FMT, error))
    return NULL;

  if ((params = object_member (root, "parameters", error)) == NULL
      || (s = _lloyd_json_get_string (params, "parameters", "init", FMT, error)) == NULL)
    return NULL;
  m->init = g_strdup (s);
  if (!read_seed (params, &m->seed, error))
    return NULL;
  if (!_lloyd_json_get_int (params, "parameters", "max_iter", 1, G_MAXUINT, &v, FMT, error))
    return NULL;
  m->max_iter = (guint) v;
  if (!_lloyd_json_get_int (params, "parameters", "n_init", 1, G_MAXUINT, &v, FMT, error))
    return NULL;
  m->n_init = (guint) v;
  if (!_lloyd_json_get_double (params, "parameters", "tol", 0, G_MAXDOUBLE, &m->tol, FMT, error))
    return NULL;

  if ((training = object_member (root, "training", error)) == NULL
      || (s = _lloyd_json_get_string (training, "training", "data", FMT, error)) == NULL)
    return NULL;
  m->data_name = g_strdup (s);
  if ((s = _lloyd_json_get_string (training, "training", "sha256", FMT, error)) == NULL)
    return NULL;
  m->data_sha256 = g_strdup (s);
  if (!_lloyd_json_get_int (training, "training", "rows", 1, G_MAXINT64, &v, FMT, error))
    return NULL;
  m->n_rows = (gsize) v;
  if (!_lloyd_json_get_int (training, "training", "train_rows", 1, G_MAXINT64, &v, FMT, error))
    return NULL;
  m->n_train = (gsize) v;
  node = json_object_get_member (training, "normal_label");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if ((s = _lloyd_json_get_string (training, "training", "normal_label", FMT, error)) == NULL)
        return NULL;
      m->normal_label = g_strdup (s);
    }

  node = json_object_get_member (root, "pca");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      m->pca = lloyd_pca_from_json (node, error);
      if (m->pca == NULL)
        return NULL;
    }
  if (!lloyd_model_validate (m, error))
    return NULL;
  return g_steal_pointer (&m);
}

LloydModel *
lloyd_model_load_from_data (const char  *data,
                            gsize        length,
                            const char  *display_name,
                            GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  g_autoptr (LloydModel) model = NULL;
  g_autofree char *sum = NULL;
  JsonNode *root;
  const char *stored;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "model";
  if (length > MAX_MODEL_BYTES)
    {
      g_set_error (error, FMT, _("%s: %zu bytes is too large for a model file"),
                   display_name, length);
      return NULL;
    }
  /* json-glib wants valid UTF-8 and no NUL inside; say so rather than guess. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_SYNTAX,
                   _("%s: not a JSON text (invalid UTF-8 or a NUL byte)"), display_name);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local))
    {
      /* json-glib says "<data>:LINE:COL: …"; name the file instead. It quotes
       * the offending token cut at a byte count, which can split a UTF-8
       * character: repair that for the person who reads it. */
      const char *msg = local->message;
      g_autofree char *valid = NULL;

      if (g_str_has_prefix (msg, "<data>:"))
        msg += strlen ("<data>:");
      valid = g_utf8_make_valid (msg, -1);
      g_set_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_SYNTAX, "%s:%s", display_name, valid);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_SYNTAX, _("%s: the file is empty"),
                   display_name);
      return NULL;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FMT, _("%s: not a Lloyd model file (expected a JSON object)"), display_name);
      return NULL;
    }
  model = model_from_object (json_node_get_object (root), &local);
  if (model == NULL)
    {
      /* Errors from the transform and PCA readers become model format errors. */
      if (local->domain == LLOYD_MODEL_ERROR)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, FMT, "%s", local->message);
      prefix_error (error, display_name);
      return NULL;
    }
  /* Checked last, after the structure, so a fuzzer reaches the validation. */
  stored = _lloyd_json_get_string (json_node_get_object (root), "model", "checksum", FMT, NULL);
  sum = checksum_of (json_node_get_object (root));
  if (stored == NULL || strcmp (stored, sum) != 0)
    {
      g_set_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_CHECKSUM,
                   _("%s: the checksum does not match the contents: the file is damaged or was "
                   "edited by hand (fit and save the model again)"), display_name);
      return NULL;
    }
  return g_steal_pointer (&model);
}

LloydModel *
lloyd_model_load (const char  *path,
                  GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) local = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_IO, "%s", local->message);
      return NULL;
    }
  name = g_filename_display_basename (path);
  return lloyd_model_load_from_data (data, len, name, error);
}

LloydMatrix *
lloyd_model_apply (const LloydModel   *model,
                   const LloydDataset *dataset,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr (LloydMatrix) x = NULL;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (model != NULL && dataset != NULL, NULL);

  x = lloyd_transform_apply (model->transform, dataset, cancellable, &local);
  if (x == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_MISMATCH,
                     _("The model (trained on %s) does not fit the data: %s"), model->data_name,
                     local->message);
      return NULL;
    }
  if (x->d != model->d)
    {
      g_set_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_MISMATCH,
                   _("The model has %zu features but %s gives %zu"),
                   model->d, dataset->name ? dataset->name : _("the data"), x->d);
      return NULL;
    }
  return g_steal_pointer (&x);
}

char *
lloyd_file_sha256 (const char  *path,
                   GError     **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInputStream) in = NULL;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buf = g_malloc (1 << 16);
  gssize got;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return NULL;
  while ((got = g_input_stream_read (G_INPUT_STREAM (in), buf, 1 << 16, NULL, error)) > 0)
    g_checksum_update (sum, buf, got);
  if (got < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (sum));
}
