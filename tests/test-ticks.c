/* test-ticks.c — the pure tick layout: nice steps, linear and log ticks, label
 * formatting, and degenerate ranges. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ticks.h"

static void
assert_ticks_sane (const LloydTicks *t)
{
  g_assert_cmpuint (t->n, >=, 1);
  g_assert_true (isfinite (t->lo) && isfinite (t->hi));
  g_assert_cmpfloat (t->lo, <, t->hi);
  for (guint i = 0; i < t->n; i++)
    {
      g_assert_true (isfinite (t->values[i]));
      g_assert_cmpfloat (t->values[i], >=, t->lo - fabs (t->lo) * 1e-12 - 1e-300);
      g_assert_cmpfloat (t->values[i], <=, t->hi + fabs (t->hi) * 1e-12 + 1e-300);
      g_assert_cmpstr (t->labels[i], !=, "");
      if (i > 0)
        {
          g_assert_cmpfloat (t->values[i], >, t->values[i - 1]);
          /* Distinct values must read differently. */
          g_assert_cmpstr (t->labels[i], !=, t->labels[i - 1]);
        }
    }
}

static void
test_nice_step (void)
{
  g_assert_cmpfloat (lloyd_ticks_nice_step (10, 11), ==, 1);
  g_assert_cmpfloat (lloyd_ticks_nice_step (10, 6), ==, 2);
  g_assert_cmpfloat (lloyd_ticks_nice_step (10, 3), ==, 5);
  g_assert_cmpfloat (lloyd_ticks_nice_step (10, 2), ==, 10);
  g_assert_cmpfloat_with_epsilon (lloyd_ticks_nice_step (0.37, 5), 0.1, 1e-15);
  g_assert_cmpfloat (lloyd_ticks_nice_step (7300, 6), ==, 2000);
  /* Nonsense spans give a usable step, never 0 or NaN. */
  g_assert_cmpfloat (lloyd_ticks_nice_step (0, 5), ==, 1);
  g_assert_cmpfloat (lloyd_ticks_nice_step (NAN, 5), ==, 1);
  g_assert_cmpfloat (lloyd_ticks_nice_step (-3, 5), ==, 1);
}

static void
test_linear_expand (void)
{
  LloydTicks t;

  lloyd_ticks_linear (0.3, 9.7, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.step, ==, 2);
  g_assert_cmpfloat (t.lo, ==, 0);
  g_assert_cmpfloat (t.hi, ==, 10);
  g_assert_cmpuint (t.n, ==, 6);
  g_assert_cmpstr (t.labels[0], ==, "0");
  g_assert_cmpstr (t.labels[5], ==, "10");

  /* The iris first principal component. */
  lloyd_ticks_linear (-3.22, 4.1, 8, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.step, ==, 2);
  g_assert_cmpfloat (t.values[0], ==, -4);
  g_assert_cmpstr (t.labels[0], ==, "−4");
  g_assert_cmpfloat (t.values[t.n - 1], ==, 6);
  g_assert_cmpuint (t.n, <=, 8);
}

