/* rng.h -- named random streams on GSL.
 *
 * Every stream is a gsl_rng seeded from (scenario seed, stream name), e.g.
 * "vm/web-3/io" or "migration/dirty/db-0", so adding a VM or a model never
 * shifts another entity's numbers.  Use the gsl_ran_* distributions on it.
 *
 * The generator is vdc_rng_xoshiro (xoshiro256**, Blackman & Vigna 2018)
 * registered as a gsl_rng_type: GSL's own generators take a seed of at most
 * 32 significant bits (mt19937), so tens of thousands of streams would
 * collide (birthday bound); this one expands a 64-bit seed with SplitMix64.
 */
#ifndef VDC_RNG_H
#define VDC_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

extern const gsl_rng_type *vdc_rng_xoshiro;

/* The 64-bit seed of stream `name` under scenario seed `seed`. */
uint64_t vdc_rng_seed_of(uint64_t seed, const char *name);

/* A new stream (free with gsl_rng_free); NULL when out of memory. */
gsl_rng *vdc_rng_stream(uint64_t seed, const char *name);

/* Same, with a printf-style name: vdc_rng_streamf(seed, "vm/%s/io", n). */
gsl_rng *vdc_rng_streamf(uint64_t seed, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* SplitMix64 step: also useful to derive sub-seeds for bulk generators. */
uint64_t vdc_rng_splitmix64(uint64_t *state);

#endif
