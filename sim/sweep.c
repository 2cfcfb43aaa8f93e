/* sweep.c -- `vdcsim sweep SWEEP.json`: expand points, run them on -j
 * processes, resume, shard (sweep.h).
 *
 * Work is handed out through a counter in shared memory (MAP_SHARED +
 * C11 atomics): each worker takes the next point, so long and short runs
 * balance.  Each run is its own SQLite transaction (results.h); concurrent
 * commits from workers serialise on the database's write lock.
 */
#define _DEFAULT_SOURCE     /* MAP_ANONYMOUS */
#include "sweep.h"
#include "progress.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "results.h"
#include "rng.h"
#include "scenario.h"
#include "sim.h"

static const char *usage_sweep =
    "usage: vdcsim sweep SWEEP.json [-o DB] [-j JOBS] [--shard K/N] [--dry-run] [-q]\n"
    "\n"
    "Run every point of a sweep (a base scenario plus --set overrides) and append\n"
    "each run to DB (default results.db).  Points already in DB for this sweep\n"
    "are skipped, so an interrupted sweep resumes where it stopped.\n"
    "\n"
    "  -o DB          results database\n"
    "  -j JOBS        worker processes (default 1; 0 = one per CPU)\n"
    "  --shard K/N    run only points K, K+N, K+2N, ... (1 <= K <= N)\n"
    "  --dry-run      print the points (one line of --set options each), run nothing\n"
    "  -q             no progress bar, no summary\n"
    "\n"
    "SWEEP.json: {\"name\": \"...\", \"base\": \"scenario.json\" (relative to SWEEP.json),\n"
    "  \"set\": [\"duration_s=30\"],                      fixed overrides\n"
    "  \"grid\": {\"vms[0].weight\": [128, 256, 512], ...},   cartesian product\n"
    "  \"list\": [{\"seed\": 3, \"vms[0].cap\": 50}, ...],       explicit points\n"
    "  \"random\": {\"samples\": 20, \"seed\": 1, \"params\": {\"vms[0].memory_gib\":\n"
    "             {\"min\": 1, \"max\": 64, \"log\": true, \"int\": false},\n"
    "             \"models.migration.policy\": {\"choices\": [\"qemu\", \"xen\"]}}},\n"
    "  \"seeds\": [1, 2, 3]}                                each point once per seed\n";

/* ---- points -------------------------------------------------------------- */

typedef struct point {
    char **set;
    int n;
    char *key;                  /* the sets joined by spaces: identity in the db */
} point;

typedef struct plist {
    point *p;
    int n, cap;
} plist;

static char *value_text(const cJSON *v)
{
    char buf[64];
    if (cJSON_IsNumber(v)) {
        snprintf(buf, sizeof buf, "%.15g", v->valuedouble);
        if (strtod(buf, NULL) != v->valuedouble)
            snprintf(buf, sizeof buf, "%.17g", v->valuedouble);
        return strdup(buf);
    }
    if (cJSON_IsString(v))
        return strdup(v->valuestring);
    if (cJSON_IsBool(v))
        return strdup(cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNull(v))
        return strdup("null");
    return cJSON_PrintUnformatted(v);
}

static char *assign(const char *path, const char *val)
{
    size_t n = strlen(path) + strlen(val) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s=%s", path, val);
    return s;
}

static int plist_add(plist *l, char **set, int n)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 64;
        point *p = realloc(l->p, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        l->p = p;
        l->cap = cap;
    }
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(set[i]) + 1;
    char *key = malloc(len);
    if (!key)
        return -1;
    key[0] = 0;
    for (int i = 0; i < n; i++) {
        if (i)
            strcat(key, " ");
        strcat(key, set[i]);
    }
    l->p[l->n++] = (point){ set, n, key };
    return 0;
}

static void plist_free(plist *l)
{
    for (int i = 0; i < l->n; i++) {
        for (int k = 0; k < l->p[i].n; k++)
            free(l->p[i].set[k]);
        free(l->p[i].set);
        free(l->p[i].key);
    }
    free(l->p);
}

