/* legend.c — figure legends (see legend.h). */
#include "config.h"

#include <string.h>

#include "legend.h"
#include "markers.h"
#include "text.h"

#define KEY_WIDTH 22.0
#define PAD 8.0

struct _LloydLegend
{
  GArray *items; /* of LloydLegendItem */
};

static void
clear_item (gpointer data)
{
  LloydLegendItem *item = data;
  g_free (item->label);
}

LloydLegend *
lloyd_legend_new (void)
{
  LloydLegend *legend = g_new0 (LloydLegend, 1);

  legend->items = g_array_new (FALSE, TRUE, sizeof (LloydLegendItem));
  g_array_set_clear_func (legend->items, clear_item);
  return legend;
}

void
lloyd_legend_free (LloydLegend *legend)
{
  if (legend == NULL)
    return;
  g_array_unref (legend->items);
  g_free (legend);
}

void
lloyd_legend_add (LloydLegend    *legend,
                  LloydLegendKey  key,
                  const double    rgb[3],
                  const char     *label)
{
  LloydLegendItem item = { .key = key, .label = g_strdup (label) };

  g_return_if_fail (legend != NULL && label != NULL);
  if (rgb != NULL)
    memcpy (item.rgb, rgb, sizeof item.rgb);
  g_array_append_val (legend->items, item);
}

guint
lloyd_legend_n_items (const LloydLegend *legend)
{
  return legend->items->len;
}

static double
row_height (const LloydPlotScope *scope)
{
  double h;

  lloyd_text_measure (scope, "Ag", lloyd_plot_scope_theme (scope)->font_size, LLOYD_TEXT_NORMAL, NULL, &h);
  return MAX (h * 1.25, 16);
}

void
lloyd_legend_measure (const LloydLegend    *legend,
                      const LloydPlotScope *scope,
                      double               *width,
                      double               *height)
{
  double widest = 0, size = lloyd_plot_scope_theme (scope)->font_size;

  for (guint i = 0; i < legend->items->len; i++)
    {
      double w;

      lloyd_text_measure (scope, g_array_index (legend->items, LloydLegendItem, i).label, size,
                          LLOYD_TEXT_NORMAL, &w, NULL);
      widest = MAX (widest, w);
    }
  if (width)
    *width = legend->items->len ? PAD + KEY_WIDTH + 6 + widest + PAD : 0;
  if (height)
    *height = legend->items->len ? PAD + legend->items->len * row_height (scope) + PAD / 2 : 0;
}

void
lloyd_legend_draw (const LloydLegend    *legend,
                   const LloydPlotScope *scope,
                   double                x,
                   double                y)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  double rh = row_height (scope), size = theme->font_size;
  cairo_t *cr = scope->cr;

  for (guint i = 0; i < legend->items->len; i++)
    {
      const LloydLegendItem *item = &g_array_index (legend->items, LloydLegendItem, i);
      double cx = x + PAD + KEY_WIDTH / 2, cy = y + PAD + (i + 0.5) * rh;

      cairo_save (cr);
      cairo_new_path (cr);
      cairo_set_source_rgb (cr, item->rgb[0], item->rgb[1], item->rgb[2]);
      switch (item->key)
        {
        case LLOYD_LEGEND_DOT:
          cairo_arc (cr, cx, cy, 4, 0, 2 * G_PI);
          cairo_fill (cr);
          break;
        case LLOYD_LEGEND_DASH:
          {
            static const double dash[] = { 5, 3 };
            cairo_set_dash (cr, dash, 2, 0);
          }
          G_GNUC_FALLTHROUGH;
        case LLOYD_LEGEND_LINE:
          cairo_set_line_width (cr, 2.2);
          cairo_move_to (cr, cx - KEY_WIDTH / 2, cy);
          cairo_line_to (cr, cx + KEY_WIDTH / 2, cy);
          cairo_stroke (cr);
          break;
        case LLOYD_LEGEND_SWATCH:
          cairo_rectangle (cr, cx - 7, cy - 6, 14, 12);
          cairo_fill (cr);
          break;
        case LLOYD_LEGEND_CENTROID:
          lloyd_marker_centroid (scope, cx, cy, 6, item->rgb, NULL);
          break;
        case LLOYD_LEGEND_FLAG:
          lloyd_marker_flag (scope, cx, cy, 5);
          break;
        default:
          g_assert_not_reached ();
        }
      cairo_restore (cr);
      lloyd_text_draw (scope, item->label, x + PAD + KEY_WIDTH + 6, cy, 0, 0.5, size,
                       LLOYD_TEXT_NORMAL, NULL, 0);
    }
}
