/* fitset.c -- a treap of hosts ordered by (key, index) (fitset.h).
 *
 * Insert and delete are split/merge on the (key, index) order; a re-key is
 * a delete then an insert.  The priority of host i is a SplitMix64-style
 * hash of i (Steele, Lea & Flood, OOPSLA 2014 finalizer), fixed, so that the
 * shape of the tree is a function of the members alone.  Recursion depth is
 * the tree depth, O(log n) expected (about 2.5 ln n: ~25 at 10,000 hosts).
 */
#include "fitset.h"

#include <stdlib.h>

#include "error.h"

static uint32_t hash_index(int i)
{
    uint64_t z = (uint64_t)i + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

int vdc_fitset_init(vdc_fitset *s, int nhost)
{
    size_t n = nhost > 0 ? (size_t)nhost : 1;
    s->key = calloc(n, sizeof *s->key);
    s->left = malloc(n * sizeof *s->left);
    s->right = malloc(n * sizeof *s->right);
    s->prio = malloc(n * sizeof *s->prio);
    s->in = calloc(n, sizeof *s->in);
    s->root = -1;
    s->n = nhost;
    s->size = 0;
    if (!s->key || !s->left || !s->right || !s->prio || !s->in) {
        vdc_fitset_free(s);
        return VDC_ENOMEM;
    }
    for (int i = 0; i < nhost; i++) {
        s->left[i] = s->right[i] = -1;
        s->prio[i] = hash_index(i);
    }
    return 0;
}

void vdc_fitset_free(vdc_fitset *s)
{
    free(s->key);
    free(s->left);
    free(s->right);
    free(s->prio);
    free(s->in);
    s->key = NULL;
    s->left = s->right = NULL;
    s->prio = NULL;
    s->in = NULL;
    s->root = -1;
    s->size = 0;
}

/* (ka, a) < (kb, b) */
static bool before(double ka, int a, double kb, int b)
{
    return ka < kb || (ka == kb && a < b);
}

/* Split t into l (< (k, h)) and r (>= (k, h)). */
static void split(vdc_fitset *s, int t, double k, int h, int *l, int *r)
{
    if (t < 0) {
        *l = *r = -1;
        return;
    }
    if (before(s->key[t], t, k, h)) {
        split(s, s->right[t], k, h, &s->right[t], r);
        *l = t;
    } else {
        split(s, s->left[t], k, h, l, &s->left[t]);
        *r = t;
    }
}

/* Join l and r, every member of l before every member of r. */
static int merge(vdc_fitset *s, int l, int r)
{
    if (l < 0)
        return r;
    if (r < 0)
        return l;
    if (s->prio[l] > s->prio[r]) {
        s->right[l] = merge(s, s->right[l], r);
        return l;
    }
    s->left[r] = merge(s, l, s->left[r]);
    return r;
}

/* Remove host h (a member) from the subtree t; returns the new root. */
static int remove_at(vdc_fitset *s, int t, int h)
{
    if (t == h)
        return merge(s, s->left[t], s->right[t]);
    if (before(s->key[h], h, s->key[t], t))
        s->left[t] = remove_at(s, s->left[t], h);
    else
        s->right[t] = remove_at(s, s->right[t], h);
    return t;
}

void vdc_fitset_del(vdc_fitset *s, int host)
{
    if (host < 0 || host >= s->n || !s->in[host])
        return;
    s->root = remove_at(s, s->root, host);
    s->in[host] = false;
    s->left[host] = s->right[host] = -1;
    s->size--;
}

void vdc_fitset_put(vdc_fitset *s, int host, double key)
{
    if (host < 0 || host >= s->n)
        return;
    if (s->in[host]) {
        if (s->key[host] == key)
            return;
        vdc_fitset_del(s, host);
    }
    s->key[host] = key;
    s->left[host] = s->right[host] = -1;
    int l, r;
    split(s, s->root, key, host, &l, &r);
    s->root = merge(s, merge(s, l, host), r);
    s->in[host] = true;
    s->size++;
}

int vdc_fitset_ceil(const vdc_fitset *s, double key)
{
    int t = s->root, best = -1;
    while (t >= 0) {
        if (s->key[t] >= key) {
            best = t;
            t = s->left[t];
        } else {
            t = s->right[t];
        }
    }
    return best;
}

int vdc_fitset_max(const vdc_fitset *s)
{
    int t = s->root;
    while (t >= 0 && s->right[t] >= 0)
        t = s->right[t];
    return t;
}

int vdc_fitset_next(const vdc_fitset *s, int host)
{
    if (host < 0 || host >= s->n || !s->in[host])
        return -1;
    double k = s->key[host];
    int t = s->root, best = -1;
    while (t >= 0) {
        if (before(k, host, s->key[t], t)) {
            best = t;
            t = s->left[t];
        } else {
            t = s->right[t];
        }
    }
    return best;
}

int vdc_fitset_prev(const vdc_fitset *s, int host)
{
    if (host < 0 || host >= s->n || !s->in[host])
        return -1;
    double k = s->key[host];
    int t = s->root, best = -1;
    while (t >= 0) {
        if (before(s->key[t], t, k, host)) {
            best = t;
            t = s->right[t];
        } else {
            t = s->left[t];
        }
    }
    return best;
}