/* Copy `base` sets plus `extra`, as a new owned array. */
static char **sets_concat(char **base, int nb, char **extra, int ne)
{
    char **s = calloc((size_t)(nb + ne) + 1, sizeof *s);
    if (!s)
        return NULL;
    for (int i = 0; i < nb; i++)
        s[i] = strdup(base[i]);
    for (int i = 0; i < ne; i++)
        s[nb + i] = strdup(extra[i]);
    return s;
}

static int err_at(const char *file, const char *path, const char *what)
{
    fprintf(stderr, "vdcsim: %s: %s: %s\n", file, path, what);
    return 2;
}

/* Expand the grid recursively in key order: the last key varies fastest. */
static int expand_grid(cJSON *grid, cJSON *axis, char **cur, int depth, plist *out)
{
    if (!axis)
        return plist_add(out, sets_concat(cur, depth, NULL, 0), depth) ? -1 : 0;
    for (cJSON *v = axis->child; v; v = v->next) {
        char *t = value_text(v);
        cur[depth] = assign(axis->string, t);
        free(t);
        int rc = expand_grid(grid, axis->next, cur, depth + 1, out);
        free(cur[depth]);
        if (rc)
            return rc;
    }
    return 0;
}

typedef struct sweep {
    const char *file;
    char *name;
    char *base;                 /* path of the base scenario */
    char **fixed; int nfixed;   /* "set" */
    plist raw;                  /* points before the seeds are applied */
    plist pts;
} sweep;

