/* bitmap.c -- the one bitmap module: single bits, ranges, and whole-word
 * passes (count, sync, and/andnot counts) with run-time ISA choice.
 *
 * Why in sim/: two models use bitmaps -- migration's dirty-page tracker
 * (16 Mi pages for a 64 GiB guest: the simulator's hot loop) and the Credit
 * scheduler's per-host pCPU masks (Xen's cpumask_t) -- and one module keeps
 * one prefix.  Source: KVM's dirty log is a bitmap fetched and cleared per
 * pre-copy round (QEMU migration/ram.c, migration_bitmap_sync); the AVX2
 * popcount is the nibble-table method (Mula, Kurz & Lemire, "Faster
 * population counts using AVX2 instructions", Computer Journal 2018);
 * vdc_bitmap_cycle is Xen's cpumask_cycle.
 * Known answers (tests/test_migration_dirty.c): every ISA level returns the
 * same count and leaves the same bitmaps.
 * Limits: the library is built for the baseline x86-64, so the wide kernels
 * are compiled per function (target attribute) and chosen at run time.
 */
#include "bitmap.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define VDC_X86 1
#include <immintrin.h>
#else
#define VDC_X86 0
#endif

static vdc_isa forced_isa = VDC_ISA_AUTO;

/* ---- portable kernels ------------------------------------------------- */

static inline uint64_t swar_popcount(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (x * 0x0101010101010101ULL) >> 56;
}

static uint64_t sync_portable(uint64_t *restrict b, uint64_t *restrict acc, size_t n)
{
    uint64_t c = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w = b[i];
        c += swar_popcount(w);
        acc[i] |= w;
        b[i] = 0;
    }
    return c;
}

static uint64_t count_portable(const uint64_t *b, size_t n)
{
    uint64_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += swar_popcount(b[i]);
    return c;
}

static uint64_t andnot_portable(const uint64_t *a, const uint64_t *b, size_t n, int neg)
{
    uint64_t c = 0, m = neg ? ~0ULL : 0;
    for (size_t i = 0; i < n; i++)
        c += swar_popcount(a[i] & (b[i] ^ m));
    return c;
}

#if VDC_X86
/* ---- x86 kernels, compiled for their own ISA -------------------------- */

__attribute__((target("popcnt")))
static uint64_t andnot_popcnt(const uint64_t *a, const uint64_t *b, size_t n, int neg)
{
    uint64_t c = 0, m = neg ? ~0ULL : 0;
    for (size_t i = 0; i < n; i++)
        c += (uint64_t)__builtin_popcountll(a[i] & (b[i] ^ m));
    return c;
}

__attribute__((target("popcnt")))
static uint64_t sync_popcnt(uint64_t *restrict b, uint64_t *restrict acc, size_t n)
{
    uint64_t c = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w = b[i];
        c += (uint64_t)__builtin_popcountll(w);
        acc[i] |= w;
        b[i] = 0;
    }
    return c;
}

__attribute__((target("popcnt")))
static uint64_t count_popcnt(const uint64_t *b, size_t n)
{
    uint64_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += (uint64_t)__builtin_popcountll(b[i]);
    return c;
}

__attribute__((target("avx2")))
static inline __m256i popcnt256(__m256i v)
{
    const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                         0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i low = _mm256_set1_epi8(0x0f);
    __m256i lo = _mm256_and_si256(v, low);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low);
    __m256i cnt = _mm256_add_epi8(_mm256_shuffle_epi8(lut, lo), _mm256_shuffle_epi8(lut, hi));
    return _mm256_sad_epu8(cnt, _mm256_setzero_si256());     /* 4 x u64 sums */
}

__attribute__((target("avx2")))
static uint64_t hsum256(__m256i t)
{
    uint64_t x[4];
    _mm256_storeu_si256((__m256i *)x, t);
    return x[0] + x[1] + x[2] + x[3];
}

