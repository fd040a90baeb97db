/* rng.c — xoshiro256** (Blackman & Vigna) with splitmix64 seeding. */
#include "config.h"

#include <math.h>

#include "rng.h"

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

void
lloyd_rng_init (LloydRng *rng,
                guint64   seed)
{
  guint64 x = seed;

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

void
lloyd_rng_fork (const LloydRng *rng,
                guint64         stream,
                LloydRng       *out)
{
  guint64 x = rng->s[0] ^ rotl (rng->s[3], 17) ^ (stream * G_GUINT64_CONSTANT (0xd1b54a32d192ed03));

  for (guint i = 0; i < 4; i++)
    out->s[i] = splitmix64 (&x);
}

guint64
lloyd_rng_next (LloydRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
lloyd_rng_uniform (LloydRng *rng)
{
  return (double) (lloyd_rng_next (rng) >> 11) * 0x1.0p-53;
}

guint64
lloyd_rng_below (LloydRng *rng,
                 guint64   bound)
{
  /* Rejection of the short top range keeps every value equally likely. */
  guint64 limit = G_MAXUINT64 - G_MAXUINT64 % bound;
  guint64 r;

  g_assert (bound > 0);
  do
    r = lloyd_rng_next (rng);
  while (r >= limit);
  return r % bound;
}

double
lloyd_rng_normal (LloydRng *rng)
{
  double u1, u2;

  do
    u1 = lloyd_rng_uniform (rng);
  while (u1 <= 0.0);
  u2 = lloyd_rng_uniform (rng);
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}