static int load_sweep(const char *file, sweep *sw)
{
    memset(sw, 0, sizeof *sw);
    sw->file = file;
    FILE *f = fopen(file, "rb");
    if (!f)
        return err_at(file, "(file)", "cannot open");
    char *text = malloc(VDC_MAX_FILE_BYTES + 1);
    size_t n = text ? fread(text, 1, VDC_MAX_FILE_BYTES, f) : 0;
    fclose(f);
    if (!text)
        return 1;
    text[n] = 0;
    cJSON *j = cJSON_Parse(text);
    if (!cJSON_IsObject(j)) {
        const char *e = cJSON_GetErrorPtr();
        int line = 1;
        for (const char *c = text; !j && e && c < e && *c; c++)
            line += *c == '\n';
        fprintf(stderr, "vdcsim: %s:%d: %s\n", file, line,
                j ? "must be a JSON object" : "JSON syntax error");
        free(text);
        cJSON_Delete(j);
        return 2;
    }
    free(text);
    int rc = 2;
    static const char *known[] = { "name", "base", "set", "grid", "list", "random", "seeds",
                                   "description" };
    for (cJSON *it = j->child; it; it = it->next) {
        bool ok = false;
        for (size_t k = 0; k < sizeof known / sizeof *known; k++)
            ok |= strcmp(it->string, known[k]) == 0;
        if (!ok) {
            const char *s = vdc_param_suggest(it->string, known, sizeof known / sizeof *known);
            fprintf(stderr, "vdcsim: %s: %s: unknown key%s%s%s\n", file, it->string,
                    s ? " (did you mean \"" : "", s ? s : "", s ? "\"?)" : "");
            goto out;
        }
    }
    cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "base");
    if (!cJSON_IsString(b)) {
        err_at(file, "base", "required: the path of the base scenario");
        goto out;
    }
    if (b->valuestring[0] == '/') {
        sw->base = strdup(b->valuestring);
    } else {                                   /* relative to the sweep file */
        const char *slash = strrchr(file, '/');
        size_t dl = slash ? (size_t)(slash - file) + 1 : 0;
        sw->base = malloc(dl + strlen(b->valuestring) + 1);
        memcpy(sw->base, file, dl);
        strcpy(sw->base + dl, b->valuestring);
    }
    cJSON *nm = cJSON_GetObjectItemCaseSensitive(j, "name");
    if (cJSON_IsString(nm)) {
        sw->name = strdup(nm->valuestring);
    } else {
        const char *s = strrchr(file, '/');
        sw->name = strdup(s ? s + 1 : file);
        char *dot = strrchr(sw->name, '.');
        if (dot && dot != sw->name)
            *dot = 0;
    }
    cJSON *fixed = cJSON_GetObjectItemCaseSensitive(j, "set");
    if (fixed) {
        if (!cJSON_IsArray(fixed)) {
            err_at(file, "set", "must be an array of \"path=value\" strings");
            goto out;
        }
        sw->fixed = calloc((size_t)cJSON_GetArraySize(fixed) + 1, sizeof *sw->fixed);
        for (cJSON *it = fixed->child; it; it = it->next) {
            if (!cJSON_IsString(it) || !strchr(it->valuestring, '=')) {
                err_at(file, "set[]", "must be a \"path=value\" string");
                goto out;
            }
            sw->fixed[sw->nfixed++] = strdup(it->valuestring);
        }
    }
    plist *raw = &sw->raw;
    cJSON *grid = cJSON_GetObjectItemCaseSensitive(j, "grid");
    if (grid) {
        if (!cJSON_IsObject(grid)) {
            err_at(file, "grid", "must be an object of path: [values]");
            goto out;
        }
        int naxes = 0;
        for (cJSON *a = grid->child; a; a = a->next, naxes++)
            if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0) {
                char p[300];
                snprintf(p, sizeof p, "grid.%s", a->string);
                err_at(file, p, "must be a non-empty array of values");
                goto out;
            }
        char **cur = calloc((size_t)naxes + 1, sizeof *cur);
        expand_grid(grid, grid->child, cur, 0, raw);
        free(cur);
    }
    cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "list");
    if (list) {
        if (!cJSON_IsArray(list)) {
            err_at(file, "list", "must be an array of objects");
            goto out;
        }
        int i = 0;
        for (cJSON *o = list->child; o; o = o->next, i++) {
            char p[64];
            snprintf(p, sizeof p, "list[%d]", i);
            if (!cJSON_IsObject(o)) {
                err_at(file, p, "must be an object of path: value");
                goto out;
            }
            int k = cJSON_GetArraySize(o), m = 0;
            char **s = calloc((size_t)k + 1, sizeof *s);
            for (cJSON *v = o->child; v; v = v->next) {
                char *t = value_text(v);
                s[m++] = assign(v->string, t);
                free(t);
            }
            plist_add(raw, s, m);
        }
    }
    cJSON *rnd = cJSON_GetObjectItemCaseSensitive(j, "random");
    if (rnd) {
        cJSON *ns = cJSON_GetObjectItemCaseSensitive(rnd, "samples");
        cJSON *sd = cJSON_GetObjectItemCaseSensitive(rnd, "seed");
        cJSON *ps = cJSON_GetObjectItemCaseSensitive(rnd, "params");
        if (!cJSON_IsNumber(ns) || ns->valuedouble < 1 || ns->valuedouble > 1e6 ||
            !cJSON_IsObject(ps)) {
            err_at(file, "random", "needs \"samples\" (1..1e6) and \"params\" {path: {min, max} | {choices}}");
            goto out;
        }
        gsl_rng *g = vdc_rng_stream(cJSON_IsNumber(sd) ? (uint64_t)sd->valuedouble : 1,
                                    "sweep/random");
        int np = cJSON_GetArraySize(ps);
        for (int k = 0; k < (int)ns->valuedouble; k++) {
            char **s = calloc((size_t)np + 1, sizeof *s);
            int m = 0;
            for (cJSON *pp = ps->child; pp; pp = pp->next) {
                cJSON *ch = cJSON_GetObjectItemCaseSensitive(pp, "choices");
                cJSON *lo = cJSON_GetObjectItemCaseSensitive(pp, "min");
                cJSON *hi = cJSON_GetObjectItemCaseSensitive(pp, "max");
                char *t = NULL;
                if (cJSON_IsArray(ch) && cJSON_GetArraySize(ch) > 0) {
                    t = value_text(cJSON_GetArrayItem(
                        ch, (int)gsl_rng_uniform_int(g, (unsigned long)cJSON_GetArraySize(ch))));
                } else if (cJSON_IsNumber(lo) && cJSON_IsNumber(hi) &&
                           lo->valuedouble <= hi->valuedouble) {
                    bool lg = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pp, "log"));
                    bool in = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pp, "int"));
                    double u = gsl_rng_uniform(g), a = lo->valuedouble, bb = hi->valuedouble;
                    double x = lg && a > 0 ? exp(log(a) + u * (log(bb) - log(a))) : a + u * (bb - a);
                    char buf[64];
                    if (in)
                        snprintf(buf, sizeof buf, "%.0f", floor(x + 0.5));
                    else
                        snprintf(buf, sizeof buf, "%.6g", x);
                    t = strdup(buf);
                } else {
                    char p[300];
                    snprintf(p, sizeof p, "random.params.%s", pp->string);
                    err_at(file, p, "must be {\"min\": a, \"max\": b (>= a)} or {\"choices\": [...]}");
                    free(s);
                    gsl_rng_free(g);
                    goto out;
                }
                s[m++] = assign(pp->string, t);
                free(t);
            }
            plist_add(raw, s, m);
        }
        gsl_rng_free(g);
    }
    if (raw->n == 0)                            /* just the base (maybe x seeds) */
        plist_add(raw, calloc(1, sizeof(char *)), 0);
    cJSON *seeds = cJSON_GetObjectItemCaseSensitive(j, "seeds");
    if (seeds && (!cJSON_IsArray(seeds) || cJSON_GetArraySize(seeds) == 0)) {
        err_at(file, "seeds", "must be a non-empty array of integers");
        goto out;
    }
    for (int i = 0; i < raw->n; i++) {
        if (!seeds) {
            plist_add(&sw->pts, sets_concat(raw->p[i].set, raw->p[i].n, NULL, 0), raw->p[i].n);
            continue;
        }
        for (cJSON *s = seeds->child; s; s = s->next) {
            char buf[64];
            if (!cJSON_IsNumber(s) || s->valuedouble < 0 || s->valuedouble != floor(s->valuedouble)) {
                err_at(file, "seeds[]", "must be integers >= 0");
                goto out;
            }
            snprintf(buf, sizeof buf, "seed=%.0f", s->valuedouble);
            char *e[1] = { buf };
            plist_add(&sw->pts, sets_concat(raw->p[i].set, raw->p[i].n, e, 1), raw->p[i].n + 1);
        }
    }
    rc = 0;
