/* cli-elbow.c — `lloyd-cli elbow FILE --k A:B [--silhouette]`: inertia (and
 * silhouette) per k and the elbow by the second-difference rule and Kneedle. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "cli-figures.h"
#include "cli-kmeans.h"
#include "elbow.h"

static gboolean
parse_range (const char *s,
             guint      *a,
             guint      *b)
{
  g_auto(GStrv) parts = NULL;
  guint64 va, vb;

  if (s == NULL)
    return FALSE;
  parts = g_strsplit (s, ":", 3);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT, &va, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT, &vb, NULL) || vb < va)
    return FALSE;
  *a = (guint) va;
  *b = (guint) vb;
  return TRUE;
}

static void
add_k_or_null (JsonBuilder *b,
               const char  *name,
               guint        k)
{
  json_builder_set_member_name (b, name);
  if (k == 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, k);
}

static JsonNode *
elbow_to_json (const LloydElbow *elbow,
               const char       *file,
               double            seconds)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, file);
  json_builder_set_member_name (b, "k");
  json_builder_begin_array (b);
  for (guint i = 0; i < elbow->n; i++)
    json_builder_add_int_value (b, elbow->k[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "inertia");
  json_builder_begin_array (b);
  for (guint i = 0; i < elbow->n; i++)
    json_builder_add_double_value (b, elbow->inertia[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "silhouette");
  json_builder_begin_array (b);
  for (guint i = 0; i < elbow->n; i++)
    if (isnan (elbow->silhouette[i]))
      json_builder_add_null_value (b);
    else
      json_builder_add_double_value (b, elbow->silhouette[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "silhouette_sample_size");
  json_builder_add_int_value (b, elbow->silhouette_sample_size);
  json_builder_set_member_name (b, "elbow");
  json_builder_begin_object (b);
  add_k_or_null (b, "second_difference", elbow->elbow_second_difference);
  add_k_or_null (b, "kneedle", elbow->elbow_kneedle);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, seconds);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_human (const LloydElbow *elbow)
{
  printf ("%6s %18s %12s\n", "k", _("inertia"), _("silhouette"));
  for (guint i = 0; i < elbow->n; i++)
    {
      if (isnan (elbow->silhouette[i]))
        printf ("%6u %18.8g %12s\n", elbow->k[i], elbow->inertia[i], "–");
      else
        printf ("%6u %18.8g %12.6f\n", elbow->k[i], elbow->inertia[i], elbow->silhouette[i]);
    }
  if (elbow->elbow_second_difference == 0 && elbow->elbow_kneedle == 0)
    printf (_("No clear elbow.\n"));
  else
    {
      if (elbow->elbow_second_difference != 0)
        printf (_("Elbow by the second difference: k = %u\n"), elbow->elbow_second_difference);
      if (elbow->elbow_kneedle != 0)
        printf (_("Elbow by Kneedle: k = %u\n"), elbow->elbow_kneedle);
    }
}

int
lloyd_cli_elbow (int    argc,
                 char **argv)
{
  LloydCliDataArgs data = { 0 };
  LloydCliFiguresArgs figures = { 0 };
  LloydCliKMeansArgs args;
  g_autofree char *range = NULL;
  gboolean silhouette = FALSE;
  gint64 sample = 10000, max_exact = 20000;
  const GOptionEntry entries[] = {
    { "k", 'k', 0, G_OPTION_ARG_STRING, &range, N_("The range of k, e.g. 1:10"), N_("A:B") },
    { "silhouette", 0, 0, G_OPTION_ARG_NONE, &silhouette, N_("Also compute the silhouette for each k ≥ 2"), NULL },
    { "silhouette-exact", 0, 0, G_OPTION_ARG_INT64, &max_exact,
      N_("Exact silhouette up to this many rows (default 20000)"), N_("N") },
    { "silhouette-sample", 0, 0, G_OPTION_ARG_INT64, &sample,
      N_("Above that, the silhouette of a seeded sample of this many rows (default 10000)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — inertia over a range of k, and the elbow"));
  g_autoptr(LloydDataset) dataset = NULL;
  g_autoptr(LloydTransform) transform = NULL;
  g_autoptr(LloydMatrix) x = NULL;
  g_autoptr(LloydKMeans) probe = NULL;
  g_autoptr(LloydElbow) elbow = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  LloydElbowOptions options;
  LloydCliProgressBar bar;
  LloydProgressFunc progress;
  gint64 t0 = g_get_monotonic_time ();
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  lloyd_cli_add_data_options (context, &data);
  lloyd_cli_kmeans_add_options (context, &args);
  lloyd_cli_add_figures_options (context, &figures);
  if (!lloyd_cli_parse_args (context, &argc, &argv, &status))
    goto out;
  lloyd_elbow_options_init (&options);
  if (argc != 2)
    {
      status = lloyd_cli_usage_error ("elbow", _("expected exactly one FILE"));
      goto out;
    }
  if (!parse_range (range, &options.k_min, &options.k_max))
    {
      status = lloyd_cli_usage_error ("elbow", _("give the range of k as --k A:B with 1 ≤ A ≤ B"));
      goto out;
    }
  if (sample < 2 || max_exact < 0)
    {
      status = lloyd_cli_usage_error ("elbow", _("--silhouette-sample must be at least 2"));
      goto out;
    }

  dataset = lloyd_cli_load (argv[1], &data, &status);
  if (dataset == NULL)
    goto out;
  x = lloyd_cli_kmeans_prepare (dataset, &args, &transform, &error);
  if (x == NULL)
    goto failed;

  /* The shared option parser configures a model; the sweep takes its choices. */
  probe = lloyd_kmeans_new (options.k_min);
  if (!lloyd_cli_kmeans_configure (probe, &args, x->d, &error))
    goto failed;
  options.init = lloyd_kmeans_get_init (probe);
  if (options.init == LLOYD_INIT_ROWS || options.init == LLOYD_INIT_CENTROIDS)
    {
      status = lloyd_cli_usage_error ("elbow", _("--init rows:… and centroids:… fix k; use another initialization"));
      goto out;
    }
  options.seed = (guint64) args.seed;
  options.n_init = args.n_init;
  options.max_iter = args.max_iter;
  options.tol = args.tol;
  options.n_threads = args.threads;
  options.silhouette = silhouette;
  options.silhouette_options.max_exact = (gsize) max_exact;
  options.silhouette_options.sample_size = (gsize) sample;
  options.silhouette_options.seed = (guint64) args.seed;

  progress = lloyd_cli_progress_begin (&bar);
  elbow = lloyd_elbow_sweep (x, &options, progress, &bar, NULL, &error);
  lloyd_cli_progress_end (&bar);
  if (elbow == NULL)
    goto failed;
  if (figures.dir != NULL)
    {
      gboolean written = lloyd_cli_write_elbow_figure (elbow, dataset->name, options.seed, &figures, FALSE, &error);

      /* One figure run per process: release the font caches for leak checkers. */
      lloyd_plot_shutdown ();
      if (!written)
        goto failed;
    }

  node = elbow_to_json (elbow, dataset->path, lloyd_cli_seconds_since (t0));
  if (args.out != NULL)
    {
      g_autofree char *path = g_build_filename (args.out, "elbow.json", NULL);

      if (g_mkdir_with_parents (args.out, 0755) != 0)
        {
          int err = errno;
          g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (err), _("Cannot create %s: %s"),
                       args.out, g_strerror (err));
          goto failed;
        }
      if (!lloyd_cli_write_json (node, path, &error))
        goto failed;
    }
  if (args.json)
    {
      if (!lloyd_cli_write_json (node, NULL, &error))
        goto failed;
    }
  else if (args.out == NULL)
    print_human (elbow);
  if (args.timings)
    fprintf (stderr, "total %.3f s\n", lloyd_cli_seconds_since (t0));
  status = LLOYD_EXIT_OK;
  goto out;

failed:
  status = lloyd_cli_report_error (error);
out:
  lloyd_cli_data_args_clear (&data);
  lloyd_cli_figures_args_clear (&figures);
  lloyd_cli_kmeans_args_clear (&args);
  return status;
}
