/* test-plot-export.c — figures to files: PNG size and scale, PNG text chunks
 * with valid CRCs, SVG and PDF that other tools parse, transparency, frame
 * names, and the errors for bad sizes and unwritable paths. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <zlib.h>

#include "export.h"
#include "histogram-plot.h"
#include "test-util.h"

static double values[200];

static void
render_histogram (const LloydPlotScope *scope,
                  gpointer              user_data)
{
  LloydHistogramPlot *plot = user_data;
  lloyd_histogram_plot_render (plot, scope);
}

static void
init_plot (LloydHistogramPlot *plot)
{
  static double threshold = 1.5;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = fabs (sin (i * 0.37)) * 2;
  memset (plot, 0, sizeof *plot);
  plot->n = G_N_ELEMENTS (values);
  plot->values = values;
  plot->n_thresholds = 1;
  plot->thresholds = &threshold;
  plot->title = "Distances";
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Walks the PNG chunks, checking every CRC; returns the value of text chunk @key (or NULL). */
static char *
png_text (const guint8 *data,
          gsize         len,
          const char   *key,
          guint        *width,
          guint        *height)
{
  static const guint8 signature[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };
  char *found = NULL;
  gsize pos = 8;
  gboolean seen_iend = FALSE;

  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (data, 8, signature, 8);
  while (pos + 12 <= len)
    {
      guint32 clen = be32 (data + pos);
      const guint8 *type = data + pos + 4, *body = data + pos + 8;
      uLong crc = crc32 (0L, Z_NULL, 0);

      g_assert_cmpuint (pos + 12 + clen, <=, len);
      crc = crc32 (crc, type, 4 + clen);
      g_assert_cmpuint ((guint32) crc, ==, be32 (body + clen));
      if (memcmp (type, "IHDR", 4) == 0)
        {
          g_assert_cmpuint (pos, ==, 8);
          *width = be32 (body);
          *height = be32 (body + 4);
        }
      if ((memcmp (type, "tEXt", 4) == 0 || memcmp (type, "iTXt", 4) == 0) && found == NULL &&
          clen > strlen (key) && memcmp (body, key, strlen (key) + 1) == 0)
        {
          const guint8 *value = body + strlen (key) + 1;
          gsize vlen = clen - strlen (key) - 1;

          if (memcmp (type, "iTXt", 4) == 0)
            {
              /* compression flag, method, language\0, translated key\0 */
              g_assert_cmpuint (value[0], ==, 0);
              value += 2;
              vlen -= 2;
              while (*value)
                value++, vlen--;
              value++, vlen--;
              while (*value)
                value++, vlen--;
              value++, vlen--;
            }
          found = g_strndup ((const char *) value, vlen);
        }
      if (memcmp (type, "IEND", 4) == 0)
        seen_iend = TRUE;
      pos += 12 + clen;
    }
  g_assert_true (seen_iend);
  g_assert_cmpuint (pos, ==, len);
  return found;
}

