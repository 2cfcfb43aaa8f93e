/* rng.c -- xoshiro256** as a gsl_rng_type, and stream seeding by name.
 *
 * Source of the generator: Blackman & Vigna, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 2021 (public-domain reference algorithm);
 * FNV-1a 64 for hashing names (Fowler/Noll/Vo).  Known answer checked by
 * tests/test_rng.c: the stream of a given (seed, name) never changes.
 */
#include "rng.h"

#include <stdarg.h>
#include <stdio.h>

typedef struct { uint64_t s[4]; } xoshiro_state;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t xoshiro_next(xoshiro_state *st)
{
    uint64_t *s = st->s;
    uint64_t r = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

uint64_t vdc_rng_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void xoshiro_set(void *vstate, unsigned long seed)
{
    xoshiro_state *st = vstate;
    uint64_t sm = (uint64_t)seed;
    for (int i = 0; i < 4; i++)
        st->s[i] = vdc_rng_splitmix64(&sm);   /* never all zero in practice */
}

/* GSL wants get() in [min, max]; we give the high 32 bits (the best ones). */
static unsigned long xoshiro_get(void *vstate)
{
    return (unsigned long)(xoshiro_next(vstate) >> 32);
}

static double xoshiro_get_double(void *vstate)
{
    return (double)(xoshiro_next(vstate) >> 11) * 0x1.0p-53;   /* [0, 1) */
}

static const gsl_rng_type xoshiro_type = {
    "vdc-xoshiro256**", 0xffffffffUL, 0, sizeof(xoshiro_state),
    xoshiro_set, xoshiro_get, xoshiro_get_double
};
const gsl_rng_type *vdc_rng_xoshiro = &xoshiro_type;

uint64_t vdc_rng_seed_of(uint64_t seed, const char *name)
{
    uint64_t h = 0xcbf29ce484222325ULL;           /* FNV-1a 64 offset basis */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;                     /* FNV-1a 64 prime */
    }
    uint64_t sm = seed ^ rotl(h, 17);
    return vdc_rng_splitmix64(&sm) ^ h;
}

gsl_rng *vdc_rng_stream(uint64_t seed, const char *name)
{
    gsl_rng *r = gsl_rng_alloc(vdc_rng_xoshiro);
    if (r)
        gsl_rng_set(r, (unsigned long)vdc_rng_seed_of(seed, name));
    return r;
}

gsl_rng *vdc_rng_streamf(uint64_t seed, const char *fmt, ...)
{
    char name[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    return vdc_rng_stream(seed, name);
}