static void
test_linear_exact (void)
{
  LloydTicks t;

  lloyd_ticks_linear (0.05, 0.95, 6, FALSE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.lo, ==, 0.05);
  g_assert_cmpfloat (t.hi, ==, 0.95);
  g_assert_cmpfloat_with_epsilon (t.step, 0.2, 1e-15);
  g_assert_cmpstr (t.labels[0], ==, "0.2");
  g_assert_cmpstr (t.labels[t.n - 1], ==, "0.8");
  /* 0.1 × 3 must be printed 0.3 and sit where 0.3 is. */
  lloyd_ticks_linear (0, 0.5, 6, TRUE, &t);
  g_assert_cmpstr (t.labels[3], ==, "0.3");
  g_assert_cmpfloat_with_epsilon (t.values[3], 0.3, 1e-15);

  /* A short panel (two ticks at most) over 71,000-112,000: the first nice step
   * (50,000) would leave "100 000" alone; two labels of a finer grid instead. */
  lloyd_ticks_linear (71000, 112000, 2, FALSE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpuint (t.n, ==, 2);
  g_assert_cmpstr (t.labels[0], ==, "80\u202f000");
  g_assert_cmpstr (t.labels[1], ==, "100\u202f000");
}

static void
test_linear_many_ranges (void)
{
  /* Sweep magnitudes and offsets: every result sane and within max_ticks. */
  for (int e = -9; e <= 9; e++)
    for (double off = -3; off <= 3; off += 0.75)
      for (guint max_ticks = 2; max_ticks <= 12; max_ticks += 3)
        {
          double span = pow (10, e) * (1 + (e & 3) * 0.37);
          double lo = off * span * 2.3;
          LloydTicks t;

          lloyd_ticks_linear (lo, lo + span, max_ticks, TRUE, &t);
          assert_ticks_sane (&t);
          g_assert_cmpuint (t.n, <=, max_ticks);
          g_assert_cmpfloat (t.lo, <=, lo + span * 1e-9);
          g_assert_cmpfloat (t.hi, >=, lo + span - span * 1e-9);
          lloyd_ticks_linear (lo, lo + span, max_ticks, FALSE, &t);
          assert_ticks_sane (&t);
          g_assert_cmpuint (t.n, <=, max_ticks);
          /* Never one label alone: an axis needs two to show its scale. */
          g_assert_cmpuint (t.n, >=, 2);
          g_assert_cmpfloat (t.lo, ==, lo);
        }
}

static void
test_linear_degenerate (void)
{
  LloydTicks t;

  /* All values equal: the value sits inside a real axis. */
  lloyd_ticks_linear (5, 5, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.lo, <, 5);
  g_assert_cmpfloat (t.hi, >, 5);

  lloyd_ticks_linear (0, 0, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.lo, <, 0);
  g_assert_cmpfloat (t.hi, >, 0);

  lloyd_ticks_linear (-1e-300, -1e-300, 6, FALSE, &t);
  assert_ticks_sane (&t);

  lloyd_ticks_linear (1e12, 1e12, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.lo, <, 1e12);

  /* Reversed ends are swapped. */
  lloyd_ticks_linear (10, 0, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.lo, ==, 0);
  g_assert_cmpfloat (t.hi, ==, 10);

  /* NaN and infinities never leak into ticks. */
  lloyd_ticks_linear (NAN, NAN, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.lo, ==, 0);
  g_assert_cmpfloat (t.hi, ==, 1);
  lloyd_ticks_linear (NAN, 3, 6, TRUE, &t);
  assert_ticks_sane (&t);
  lloyd_ticks_linear (-INFINITY, INFINITY, 6, TRUE, &t);
  assert_ticks_sane (&t);
}

static void
test_log (void)
{
  LloydTicks t;

  lloyd_ticks_log (3, 45000, 10, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_true (t.log);
  g_assert_cmpfloat (t.lo, ==, 1);
  g_assert_cmpfloat (t.hi, ==, 1e5);
  g_assert_cmpuint (t.n, ==, 6);
  g_assert_cmpstr (t.labels[0], ==, "10⁰");
  g_assert_cmpstr (t.labels[3], ==, "10³");
  g_assert_cmpstr (t.labels[5], ==, "10⁵");

  /* Short numbers stay plain: 1 … 10 000, grouped alike once one needs it. */
  lloyd_ticks_log (3, 4500, 10, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpuint (t.n, ==, 5);
  g_assert_cmpstr (t.labels[0], ==, "1");
  g_assert_cmpstr (t.labels[3], ==, "1\u202f000");
  g_assert_cmpstr (t.labels[4], ==, "10\u202f000");

  /* Many decades with few ticks: every second or fifth decade. */
  lloyd_ticks_log (1e-10, 1e10, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpuint (t.n, <=, 6);
  g_assert_cmpfloat (t.step, >, 1);
  g_assert_cmpstr (t.labels[0], ==, "10⁻¹⁰");

  /* Inside one decade: 2 and 5 are added so there is more than one tick. */
  lloyd_ticks_log (2, 9, 8, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpuint (t.n, ==, 4);
  g_assert_cmpstr (t.labels[1], ==, "2");
  g_assert_cmpstr (t.labels[2], ==, "5");

  /* A short exact axis across one power of ten (a convergence panel's shifts):
   * two ticks, the ends of 0.5, 1, 2, rather than "1" alone. */
  lloyd_ticks_log (0.3, 3, 2, FALSE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpuint (t.n, ==, 2);
  g_assert_cmpstr (t.labels[0], ==, "0.5");
  g_assert_cmpstr (t.labels[1], ==, "2");
}

static void
test_log_degenerate (void)
{
  LloydTicks t;

  lloyd_ticks_log (0, 100, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.lo, >, 0);
  lloyd_ticks_log (-5, -1, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.lo, >, 0);
  lloyd_ticks_log (7, 7, 6, TRUE, &t);
  assert_ticks_sane (&t);
  g_assert_cmpfloat (t.lo, <=, 7);
  g_assert_cmpfloat (t.hi, >=, 7);
  lloyd_ticks_log (NAN, INFINITY, 6, FALSE, &t);
  assert_ticks_sane (&t);
}

static void
test_format (void)
{
  char buf[LLOYD_TICK_LABEL_SIZE];

  lloyd_ticks_format (2.5, 0.5, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2.5");
  lloyd_ticks_format (3, 0.5, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "3");
  lloyd_ticks_format (-0.2, 0.1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "−0.2");
  lloyd_ticks_format (-1e-17, 0.1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0");
  lloyd_ticks_format (2500000, 500000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2\u202f500\u202f000");
  lloyd_ticks_format (2.5e9, 5e8, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2.5×10⁹");
  lloyd_ticks_format (1e9, 5e8, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "10⁹");
  lloyd_ticks_format (-1234.5, 0.5, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "−1234.5");
  lloyd_ticks_format (0.00003, 0.00001, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "3×10⁻⁵");
  lloyd_ticks_format (NAN, 1, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "NaN");
  lloyd_ticks_format (120000, 20000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "120\u202f000");
}

/* A power of ten: "10⁶", "−10⁶" or "2.5×10⁶" (a superscript follows the 10). */
static gboolean
is_scientific (const char *label)
{
  const char *ten = strstr (label, "×10");

  if (ten != NULL)
    return TRUE;
  if (g_str_has_prefix (label, "−"))
    label += strlen ("−");
  return g_str_has_prefix (label, "10") && (guchar) label[2] >= 0x80 && !g_str_has_prefix (label + 2, "\u202f");
}

/* The elbow plot's inertia axis showed "500000" next to "10⁶": every label
 * of an axis takes one style, plain and grouped alike, or all powers of ten. */
static void
test_format_one_style_per_axis (void)
{
  static const double ranges[][2] = {
    { 0, 1.5e6 }, { 0, 1.2e5 }, { 0, 12000 }, { 3e5, 2.2e6 }, { 0, 3e9 }, { -2e6, 2e6 },
    { 0, 8e8 }, { 0, 0.0004 }, { 1e8, 1.9e9 },
  };

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    for (guint max_ticks = 3; max_ticks <= 12; max_ticks++)
      {
        LloydTicks t;
        guint sci = 0, grouped = 0, plain_big = 0, nonzero = 0;

        lloyd_ticks_linear (ranges[r][0], ranges[r][1], max_ticks, TRUE, &t);
        for (guint i = 0; i < t.n; i++)
          {
            if (strcmp (t.labels[i], "0") == 0)
              continue;
            nonzero++;
            if (is_scientific (t.labels[i]))
              sci++;
            else if (strstr (t.labels[i], "\u202f") != NULL)
              grouped++;
            else if (fabs (t.values[i]) >= 1000)
              plain_big++;
          }
        /* All powers of ten, or none; no ungrouped thousands next to grouped ones. */
        g_assert_true (sci == 0 || sci == nonzero);
        g_assert_true (grouped == 0 || plain_big == 0);
        g_assert_cmpint (t.scientific, ==, sci > 0);
      }

  {
    LloydTicks t;
    char buf[LLOYD_TICK_LABEL_SIZE];

    /* The case seen on screen: 0 … 1.5 million in steps of half a million. */
    lloyd_ticks_linear (0, 1.4e6, 4, TRUE, &t);
    g_assert_cmpuint (t.n, ==, 4);
    g_assert_cmpstr (t.labels[1], ==, "500\u202f000");
    g_assert_cmpstr (t.labels[2], ==, "1\u202f000\u202f000");
    /* A value label on that axis reads like its ticks (the convergence strip
     * showed "1.4142e+06"). */
    lloyd_ticks_format_value (&t, 1414213.56, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "1\u202f414\u202f214");
    lloyd_ticks_linear (0, 3e9, 4, TRUE, &t);
    lloyd_ticks_format_value (&t, 1414213562.4, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "1.414×10⁹");
    lloyd_ticks_log (1, 1e5, 8, TRUE, &t);
    lloyd_ticks_format_value (&t, 1234.5, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "1.23×10³");
    lloyd_ticks_linear (0, 1, 6, TRUE, &t);
    lloyd_ticks_format_value (&t, 0.123456, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "0.1235");
    /* A short panel over an exact range (two ticks at most): its values read
     * plain like its ticks (the blobs' inertia strip once showed "5.7×10²"). */
    lloyd_ticks_linear (340, 4630, 2, FALSE, &t);
    g_assert_false (t.scientific);
    lloyd_ticks_format_value (&t, 569.688, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "569.7");
  }
}

static void
test_format_count (void)
{
  char buf[32];

  lloyd_format_count (0, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0");
  lloyd_format_count (999, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "999");
  lloyd_format_count (1000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1\u202f000");
  lloyd_format_count (494021, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "494\u202f021");
  lloyd_format_count (1234567, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1\u202f234\u202f567");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/ticks/nice-step", test_nice_step);
  g_test_add_func ("/plot/ticks/linear/expand", test_linear_expand);
  g_test_add_func ("/plot/ticks/linear/exact", test_linear_exact);
  g_test_add_func ("/plot/ticks/linear/many-ranges", test_linear_many_ranges);
  g_test_add_func ("/plot/ticks/linear/degenerate", test_linear_degenerate);
  g_test_add_func ("/plot/ticks/log", test_log);
  g_test_add_func ("/plot/ticks/log/degenerate", test_log_degenerate);
  g_test_add_func ("/plot/ticks/format", test_format);
  g_test_add_func ("/plot/ticks/format-count", test_format_count);
  g_test_add_func ("/plot/ticks/format/one-style-per-axis", test_format_one_style_per_axis);
  return g_test_run ();
}