out:
    cJSON_Delete(j);
    return rc;
}

static void free_sweep(sweep *sw)
{
    free(sw->name);
    free(sw->base);
    for (int i = 0; i < sw->nfixed; i++)
        free(sw->fixed[i]);
    free(sw->fixed);
    plist_free(&sw->raw);
    plist_free(&sw->pts);
}

/* All sets of point i: the sweep's fixed ones, then the point's. */
static const char **point_sets(const sweep *sw, int i, size_t *n)
{
    const point *p = &sw->pts.p[i];
    const char **s = calloc((size_t)(sw->nfixed + p->n) + 1, sizeof *s);
    if (!s)
        return NULL;
    for (int k = 0; k < sw->nfixed; k++)
        s[k] = sw->fixed[k];
    for (int k = 0; k < p->n; k++)
        s[sw->nfixed + k] = p->set[k];
    *n = (size_t)(sw->nfixed + p->n);
    return s;
}

/* ---- resume ---------------------------------------------------------------- */

/* Mark the points already in the database for this sweep. */
static void mark_done(const char *db, const sweep *sw, char *done)
{
    struct stat st;
    if (stat(db, &st) != 0)
        return;
    sqlite3 *h;
    sqlite3_stmt *q = NULL;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "SELECT point FROM sweep_points WHERE sweep = ?1", -1, &q,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, sw->name, -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW) {
            const char *k = (const char *)sqlite3_column_text(q, 0);
            for (int i = 0; k && i < sw->pts.n; i++)
                if (!done[i] && strcmp(sw->pts.p[i].key, k) == 0) {
                    done[i] = 1;
                    break;
                }
        }
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
}

/* ---- running ----------------------------------------------------------------- */

typedef struct shared {
    atomic_int next, done, failed;
} shared;

static int run_point(const sweep *sw, int i, const char *db)
{
    size_t n;
    const char **sets = point_sets(sw, i, &n);
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    int rc = vdc_scenario_load(sw->base, sets, n, &sc, &err);
    if (!rc) {
        vdc_run_opts o = { .db_path = db, .sweep = sw->name, .point = sw->pts.p[i].key };
        rc = vdc_sim_run(sc, &o, NULL, &err);
    }
    if (rc && rc != VDC_EINTR)
        fprintf(stderr, "vdcsim: sweep point %d (%s): %s\n", i + 1, sw->pts.p[i].key, err.msg);
    vdc_scenario_free(sc);
    free(sets);
    return rc;
}

