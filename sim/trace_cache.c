/* trace_cache.c -- parsed trace files kept for the life of a process
 * (trace.h, vdc_trace_cache_on), so that a sweep reads each file once.
 *
 * Why: `vdcsim sweep` loads every point's scenario before running any (a
 * typo fails fast), then each worker loads it again to run it.  A
 * PlanetLab day is 1,052 files; the consolidation lab's 830 points read
 * 11,746 distinct files ~1,700 times over (40 ms a point, issue 12).  With
 * the cache on, the parent parses each file once, and the workers, forked
 * after validation, inherit the parsed samples.
 * An entry is found by what the parse depended on -- the path as given,
 * the column, the accepted range [lo, hi] -- and used only while the file
 * is unchanged: same device, inode, size and modification time (ns), by a
 * stat at each lookup, taken before the file is read (a file changed while
 * being read is stored with its older stamp, so it is read again).  A hit copies the samples (the scenario owns and
 * frees its traces), which is exactly what a parse would give.
 * Limits: only successful reads are kept; at most VDC_TRACE_CACHE_MAX
 * samples in all (then files are parsed every time, as without the cache);
 * a file rewritten within one mtime tick with the same size is not seen
 * (the kernel's timestamps are ns on ext4 and most file systems).
 */
#include "trace.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define VDC_TRACE_CACHE_MAX (16L << 20)   /* samples: 64 MiB of floats */

typedef struct entry {
    char *path, *column;        /* column NULL: one number a line */
    double lo, hi;
    vdc_trace_stamp st;         /* the file when it was read */
    float *v;
    int n;
} entry;

static struct {
    bool on;
    entry *e;                   /* open addressing, power-of-two slots */
    size_t nslot, n;
    long samples;
} cache;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;       /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Slot of the entry for the key, or the empty slot where it would go. */
static entry *slot(const char *path, const char *column, double lo, double hi)
{
    size_t mask = cache.nslot - 1;
    for (size_t i = hash(path) & mask;; i = (i + 1) & mask) {
        entry *e = &cache.e[i];
        if (!e->path || (strcmp(e->path, path) == 0 && same_str(e->column, column) &&
                         e->lo == lo && e->hi == hi))
            return e;
    }
}

static bool same_stamp(const vdc_trace_stamp *a, const vdc_trace_stamp *b)
{
    return a->ok && b->ok && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->sec == b->sec && a->nsec == b->nsec;
}

void vdc_trace_cache_on(void)
{
    cache.on = true;
}

int vdc_trace_cache_get(vdc_trace *t, const char *path, const char *column, double lo, double hi,
                        vdc_trace_stamp *stamp)
{
    struct stat st;
    memset(stamp, 0, sizeof *stamp);
    if (!cache.on || stat(path, &st) != 0)
        return 0;
    *stamp = (vdc_trace_stamp){ .dev = (uint64_t)st.st_dev, .ino = (uint64_t)st.st_ino,
                                .size = (int64_t)st.st_size, .sec = (int64_t)st.st_mtim.tv_sec,
                                .nsec = (int64_t)st.st_mtim.tv_nsec, .ok = 1 };
    if (!cache.n)
        return 0;
    entry *e = slot(path, column, lo, hi);
    if (!e->path || !same_stamp(&e->st, stamp))
        return 0;
    memset(t, 0, sizeof *t);
    t->v = malloc((size_t)e->n * sizeof *t->v);
    t->file = strdup(path);
    if (!t->v || !t->file) {
        vdc_trace_free(t);
        return 0;                               /* let the reader say it */
    }
    memcpy(t->v, e->v, (size_t)e->n * sizeof *t->v);
    t->n = e->n;
    return 1;
}

static bool grow(void)
{
    size_t ns = cache.nslot ? 2 * cache.nslot : 4096;
    entry *ne = calloc(ns, sizeof *ne), *old = cache.e;
    if (!ne)
        return false;
    size_t on = cache.nslot;
    cache.e = ne;
    cache.nslot = ns;
    for (size_t i = 0; i < on; i++)
        if (old[i].path)
            *slot(old[i].path, old[i].column, old[i].lo, old[i].hi) = old[i];
    free(old);
    return true;
}

void vdc_trace_cache_put(const vdc_trace *t, const char *path, const char *column, double lo,
                         double hi, const vdc_trace_stamp *stamp)
{
    if (!cache.on || !stamp->ok || t->end_ns || cache.samples + t->n > VDC_TRACE_CACHE_MAX)
        return;
    if (2 * (cache.n + 1) > cache.nslot && !grow())
        return;
    entry *e = slot(path, column, lo, hi);
    if (e->path) {                              /* the file changed: replace */
        cache.samples -= e->n;
        free(e->v);
        e->v = NULL;
    } else {
        e->path = strdup(path);
        e->column = column ? strdup(column) : NULL;
        if (!e->path || (column && !e->column)) {
            free(e->path);
            free(e->column);
            e->path = e->column = NULL;
            return;
        }
        e->lo = lo;
        e->hi = hi;
        cache.n++;
    }
    e->st = *stamp;
    e->n = 0;
    e->v = malloc((size_t)t->n * sizeof *e->v);
    if (e->v) {
        memcpy(e->v, t->v, (size_t)t->n * sizeof *e->v);
        e->n = t->n;
        cache.samples += t->n;
    } else {
        e->st.ok = 0;                           /* never matches: parsed again */
    }
}

void vdc_trace_cache_clear(void)
{
    for (size_t i = 0; i < cache.nslot; i++) {
        free(cache.e[i].path);
        free(cache.e[i].column);
        free(cache.e[i].v);
    }
    free(cache.e);
    cache.e = NULL;
    cache.nslot = cache.n = 0;
    cache.samples = 0;
    cache.on = false;
}
