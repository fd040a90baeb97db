/* cli-generate.c — `lloyd-cli generate blobs|moons … -o FILE.csv`: synthetic data
 * from a seed, written as CSV with a label column. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cli-common.h"
#include "generate.h"

int
lloyd_cli_generate (int    argc,
                    char **argv)
{
  LloydGenerateOptions o;
  gint64 n = -1, centers = -1, dims = -1, anomalies = -1, seed = 0;
  double std = NAN, noise = NAN, box_min = 0.0, box_max = 0.0;
  g_autofree char *output = NULL;
  g_autofree char *anomaly_kind = NULL;
  const GOptionEntry entries[] = {
    { "n", 'n', 0, G_OPTION_ARG_INT64, &n, N_("Normal points (default 300)"), "N" },
    { "centers", 'c', 0, G_OPTION_ARG_INT64, &centers, N_("Blobs (default 3)"), "C" },
    { "dims", 0, 0, G_OPTION_ARG_INT64, &dims, N_("Dimensions of blobs (default 2)"), "D" },
    { "std", 0, 0, G_OPTION_ARG_DOUBLE, &std, N_("Standard deviation of a blob (default 1)"), "S" },
    { "box-min", 0, 0, G_OPTION_ARG_DOUBLE, &box_min, N_("Blob centres are uniform in [MIN, MAX] (default -10)"), "MIN" },
    { "box-max", 0, 0, G_OPTION_ARG_DOUBLE, &box_max, N_("(default 10)"), "MAX" },
    { "noise", 0, 0, G_OPTION_ARG_DOUBLE, &noise, N_("Gaussian noise of the moons (default 0.05)"), "S" },
    { "anomalies", 'a', 0, G_OPTION_ARG_INT64, &anomalies, N_("Extra anomalous points (default 0)"), "A" },
    { "anomaly-kind", 0, 0, G_OPTION_ARG_STRING, &anomaly_kind,
      N_("uniform (in the enlarged bounding box) or blobs (two small blobs)"), N_("KIND") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (default 0)"), "S" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write CSV here (default: stdout)"), N_("FILE.csv") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("blobs|moons — generate synthetic data"));
  g_autoptr (LloydDataset) dataset = NULL;
  g_autoptr (GError) error = NULL;
  gboolean moons;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!lloyd_cli_parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || (strcmp (argv[1], "blobs") != 0 && strcmp (argv[1], "moons") != 0))
    return lloyd_cli_usage_error ("generate", _("expected “blobs” or “moons”"));
  moons = strcmp (argv[1], "moons") == 0;

  lloyd_generate_options_init (&o);
  if (n == 0 || n < -1 || centers == 0 || centers < -1 || dims == 0 || dims < -1 || anomalies < -1
      || seed < 0)
    return lloyd_cli_usage_error ("generate", _("--n, --centers and --dims must be positive, "
                                                "--anomalies and --seed not negative"));
  if (n > 0)
    o.n = n;
  if (centers > 0)
    o.centers = (guint) MIN (centers, G_MAXUINT);
  if (dims > 0)
    o.dims = (guint) MIN (dims, G_MAXUINT);
  if (anomalies >= 0)
    o.anomalies = anomalies;
  if (std >= 0.0)
    o.std = std;
  else if (!isnan (std))
    return lloyd_cli_usage_error ("generate", _("--std must not be negative"));
  if (noise >= 0.0)
    o.noise = noise;
  else if (!isnan (noise))
    return lloyd_cli_usage_error ("generate", _("--noise must not be negative"));
  if (box_min != 0.0 || box_max != 0.0)
    {
      o.box_min = box_min;
      o.box_max = box_max;
    }
  if (anomaly_kind != NULL)
    {
      if (strcmp (anomaly_kind, "uniform") == 0)
        o.anomaly_kind = LLOYD_ANOMALIES_UNIFORM;
      else if (strcmp (anomaly_kind, "blobs") == 0)
        o.anomaly_kind = LLOYD_ANOMALIES_BLOBS;
      else
        return lloyd_cli_usage_error ("generate", _("--anomaly-kind must be uniform or blobs"));
    }
  o.seed = (guint64) seed;

  dataset = moons ? lloyd_generate_moons (&o, &error) : lloyd_generate_blobs (&o, &error);
  /* Nonsense parameters are the command line's fault. */
  if (dataset == NULL)
    return lloyd_cli_usage_error ("generate", "%s", error->message);
  if (!lloyd_dataset_save_csv (dataset, output, &error))
    return lloyd_cli_report_error (error);
  return LLOYD_EXIT_OK;
}
