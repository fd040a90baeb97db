/* palette.c — cluster colours (see palette.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "palette.h"

/* Okabe–Ito without black (kept for outlines and text) and with its yellow
 * darkened so it reads on white; Tol's wine, olive and indigo complete ten. */
static const guint32 safe[LLOYD_PALETTE_SAFE_SIZE] = {
  0x0072B2, /* blue */
  0xE69F00, /* orange */
  0x009E73, /* bluish green */
  0xD55E00, /* vermillion */
  0x56B4E9, /* sky blue */
  0xCC79A7, /* reddish purple */
  0xC9B400, /* yellow, darkened */
  0x882255, /* wine */
  0x999933, /* olive */
  0x332288, /* indigo */
};

/* Tol's bright scheme (grey left out: it reads as "no cluster"), completed with
 * his muted teal, wine and indigo and a dark sand. */
static const guint32 tol_bright[LLOYD_PALETTE_SAFE_SIZE] = {
  0x4477AA, /* blue */
  0xEE6677, /* red */
  0x228833, /* green */
  0xCCBB44, /* yellow */
  0x66CCEE, /* cyan */
  0xAA3377, /* purple */
  0x44AA99, /* teal */
  0x882255, /* wine */
  0x332288, /* indigo */
  0x997700, /* dark sand */
};

static gint current_scheme = LLOYD_PALETTE_OKABE_ITO;

void
lloyd_palette_set_scheme (LloydPaletteScheme scheme)
{
  g_return_if_fail (scheme == LLOYD_PALETTE_OKABE_ITO || scheme == LLOYD_PALETTE_TOL_BRIGHT);
  g_atomic_int_set (&current_scheme, scheme);
}

LloydPaletteScheme
lloyd_palette_get_scheme (void)
{
  return g_atomic_int_get (&current_scheme);
}

gboolean
lloyd_palette_scheme_from_string (const char         *name,
                                  LloydPaletteScheme *scheme)
{
  g_return_val_if_fail (name != NULL && scheme != NULL, FALSE);

  if (g_str_equal (name, "okabe-ito") || g_str_equal (name, "default") || g_str_equal (name, "colorblind"))
    *scheme = LLOYD_PALETTE_OKABE_ITO;
  else if (g_str_equal (name, "tol-bright"))
    *scheme = LLOYD_PALETTE_TOL_BRIGHT;
  else
    return FALSE;
  return TRUE;
}

static double
hue_to_rgb (double p,
            double q,
            double t)
{
  if (t < 0)
    t += 1;
  if (t > 1)
    t -= 1;
  if (t < 1.0 / 6)
    return p + (q - p) * 6 * t;
  if (t < 0.5)
    return q;
  if (t < 2.0 / 3)
    return p + (q - p) * (2.0 / 3 - t) * 6;
  return p;
}

/* A stream of candidate colours: golden-angle hues so neighbours differ most,
 * with lightness and saturation cycling on other periods. */
static void
candidate (guint  j,
           double rgb[3])
{
  static const double lightness[5] = { 0.45, 0.62, 0.32, 0.54, 0.38 };
  static const double saturation[3] = { 0.75, 0.55, 0.90 };
  double h = fmod (0.07 + j * 0.381966011250105, 1.0);
  double l = lightness[j % 5], s = saturation[(j / 5) % 3];
  double q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  double p = 2 * l - q;

  rgb[0] = hue_to_rgb (p, q, h + 1.0 / 3);
  rgb[1] = hue_to_rgb (p, q, h);
  rgb[2] = hue_to_rgb (p, q, h - 1.0 / 3);
}

static void
safe_color (guint  index,
            double rgb[3])
{
  rgb[0] = ((safe[index] >> 16) & 0xff) / 255.0;
  rgb[1] = ((safe[index] >> 8) & 0xff) / 255.0;
  rgb[2] = (safe[index] & 0xff) / 255.0;
}

#define N_GENERATED 256
/* Squared RGB distance every generated colour keeps from all earlier ones. */
#define MIN_DISTANCE2 0.01

static double generated[N_GENERATED][3];

/* Greedy: take candidates in order, dropping any too close to one already
 * taken (or to a safe colour). Built once; about 540 candidates give 256. */
static void
build_generated (void)
{
  guint n = 0;

  for (guint j = 0; n < N_GENERATED && j < 100000; j++)
    {
      double c[3], nearest = G_MAXDOUBLE;

      candidate (j, c);
      for (guint i = 0; i < LLOYD_PALETTE_SAFE_SIZE + n; i++)
        {
          double o[3], d2 = 0;

          if (i < LLOYD_PALETTE_SAFE_SIZE)
            safe_color (i, o);
          else
            memcpy (o, generated[i - LLOYD_PALETTE_SAFE_SIZE], sizeof o);
          for (int k = 0; k < 3; k++)
            d2 += (c[k] - o[k]) * (c[k] - o[k]);
          nearest = MIN (nearest, d2);
        }
      if (nearest >= MIN_DISTANCE2)
        memcpy (generated[n++], c, sizeof c);
    }
  g_assert (n == N_GENERATED);
}

void
lloyd_palette_color (guint   index,
                     double  rgb[3])
{
  static gsize ready;

  g_return_if_fail (rgb != NULL);

  if (index < LLOYD_PALETTE_SAFE_SIZE && lloyd_palette_get_scheme () == LLOYD_PALETTE_TOL_BRIGHT)
    {
      rgb[0] = ((tol_bright[index] >> 16) & 0xff) / 255.0;
      rgb[1] = ((tol_bright[index] >> 8) & 0xff) / 255.0;
      rgb[2] = (tol_bright[index] & 0xff) / 255.0;
      return;
    }
  if (index < LLOYD_PALETTE_SAFE_SIZE)
    {
      safe_color (index, rgb);
      return;
    }
  if (g_once_init_enter (&ready))
    {
      build_generated ();
      g_once_init_leave (&ready, 1);
    }
  if (index - LLOYD_PALETTE_SAFE_SIZE < N_GENERATED)
    memcpy (rgb, generated[index - LLOYD_PALETTE_SAFE_SIZE], 3 * sizeof (double));
  else
    candidate (index, rgb);
}

static double
linear (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
lloyd_palette_luminance (const double rgb[3])
{
  g_return_val_if_fail (rgb != NULL, 0);
  return 0.2126 * linear (rgb[0]) + 0.7152 * linear (rgb[1]) + 0.0722 * linear (rgb[2]);
}