static void worker(const sweep *sw, const int *todo, int ntodo, const char *db, shared *sh)
{
    for (;;) {
        int k = atomic_fetch_add(&sh->next, 1);
        if (k >= ntodo || vdc_engine_interrupted)
            break;
        int rc = run_point(sw, todo[k], db);
        if (rc == VDC_EINTR)
            break;
        if (rc)
            atomic_fetch_add(&sh->failed, 1);
        atomic_fetch_add(&sh->done, 1);
    }
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The sweep's bar, fitted to the terminal (sim/progress.h); returns the
 * length drawn so that the next redraw and the final clear cover it. */
static int bar(int done, int total, double t0, int shown)
{
    double el = now_s() - t0, f = total ? (double)done / total : 1;
    char pts[64], elf[32], eta[32], line[256];
    snprintf(pts, sizeof pts, "%d/%d points", done, total);
    snprintf(elf, sizeof elf, "%.0f s", el);
    snprintf(eta, sizeof eta, "ETA %.0f s", done ? el * (total - done) / done : 0.0);
    const char *fields[] = { pts, elf, eta };
    static const int prio[] = { 3, 1, 2 };
    int len = (int)vdc_progress_format(line, sizeof line, vdc_term_columns(2), f, fields, prio, 3);
    fprintf(stderr, "\r%s%*s", line, shown > len ? shown - len : 0, "");
    return len > shown ? len : shown;
}

int vdc_sweep_main(int argc, char **argv)
{
    const char *file = NULL, *db = "results.db";
    int jobs = 1, shard_k = 1, shard_n = 1;
    bool quiet = false, dry = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_sweep, stdout);
            return 0;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            db = argv[++i];
        } else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && i + 1 < argc) {
            char *end;
            long j = strtol(argv[++i], &end, 10);
            if (*end || j < 0 || j > 1024) {
                fprintf(stderr, "vdcsim: -j: must be an integer in [0, 1024], got %s\n%s", argv[i], usage_sweep);
                return 2;
            }
            jobs = j == 0 ? (int)sysconf(_SC_NPROCESSORS_ONLN) : (int)j;
        } else if (strcmp(a, "--shard") == 0 && i + 1 < argc) {
            if (sscanf(argv[++i], "%d/%d", &shard_k, &shard_n) != 2 || shard_n < 1 ||
                shard_k < 1 || shard_k > shard_n) {
                fprintf(stderr, "vdcsim: --shard: must be K/N with 1 <= K <= N, got %s\n", argv[i]);
                return 2;
            }
        } else if (strcmp(a, "--dry-run") == 0) {
            dry = true;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = true;
        } else if (a[0] == '-' || file) {
            fprintf(stderr, "vdcsim: %s %s\n%s", a[0] == '-' ? "unknown option or missing value:" : "unexpected argument", a, usage_sweep);
            return 2;
        } else {
            file = a;
        }
    }
    if (!file) {
        fprintf(stderr, "vdcsim: missing the sweep file\n%s", usage_sweep);
        return 2;
    }
    sweep sw;
    int rc = load_sweep(file, &sw);
    if (rc) {
        free_sweep(&sw);
        return rc;
    }
    /* Validate every point before running any: a typo fails fast, exit 2. */
    for (int i = 0; i < sw.pts.n; i++) {
        size_t n;
        const char **sets = point_sets(&sw, i, &n);
        vdc_scenario *sc = NULL;
        vdc_error err = { 0 };
        int e = vdc_scenario_load(sw.base, sets, n, &sc, &err);
        vdc_scenario_free(sc);
        free(sets);
        if (e) {
            fprintf(stderr, "vdcsim: %s: point %d (%s): %s\n", file, i + 1, sw.pts.p[i].key, err.msg);
            free_sweep(&sw);
            return vdc_error_exit_status(e);
        }
    }
    char *done = calloc((size_t)sw.pts.n + 1, 1);
    int *todo = calloc((size_t)sw.pts.n + 1, sizeof *todo);
    int ntodo = 0, skipped = 0, inshard = 0;
    mark_done(db, &sw, done);
    for (int i = 0; i < sw.pts.n; i++) {
        if (i % shard_n != shard_k - 1)
            continue;
        inshard++;
        if (done[i])
            skipped++;
        else
            todo[ntodo++] = i;
    }
    if (dry) {
        for (int k = 0; k < ntodo; k++) {
            for (int f = 0; f < sw.nfixed; f++)
                printf("--set '%s' ", sw.fixed[f]);
            for (int s = 0; s < sw.pts.p[todo[k]].n; s++)
                printf("--set '%s' ", sw.pts.p[todo[k]].set[s]);
            printf("\n");
        }
        free(done);
        free(todo);
        free_sweep(&sw);
        return 0;
    }
    /* Create the database (schema, WAL) once, before workers race to. */
    if (ntodo > 0) {
        sqlite3 *h;
        vdc_error e = { 0 };
        if (sqlite3_open(db, &h) != SQLITE_OK ||
            sqlite3_exec(h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
            vdc_results_schema(h, &e)) {
            fprintf(stderr, "vdcsim: %s: %s\n", db, e.msg[0] ? e.msg : sqlite3_errmsg(h));
            sqlite3_close(h);
            free(done);
            free(todo);
            free_sweep(&sw);
            return 1;
        }
        sqlite3_close(h);
    }
    shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        perror("vdcsim: mmap");
        return 1;
    }
    atomic_init(&sh->next, 0);
    atomic_init(&sh->done, 0);
    atomic_init(&sh->failed, 0);
    double t0 = now_s();
    bool show = !quiet && isatty(2);
    int shown = 0;                      /* length of the bar on screen */
    if (jobs > ntodo)
        jobs = ntodo > 0 ? ntodo : 1;
    if (jobs <= 1) {
        /* in this process; the bar is drawn between points */
        for (;;) {
            int k = atomic_fetch_add(&sh->next, 1);
            if (k >= ntodo || vdc_engine_interrupted)
                break;
            int r = run_point(&sw, todo[k], db);
            if (r == VDC_EINTR)
                break;
            if (r)
                atomic_fetch_add(&sh->failed, 1);
            atomic_fetch_add(&sh->done, 1);
            if (show)
                shown = bar(atomic_load(&sh->done), ntodo, t0, shown);
        }
    } else {
        fflush(NULL);
        pid_t *kids = calloc((size_t)jobs, sizeof *kids);
        for (int w = 0; w < jobs; w++) {
            kids[w] = fork();
            if (kids[w] == 0) {
                worker(&sw, todo, ntodo, db, sh);
                _exit(0);
            }
        }
        int alive = jobs;
        while (alive > 0) {
            int st;
            pid_t p = waitpid(-1, &st, WNOHANG);
            if (p > 0) {
                alive--;
                continue;
            }
            if (show)
                shown = bar(atomic_load(&sh->done), ntodo, t0, shown);
            struct timespec ts = { 0, 200 * 1000 * 1000 };
            nanosleep(&ts, NULL);
        }
        free(kids);
    }
    int ndone = atomic_load(&sh->done), nfail = atomic_load(&sh->failed);
    if (shown)
        fprintf(stderr, "\r%*s\r", shown, "");
    /* jobs was lowered to the points left: say how many ran, and say so
     * plainly when there was nothing left to run. */
    if (!quiet && ntodo == 0)
        printf("sweep %s: %d points%s, %d already in %s: nothing left to run\n", sw.name,
               inshard, shard_n > 1 ? " in this shard" : "", skipped, db);
    else if (!quiet)
        printf("sweep %s: %d points%s, %d already in %s, %d run (%d failed) in %.2f s with %d job%s\n",
               sw.name, inshard, shard_n > 1 ? " in this shard" : "", skipped, db, ndone - nfail,
               nfail, now_s() - t0, jobs, jobs == 1 ? "" : "s");
    int status = vdc_engine_interrupted ? 130 : nfail ? 1 : 0;
    if (vdc_engine_interrupted)
        fprintf(stderr, "vdcsim: interrupted; %d points done, run the same command to resume\n",
                ndone);
    munmap(sh, sizeof *sh);
    free(done);
    free(todo);
    free_sweep(&sw);
    return status;
}
