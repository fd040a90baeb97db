/* export.c — figures to PNG, SVG and PDF files (see export.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>
#include <zlib.h>

#include "export.h"

G_DEFINE_QUARK (lloyd-export-error-quark, lloyd_export_error)

void
lloyd_export_options_init (LloydExportOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
  options->format = LLOYD_EXPORT_PNG;
  options->width = 1200;
  options->height = 800;
  options->scale = 1;
}

gboolean
lloyd_export_format_from_string (const char        *s,
                                 LloydExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);
  if (s == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (s, "png") == 0)
    *format = LLOYD_EXPORT_PNG;
  else if (g_ascii_strcasecmp (s, "svg") == 0)
    *format = LLOYD_EXPORT_SVG;
  else if (g_ascii_strcasecmp (s, "pdf") == 0)
    *format = LLOYD_EXPORT_PDF;
  else
    return FALSE;
  return TRUE;
}

const char *
lloyd_export_format_extension (LloydExportFormat format)
{
  switch (format)
    {
    case LLOYD_EXPORT_PNG:
      return "png";
    case LLOYD_EXPORT_SVG:
      return "svg";
    case LLOYD_EXPORT_PDF:
      return "pdf";
    default:
      g_return_val_if_reached ("png");
    }
}

gboolean
lloyd_export_parse_size (const char *s,
                         int        *width,
                         int        *height,
                         GError    **error)
{
  g_auto (GStrv) parts = NULL;
  g_autofree char *copy = NULL;
  guint64 w = 0, h = 0;

  g_return_val_if_fail (width != NULL && height != NULL, FALSE);

  if (s != NULL)
    {
      GString *normal = g_string_new (s);

      g_string_replace (normal, "×", "x", 0);
      g_string_replace (normal, "X", "x", 0);
      copy = g_string_free (normal, FALSE);
      parts = g_strsplit (copy, "x", -1);
    }
  if (parts == NULL || g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 16, 16384, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 16, 16384, &h, NULL))
    {
      g_set_error (error, LLOYD_EXPORT_ERROR, LLOYD_EXPORT_ERROR_INVALID,
                   _("“%s” is not a figure size: expected WIDTHxHEIGHT with each side from 16 to 16384, e.g. 1600x1000"),
                   s ? s : "");
      return FALSE;
    }
  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

static gboolean
check_options (const LloydExportOptions *options,
               GError                  **error)
{
  if (options->width < 1 || options->height < 1 || options->width > 16384 || options->height > 16384 ||
      !(options->scale > 0) || options->scale > 8 ||
      options->width * options->scale > 32767 || options->height * options->scale > 32767)
    {
      g_set_error (error, LLOYD_EXPORT_ERROR, LLOYD_EXPORT_ERROR_INVALID,
                   _("Cannot draw a %d × %d figure at scale %g: sides must be 1..16384 and scale 0..8"),
                   options->width, options->height, options->scale);
      return FALSE;
    }
  return TRUE;
}

/* @device_scale: device pixels per user unit of @surface (the PNG's scale);
 * @raster_scale: what raster layers should assume (vector output has no pixels,
 * so it names the resolution to rasterise the density image at). */
static void
render_into (cairo_surface_t          *surface,
             const LloydExportOptions *options,
             double                    device_scale,
             double                    raster_scale,
             LloydPlotRenderFunc       render,
             gpointer                  user_data)
{
  cairo_t *cr = cairo_create (surface);
  LloydPlotScope scope = {
    .cr = cr,
    .width = options->width,
    .height = options->height,
    .scale = raster_scale,
    .theme = options->theme,
    .transparent = options->transparent,
    .footer = options->footer,
  };

  if (device_scale != 1)
    cairo_scale (cr, device_scale, device_scale);
  render (&scope, user_data);
  cairo_destroy (cr);
}

static gboolean
check_surface (cairo_surface_t *surface,
               const char      *what,
               GError         **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, LLOYD_EXPORT_ERROR, LLOYD_EXPORT_ERROR_CAIRO, "%s: %s", what,
               cairo_status_to_string (status));
  return FALSE;
}

cairo_surface_t *
lloyd_export_to_image (const LloydExportOptions *options,
                       LloydPlotRenderFunc       render,
                       gpointer                  user_data,
                       GError                  **error)
{
  cairo_surface_t *surface;
  double scale;

  g_return_val_if_fail (options != NULL && render != NULL, NULL);

  if (!check_options (options, error))
    return NULL;
  scale = options->scale;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (options->width * scale),
                                        (int) ceil (options->height * scale));
  if (!check_surface (surface, _("Cannot create the image"), error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  render_into (surface, options, scale, scale, render, user_data);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (out, b, 4);
}

/* A PNG chunk: length, type, data, CRC-32 of type + data. */
static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  uLong crc = crc32 (0L, Z_NULL, 0);

  put_be32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, (guint) len);
  crc = crc32 (crc, (const Bytef *) type, 4);
  crc = crc32 (crc, data, (uInt) len);
  put_be32 (out, (guint32) crc);
}

