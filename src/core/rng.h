/* rng.h — the seeded random generator every model and generator owns (no hidden
 * global state): xoshiro256** seeded through splitmix64, so a 64-bit seed gives the
 * same stream on every machine and thread count. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 s[4];
} LloydRng;

void    lloyd_rng_init      (LloydRng *rng,
                             guint64   seed);
/* An independent stream derived from @rng's seed and @stream (for restarts,
 * per-k sweeps and worker threads), without advancing @rng. */
void    lloyd_rng_fork      (const LloydRng *rng,
                             guint64         stream,
                             LloydRng       *out);
guint64 lloyd_rng_next      (LloydRng *rng);
/* Uniform in [0, 1), 53 random bits. */
double  lloyd_rng_uniform   (LloydRng *rng);
/* Uniform integer in [0, bound), unbiased; bound > 0. */
guint64 lloyd_rng_below     (LloydRng *rng,
                             guint64   bound);
/* Standard normal (Box–Muller; one value per call, deterministic). */
double  lloyd_rng_normal    (LloydRng *rng);

G_END_DECLS