__attribute__((target("avx2")))
static uint64_t sync_avx2(uint64_t *restrict b, uint64_t *restrict acc, size_t n)
{
    __m256i t = _mm256_setzero_si256(), z = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(b + i));
        __m256i a = _mm256_loadu_si256((const __m256i *)(acc + i));
        _mm256_storeu_si256((__m256i *)(acc + i), _mm256_or_si256(a, v));
        _mm256_storeu_si256((__m256i *)(b + i), z);
        t = _mm256_add_epi64(t, popcnt256(v));
    }
    return hsum256(t) + sync_portable(b + i, acc + i, n - i);
}

__attribute__((target("avx2")))
static uint64_t count_avx2(const uint64_t *b, size_t n)
{
    __m256i t = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        t = _mm256_add_epi64(t, popcnt256(_mm256_loadu_si256((const __m256i *)(b + i))));
    return hsum256(t) + count_portable(b + i, n - i);
}

__attribute__((target("avx512f,avx512vpopcntdq")))
static uint64_t sync_avx512(uint64_t *restrict b, uint64_t *restrict acc, size_t n)
{
    __m512i t0 = _mm512_setzero_si512(), t1 = _mm512_setzero_si512();
    const __m512i z = _mm512_setzero_si512();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {               /* two vectors per step */
        __m512i v0 = _mm512_loadu_si512(b + i), v1 = _mm512_loadu_si512(b + i + 8);
        __m512i a0 = _mm512_loadu_si512(acc + i), a1 = _mm512_loadu_si512(acc + i + 8);
        _mm512_storeu_si512(acc + i, _mm512_or_si512(a0, v0));
        _mm512_storeu_si512(acc + i + 8, _mm512_or_si512(a1, v1));
        _mm512_storeu_si512(b + i, z);
        _mm512_storeu_si512(b + i + 8, z);
        t0 = _mm512_add_epi64(t0, _mm512_popcnt_epi64(v0));
        t1 = _mm512_add_epi64(t1, _mm512_popcnt_epi64(v1));
    }
    uint64_t c = (uint64_t)_mm512_reduce_add_epi64(_mm512_add_epi64(t0, t1));
    return c + sync_portable(b + i, acc + i, n - i);
}

__attribute__((target("avx512f,avx512vpopcntdq")))
static uint64_t count_avx512(const uint64_t *b, size_t n)
{
    __m512i t = _mm512_setzero_si512();
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        t = _mm512_add_epi64(t, _mm512_popcnt_epi64(_mm512_loadu_si512(b + i)));
    return (uint64_t)_mm512_reduce_add_epi64(t) + count_portable(b + i, n - i);
}
#endif

/* ---- dispatch ---------------------------------------------------------- */

vdc_isa vdc_bitmap_isa_best(void)
{
#if VDC_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq"))
        return VDC_ISA_AVX512;
    if (__builtin_cpu_supports("avx2"))
        return VDC_ISA_AVX2;
    if (__builtin_cpu_supports("popcnt"))
        return VDC_ISA_POPCNT;
#endif
    return VDC_ISA_PORTABLE;
}

vdc_isa vdc_bitmap_isa(void)
{
    vdc_isa best = vdc_bitmap_isa_best();
    return forced_isa == VDC_ISA_AUTO || forced_isa > best ? best : forced_isa;
}

void vdc_bitmap_force_isa(vdc_isa isa) { forced_isa = isa; }

const char *vdc_bitmap_isa_name(vdc_isa isa)
{
    static const char *const names[] = { "portable", "popcnt", "avx2", "avx512-vpopcntdq" };
    return isa >= 0 && isa < VDC_ISA_COUNT ? names[isa] : "auto";
}

uint64_t vdc_bitmap_sync(uint64_t *restrict b, uint64_t *restrict acc, size_t n)
{
    switch (vdc_bitmap_isa()) {
#if VDC_X86
    case VDC_ISA_AVX512: return sync_avx512(b, acc, n);
    case VDC_ISA_AVX2: return sync_avx2(b, acc, n);
    case VDC_ISA_POPCNT: return sync_popcnt(b, acc, n);
#endif
    default: return sync_portable(b, acc, n);
    }
}

uint64_t vdc_bitmap_count(const uint64_t *b, size_t n)
{
    switch (vdc_bitmap_isa()) {
#if VDC_X86
    case VDC_ISA_AVX512: return count_avx512(b, n);
    case VDC_ISA_AVX2: return count_avx2(b, n);
    case VDC_ISA_POPCNT: return count_popcnt(b, n);
#endif
    default: return count_portable(b, n);
    }
}