static void
test_png (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lloyd-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "distances.png", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *software = NULL, *dataset = NULL, *missing = NULL;
  g_autoptr (GError) error = NULL;
  const char *metadata[] = { "Software", "Lloyd test", "Dataset", "iris.csv · k = 3", NULL };
  LloydHistogramPlot plot;
  LloydExportOptions options;
  gsize len;
  guint width = 0, height = 0;

  init_plot (&plot);
  lloyd_export_options_init (&options);
  options.width = 800;
  options.height = 500;
  options.scale = 2;
  options.metadata = metadata;
  options.footer = "iris.csv · k = 3 · seed 1";
  g_assert_true (lloyd_export_figure (path, &options, render_histogram, &plot, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  software = png_text ((const guint8 *) contents, len, "Software", &width, &height);
  g_assert_cmpuint (width, ==, 1600);
  g_assert_cmpuint (height, ==, 1000);
  g_assert_cmpstr (software, ==, "Lloyd test");
  /* Non-Latin-1 text goes into an iTXt chunk, still readable. */
  dataset = png_text ((const guint8 *) contents, len, "Dataset", &width, &height);
  g_assert_cmpstr (dataset, ==, "iris.csv · k = 3");
  missing = png_text ((const guint8 *) contents, len, "Author", &width, &height);
  g_assert_null (missing);

  /* Cairo reads our file back. */
  {
    cairo_surface_t *back = cairo_image_surface_create_from_png (path);

    g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (back), ==, 1600);
    cairo_surface_destroy (back);
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_transparent (void)
{
  LloydHistogramPlot plot;
  LloydExportOptions options;
  cairo_surface_t *opaque, *clear;
  g_autoptr (GError) error = NULL;

  init_plot (&plot);
  lloyd_export_options_init (&options);
  options.width = 300;
  options.height = 200;
  opaque = lloyd_export_to_image (&options, render_histogram, &plot, &error);
  g_assert_no_error (error);
  options.transparent = TRUE;
  clear = lloyd_export_to_image (&options, render_histogram, &plot, &error);
  g_assert_no_error (error);
  /* The top-left corner: white when opaque, nothing when transparent. */
  g_assert_cmphex (*(guint32 *) cairo_image_surface_get_data (opaque), ==, 0xffffffff);
  g_assert_cmphex (*(guint32 *) cairo_image_surface_get_data (clear) >> 24, ==, 0);
  cairo_surface_destroy (opaque);
  cairo_surface_destroy (clear);
}

static void
check_tool (const char *program,
            const char *const *argv,
            const char *expect)
{
  g_autofree char *found = g_find_program_in_path (program);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (found == NULL)
    {
      g_test_message ("%s is not installed; only the size was checked", program);
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  if (expect != NULL)
    g_assert_nonnull (strstr (out, expect));
}

static void
test_vector (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lloyd-export-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "d.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "d.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "from-svg.png", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  const char *metadata[] = { "Title", "Distances", "Software", "Lloyd", NULL };
  LloydHistogramPlot plot;
  LloydExportOptions options;
  gsize len;

  init_plot (&plot);
  lloyd_export_options_init (&options);
  options.width = 600;
  options.height = 400;
  options.metadata = metadata;
  options.format = LLOYD_EXPORT_SVG;
  g_assert_true (lloyd_export_figure (svg, &options, render_histogram, &plot, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (strstr (text, "width=\"600"));
  check_tool ("rsvg-convert", (const char *const[]) { "rsvg-convert", "-o", png, svg, NULL }, NULL);

  options.format = LLOYD_EXPORT_PDF;
  g_assert_true (lloyd_export_figure (pdf, &options, render_histogram, &plot, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (pdf, &text, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  check_tool ("pdfinfo", (const char *const[]) { "pdfinfo", pdf, NULL }, "Pages:");
  check_tool ("pdfinfo", (const char *const[]) { "pdfinfo", pdf, NULL }, "Distances");

  g_unlink (svg);
  g_unlink (pdf);
  g_unlink (png);
  g_rmdir (dir);
}

static void
test_options (void)
{
  g_autoptr (GError) error = NULL;
  LloydExportFormat format;
  LloydExportOptions options;
  LloydHistogramPlot plot;
  int w, h;
  g_autofree char *frame = NULL;

  g_assert_true (lloyd_export_parse_size ("1600x1000", &w, &h, &error));
  g_assert_cmpint (w, ==, 1600);
  g_assert_cmpint (h, ==, 1000);
  g_assert_true (lloyd_export_parse_size ("640×480", &w, &h, &error));
  g_assert_cmpint (h, ==, 480);
  g_assert_false (lloyd_export_parse_size ("1600", &w, &h, &error));
  g_assert_error (error, LLOYD_EXPORT_ERROR, LLOYD_EXPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "WIDTHxHEIGHT"));
  g_clear_error (&error);
  g_assert_false (lloyd_export_parse_size ("0x100", &w, &h, &error));
  g_clear_error (&error);
  g_assert_false (lloyd_export_parse_size ("100x-5", &w, &h, &error));
  g_clear_error (&error);
  g_assert_false (lloyd_export_parse_size (NULL, &w, &h, &error));
  g_clear_error (&error);

  g_assert_true (lloyd_export_format_from_string ("PDF", &format));
  g_assert_cmpint (format, ==, LLOYD_EXPORT_PDF);
  g_assert_false (lloyd_export_format_from_string ("gif", &format));
  g_assert_cmpstr (lloyd_export_format_extension (LLOYD_EXPORT_SVG), ==, "svg");

  frame = lloyd_export_frame_path ("/tmp/x", 7, LLOYD_EXPORT_PNG);
  g_assert_cmpstr (frame, ==, "/tmp/x/frame-007.png");

  /* Bad scale and an unwritable path are errors, not crashes. */
  init_plot (&plot);
  lloyd_export_options_init (&options);
  options.scale = 0;
  g_assert_false (lloyd_export_figure ("/tmp/never.png", &options, render_histogram, &plot, &error));
  g_assert_error (error, LLOYD_EXPORT_ERROR, LLOYD_EXPORT_ERROR_INVALID);
  g_clear_error (&error);
  options.scale = 1;
  options.width = 64;
  options.height = 64;
  g_assert_false (lloyd_export_figure ("/nonexistent-dir/x.png", &options, render_histogram, &plot, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  options.format = LLOYD_EXPORT_PDF;
  g_assert_false (lloyd_export_figure ("/nonexistent-dir/x.pdf", &options, render_histogram, &plot, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/x.pdf"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/export/png", test_png);
  g_test_add_func ("/plot/export/transparent", test_transparent);
  g_test_add_func ("/plot/export/vector", test_vector);
  g_test_add_func ("/plot/export/options", test_options);
  status = g_test_run ();
  lloyd_plot_shutdown ();
  return status;
}