static gboolean
is_latin1_printable (const char *s)
{
  for (const guchar *p = (const guchar *) s; *p; p++)
    if (*p >= 0x80 || (*p < 0x20 && *p != '\n'))
      return FALSE;
  return TRUE;
}

GBytes *
lloyd_export_png_bytes (cairo_surface_t   *surface,
                        const char *const *metadata,
                        GError           **error)
{
  g_autoptr (GByteArray) png = g_byte_array_new ();
  GByteArray *out;
  cairo_status_t status;
  gsize ihdr_end;

  g_return_val_if_fail (surface != NULL, NULL);

  status = cairo_surface_write_to_png_stream (surface, append_bytes, png);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LLOYD_EXPORT_ERROR, LLOYD_EXPORT_ERROR_CAIRO, _("Cannot encode the PNG: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  /* Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC); text
   * chunks go right after IHDR so readers see them before the pixels. */
  ihdr_end = 8 + 4 + 4 + 13 + 4;
  g_assert (png->len > ihdr_end && memcmp (png->data + 12, "IHDR", 4) == 0);

  out = g_byte_array_sized_new (png->len + 512);
  g_byte_array_append (out, png->data, (guint) ihdr_end);
  for (guint i = 0; metadata != NULL && metadata[i] != NULL && metadata[i + 1] != NULL; i += 2)
    {
      const char *key = metadata[i], *value = metadata[i + 1];
      gsize klen = strlen (key), vlen = strlen (value);
      g_autoptr (GByteArray) data = g_byte_array_new ();
      static const guint8 zero = 0;

      /* Keywords are 1–79 Latin-1 characters; skip what a reader would reject. */
      if (klen == 0 || klen > 79 || !is_latin1_printable (key))
        continue;
      g_byte_array_append (data, (const guint8 *) key, (guint) klen);
      g_byte_array_append (data, &zero, 1);
      if (is_latin1_printable (value))
        {
          g_byte_array_append (data, (const guint8 *) value, (guint) vlen);
          put_chunk (out, "tEXt", data->data, data->len);
        }
      else
        {
          /* UTF-8 text needs iTXt: uncompressed, no language, no translated key. */
          static const guint8 itxt_head[4] = { 0, 0, 0, 0 };

          g_byte_array_append (data, itxt_head, 4);
          g_byte_array_append (data, (const guint8 *) value, (guint) vlen);
          put_chunk (out, "iTXt", data->data, data->len);
        }
    }
  g_byte_array_append (out, png->data + ihdr_end, (guint) (png->len - ihdr_end));
  return g_byte_array_free_to_bytes (out);
}

gboolean
lloyd_export_figure (const char               *path,
                     const LloydExportOptions *options,
                     LloydPlotRenderFunc       render,
                     gpointer                  user_data,
                     GError                  **error)
{
  cairo_surface_t *surface = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (path != NULL && options != NULL && render != NULL, FALSE);

  if (!check_options (options, error))
    return FALSE;
  what = g_strdup_printf (_("Cannot write %s"), path);

  switch (options->format)
    {
    case LLOYD_EXPORT_PNG:
      {
        g_autoptr (GBytes) bytes = NULL;
        gboolean ok;

        surface = lloyd_export_to_image (options, render, user_data, error);
        if (surface == NULL)
          return FALSE;
        bytes = lloyd_export_png_bytes (surface, options->metadata, error);
        cairo_surface_destroy (surface);
        if (bytes == NULL)
          return FALSE;
        ok = g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
        return ok;
      }
    case LLOYD_EXPORT_SVG:
      surface = cairo_svg_surface_create (path, options->width, options->height);
      if (check_surface (surface, what, error))
        cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case LLOYD_EXPORT_PDF:
      surface = cairo_pdf_surface_create (path, options->width, options->height);
      if (check_surface (surface, what, error))
        for (guint i = 0; options->metadata != NULL && options->metadata[i] && options->metadata[i + 1]; i += 2)
          {
            if (g_ascii_strcasecmp (options->metadata[i], "Title") == 0)
              cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, options->metadata[i + 1]);
            else if (g_ascii_strcasecmp (options->metadata[i], "Software") == 0)
              cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, options->metadata[i + 1]);
            else if (g_ascii_strcasecmp (options->metadata[i], "Description") == 0)
              cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, options->metadata[i + 1]);
          }
      break;
    default:
      g_set_error (error, LLOYD_EXPORT_ERROR, LLOYD_EXPORT_ERROR_INVALID, _("Unknown figure format %d"),
                   options->format);
      return FALSE;
    }

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  /* Vector output has no pixels: raster layers take one per point. */
  render_into (surface, options, 1, 1, render, user_data);
  cairo_surface_finish (surface);
  if (!check_surface (surface, what, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_surface_destroy (surface);
  return TRUE;
}

char *
lloyd_export_frame_path (const char        *dir,
                         guint              index,
                         LloydExportFormat  format)
{
  g_autofree char *name = g_strdup_printf ("frame-%03u.%s", index, lloyd_export_format_extension (format));

  g_return_val_if_fail (dir != NULL, NULL);
  return g_build_filename (dir, name, NULL);
}