/* Used once per round in chunks (Xen's skip mode): scalar POPCNT suffices. */
static uint64_t andnot_any(const uint64_t *a, const uint64_t *b, size_t n, int neg)
{
#if VDC_X86
    if (vdc_bitmap_isa() >= VDC_ISA_POPCNT)
        return andnot_popcnt(a, b, n, neg);
#endif
    return andnot_portable(a, b, n, neg);
}

uint64_t vdc_bitmap_andnot_count(const uint64_t *a, const uint64_t *b, size_t n)
{
    return andnot_any(a, b, n, 1);
}

uint64_t vdc_bitmap_and_count(const uint64_t *a, const uint64_t *b, size_t n)
{
    return andnot_any(a, b, n, 0);
}

/* ---- single bits and ranges ---------------------------------------------- */

void vdc_bitmap_fill(uint64_t *b, uint64_t lo, uint64_t len)
{
    if (len == 0)
        return;
    uint64_t hi = lo + len;                     /* exclusive */
    uint64_t w0 = lo >> 6, w1 = (hi - 1) >> 6;
    uint64_t m0 = ~0ULL << (lo & 63), m1 = ~0ULL >> (63 - ((hi - 1) & 63));
    if (w0 == w1) {
        b[w0] |= m0 & m1;
        return;
    }
    b[w0] |= m0;
    if (w1 > w0 + 1)
        memset(b + w0 + 1, 0xff, (size_t)(w1 - w0 - 1) * sizeof *b);
    b[w1] |= m1;
}

uint64_t vdc_bitmap_take(uint64_t *b, uint64_t nbits, uint64_t *cursor, uint64_t want)
{
    if (want == 0 || nbits == 0)
        return 0;
    uint64_t nw = (nbits + 63) >> 6, c = *cursor < nbits ? *cursor : 0, taken = 0;
    uint64_t w = c >> 6, mask = ~0ULL << (c & 63);
    for (uint64_t step = 0; step <= nw && taken < want; step++) {
        uint64_t x = b[w] & mask;
        if (x) {
            uint64_t pc = swar_popcount(x);
            if (taken + pc <= want) {
                b[w] &= ~x;
                taken += pc;
                c = (w << 6) + (uint64_t)(64 - __builtin_clzll(x));
            } else {
                while (taken < want) {
                    int bit = __builtin_ctzll(x);
                    x &= x - 1;
                    b[w] &= ~(1ULL << bit);
                    taken++;
                    c = (w << 6) + (uint64_t)bit + 1;
                }
                break;
            }
        }
        mask = ~0ULL;
        if (++w == nw)
            w = 0;
    }
    *cursor = c >= nbits ? 0 : c;
    return taken;
}

/* Whole 64-byte lines, so that the vector kernels never read past the end. */
uint64_t *vdc_bitmap_alloc(uint64_t nbits)
{
    size_t nwords = (size_t)((nbits + 63) >> 6), bytes = ((nwords + 7) / 8) * 64;
    uint64_t *p = aligned_alloc(64, bytes ? bytes : 64);
    if (p)
        memset(p, 0, bytes ? bytes : 64);
    return p;
}

/* ---- masks (Credit's pCPU sets) ------------------------------------------ */

int vdc_bitmap_next(const uint64_t *a, const uint64_t *b, int n, int from)
{
    if (from < 0)
        from = 0;
    if (from >= n)
        return -1;
    int w = from >> 6, nw = (n + 63) >> 6;
    uint64_t x = a[w] & (b ? b[w] : ~0ULL) & (~0ULL << (from & 63));
    for (;;) {
        if (x) {
            int i = (w << 6) + __builtin_ctzll(x);
            return i < n ? i : -1;
        }
        if (++w >= nw)
            return -1;
        x = a[w] & (b ? b[w] : ~0ULL);
    }
}

int vdc_bitmap_cycle(const uint64_t *a, const uint64_t *b, int n, int from)
{
    int i = vdc_bitmap_next(a, b, n, from + 1);
    return i >= 0 ? i : vdc_bitmap_next(a, b, n, 0);
}
