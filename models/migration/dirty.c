/* dirty.c -- dirty-page tracker: batched writes and whole-word bitmap passes.
 *
 * What: the page-level state of a migrating VM (see dirty.h).  Why here: it
 * is the simulator's hot loop; a 64 GiB guest has 16 Mi pages = 256 Ki words.
 * Source: KVM's dirty log is a bitmap fetched and cleared per pre-copy round
 * (QEMU migration/ram.c, migration_bitmap_sync); the bulk generator is
 * xoshiro256+ (Blackman & Vigna, ACM TOMS 2021, public-domain algorithm);
 * the AVX2 popcount is the nibble-table method (Mula, Kurz & Lemire, "Faster
 * population counts using AVX2 instructions", Computer Journal 2018).
 * Known answers (tests/test_migration_dirty.c): uniform writes hit the
 * expected number of distinct pages.  The whole-word kernels (popcount,
 * sync) live in sim/bitmap.c.
 */
#include "dirty.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "rng.h"

/* ---- the tracker ---------------------------------------------------------- */

int vdc_dirty_init(vdc_dirty *d, uint64_t npages, uint64_t seed)
{
    *d = (vdc_dirty){ .npages = npages, .nwords = (size_t)((npages + 63) >> 6) };
    d->bits = vdc_bitmap_alloc(npages);
    d->ever = vdc_bitmap_alloc(npages);
    if (!d->bits || !d->ever) {
        vdc_dirty_free(d);
        return VDC_ENOMEM;
    }
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++)
        d->s[i] = vdc_rng_splitmix64(&sm);
    return 0;
}

void vdc_dirty_free(vdc_dirty *d)
{
    free(d->bits);
    free(d->ever);
    d->bits = d->ever = NULL;
}

void vdc_dirty_seed(vdc_dirty *d, gsl_rng *r)
{
    uint64_t sm = ((uint64_t)gsl_rng_get(r) << 32) ^ (uint64_t)gsl_rng_get(r);
    for (int i = 0; i < 4; i++)
        d->s[i] = vdc_rng_splitmix64(&sm);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t vdc_dirty_next(vdc_dirty *d)
{
    uint64_t *s = d->s, r = s[0] + s[3], t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

void vdc_dirty_write_range(vdc_dirty *d, uint64_t lo, uint64_t len, uint64_t count)
{
    uint64_t *restrict b = d->bits;
    uint64_t s0 = d->s[0], s1 = d->s[1], s2 = d->s[2], s3 = d->s[3];
    for (uint64_t i = 0; i < count; i++) {
        uint64_t r = s0 + s3, t = s1 << 17;     /* xoshiro256+, inlined */
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 45);
        uint64_t p = lo + vdc_law_scale(r, len);
        b[p >> 6] |= 1ULL << (p & 63);
    }
    d->s[0] = s0;
    d->s[1] = s1;
    d->s[2] = s2;
    d->s[3] = s3;
}

/* Poisson(mu) as a 64-bit count; GSL's sampler returns unsigned int. */
static uint64_t poisson64(gsl_rng *r, double mu)
{
    const double chunk = 1e9;
    uint64_t k = 0;
    while (mu > chunk) {
        k += gsl_ran_poisson(r, chunk);
        mu -= chunk;
    }
    return k + (mu > 0 ? gsl_ran_poisson(r, mu) : 0);
}

double vdc_dirty_write(vdc_dirty *d, const vdc_law *law, gsl_rng *r, double mean)
{
    if (!(mean > 0))
        return 0;
    double drawn = 0;
    for (int j = 0; j < law->nseg; j++) {
        double mu = mean * law->mass[j];
        if (mu >= VDC_DIRTY_FILL_WRITES * (double)law->len[j]) {
            vdc_bitmap_fill(d->bits, law->lo[j], law->len[j]);
            continue;
        }
        uint64_t k = poisson64(r, mu);
        vdc_dirty_write_range(d, law->lo[j], law->len[j], k);
        drawn += (double)k;
    }
    return drawn;
}

uint64_t vdc_dirty_sync(vdc_dirty *d)
{
    return vdc_bitmap_sync(d->bits, d->ever, d->nwords);
}
