/* results.c -- a run's results, staged in C arrays, written at the end in
 * one transaction.
 *
 * Why stage instead of writing as we go: a run may last minutes, and
 * holding a write transaction that long would block every other process
 * appending to the same file; writing outside a transaction would leave
 * half a run behind on failure.  Why C arrays and not an in-memory SQLite
 * database (the first design): rows cost 24 bytes (metric, sample) instead
 * of a B-tree record each, entity and metric names are interned once, and
 * the commit is one pass of prepared statements straight into the file:
 * no second copy by INSERT ... SELECT (issue 15 measured the staging at
 * ~1.5x SQLite's own cost, and a correlated UPDATE that filled samples'
 * units grew as samples x metrics).  Units and kinds are resolved here, in
 * C, with the rules the schema documents (README.md "Results").
 * Limits: one run's staged rows must fit in memory (24 bytes a metric or
 * sample, plus each distinct name once; the loader bounds samples by
 * VDC_MAX_SAMPLES).
 */
#include "results_int.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

#define MAX_TABLES 32
#define ARENA_CHUNK (1u << 20)          /* interned strings, 1 MiB at a time */

/* ---- interned strings ---------------------------------------------------- */

/* Every entity, name, unit and text value is kept once; rows carry its
 * id (ids start at 1; 0 is "none").  Open addressing, FNV-1a, load <= 1/2. */
typedef struct strtab {
    const char **s;             /* id -> string */
    uint32_t n, cap;            /* ids in use (s[0] unused), room */
    uint32_t *slot;             /* hash slot -> id, 0 empty */
    uint32_t nslot;             /* power of two */
    char **chunk;               /* arena chunks (and big strings) */
    size_t nchunk, capchunk;
    char *at;                   /* free space in the last chunk */
    size_t left;
} strtab;

typedef struct metric_row { uint32_t ent, name, unit; double value; } metric_row;
typedef struct sample_row { uint32_t ent, name; double t_s, value; } sample_row;
typedef struct param_row { const char *path; vdc_value v; } param_row;

/* One value of a model table's row: 16 bytes instead of vdc_value's 32. */
typedef struct cell {
    union { int64_t i; double d; const char *s; } u;
    unsigned char type;         /* vdc_vtype */
} cell;

typedef struct table_rows {
    const vdc_table *t;
    bool omit;                  /* vdc_results_omit: rows dropped, table still created */
    int ncol;
    cell *v;                    /* n rows x ncol, texts interned */
    size_t n, cap;
} table_rows;

struct vdc_results {
    strtab str;
    metric_row *m; size_t nm, capm;
    sample_row *s; size_t ns, caps;
    param_row *p; size_t np, capp;
    uint32_t *kind; size_t capkind;     /* string id -> kind id (entity_kind) */
    table_rows tab[MAX_TABLES];
    int ntab;
    const char *omit[MAX_TABLES];       /* interned names of tables without rows */
    int nomit;
    int failed;                 /* a staging write failed: refuse to commit */
    char errmsg[256];
};

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    /* FNV's low bits differ little between names that differ in one late
     * character ("h-17", "h-18"): mix them all in (MurmurHash3's fmix64) */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/* Room for n more elements of size `el` in *p (count *len, capacity *cap). */
static int grow(void **p, size_t *cap, size_t need, size_t el)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * el);
    if (!q)
        return VDC_ENOMEM;
    *p = q;
    *cap = c;
    return 0;
}

static char *arena_copy(strtab *t, const char *s, size_t len)
{
    if (len + 1 > t->left) {
        size_t sz = len + 1 > ARENA_CHUNK / 4 ? len + 1 : ARENA_CHUNK;
        char *c = malloc(sz);
        if (!c || grow((void **)&t->chunk, &t->capchunk, t->nchunk + 1, sizeof *t->chunk)) {
            free(c);
            return NULL;
        }
        t->chunk[t->nchunk++] = c;
        if (sz == ARENA_CHUNK) {        /* a big string's chunk is its own */
            t->at = c;
            t->left = sz;
        } else {
            memcpy(c, s, len + 1);
            return c;
        }
    }
    char *d = t->at;
    memcpy(d, s, len + 1);
    t->at += len + 1;
    t->left -= len + 1;
    return d;
}

static int rehash(strtab *t, uint32_t nslot)
{
    uint32_t *sl = calloc(nslot, sizeof *sl);
    if (!sl)
        return VDC_ENOMEM;
    for (uint32_t id = 1; id < t->n; id++) {
        uint32_t i = (uint32_t)fnv(t->s[id]) & (nslot - 1);
        while (sl[i])
            i = (i + 1) & (nslot - 1);
        sl[i] = id;
    }
    free(t->slot);
    t->slot = sl;
    t->nslot = nslot;
    return 0;
}

/* Id of s (NULL: 0), added if new; 0 with errno-free failure on no memory
 * is told apart by the caller through s != NULL. */
static uint32_t intern(strtab *t, const char *s)
{
    if (!s)
        return 0;
    if (t->n == 0)
        t->n = 1;                       /* id 0 is "none" */
    if ((size_t)(t->n + 1) * 2 > t->nslot && rehash(t, t->nslot ? t->nslot * 2 : 1024))
        return 0;
    uint64_t h = fnv(s);
    uint32_t i = (uint32_t)h & (t->nslot - 1);
    for (; t->slot[i]; i = (i + 1) & (t->nslot - 1))
        if (strcmp(t->s[t->slot[i]], s) == 0)
            return t->slot[i];
    if (t->n == UINT32_MAX - 1)
        return 0;
    size_t cap = t->cap;
    if (grow((void **)&t->s, &cap, (size_t)t->n + 1, sizeof *t->s))
        return 0;
    t->cap = (uint32_t)cap;
    const char *c = arena_copy(t, s, strlen(s));
    if (!c)
        return 0;
    t->s[t->n] = c;
    t->slot[i] = t->n;
    return t->n++;
}

static void strtab_free(strtab *t)
{
    for (size_t i = 0; i < t->nchunk; i++)
        free(t->chunk[i]);
    free(t->chunk);
    free(t->s);
    free(t->slot);
}

static const char *str(const vdc_results *r, uint32_t id)
{
    return id ? r->str.s[id] : NULL;
}

/* ---- staging --------------------------------------------------------------- */

static int fail(vdc_results *r, const char *what)
{
    if (!r->failed)
        snprintf(r->errmsg, sizeof r->errmsg, "%s", what);
    r->failed = 1;
    return VDC_EIO;
}

/* Interned id of a string that must not be lost (NULL stays 0). */
static int id_of(vdc_results *r, const char *s, uint32_t *id)
{
    *id = intern(&r->str, s);
    return s && !*id ? fail(r, "out of memory") : 0;
}

vdc_results *vdc_results_new(vdc_error *err)
{
    vdc_results *r = calloc(1, sizeof *r);
    if (!r)
        vdc_error_set(err, VDC_ENOMEM, "out of memory");
    return r;
}

void vdc_results_free(vdc_results *r)
{
    if (!r)
        return;
    strtab_free(&r->str);
    free(r->m);
    free(r->s);
    free(r->p);
    free(r->kind);
    for (int i = 0; i < r->ntab; i++)
        free(r->tab[i].v);
    free(r);
}

int vdc_results_metric(vdc_results *r, const char *entity, const char *name, double value,
                       const char *unit)
{
    if (!r)
        return 0;
    metric_row row = { .value = value };
    if (id_of(r, entity, &row.ent) || id_of(r, name, &row.name) || id_of(r, unit, &row.unit))
        return VDC_EIO;
    if (grow((void **)&r->m, &r->capm, r->nm + 1, sizeof *r->m))
        return fail(r, "out of memory");
    r->m[r->nm++] = row;
    return 0;
}

int vdc_results_sample(vdc_results *r, const char *entity, const char *name, double t_s,
                       double value)
{
    if (!r)
        return 0;
    sample_row row = { .t_s = t_s, .value = value };
    if (id_of(r, entity, &row.ent) || id_of(r, name, &row.name))
        return VDC_EIO;
    if (grow((void **)&r->s, &r->caps, r->ns + 1, sizeof *r->s))
        return fail(r, "out of memory");
    r->s[r->ns++] = row;
    return 0;
}

/* A copy of s that is not interned (unique strings: params' paths). */
static const char *copy_of(vdc_results *r, const char *s)
{
    const char *c = s ? arena_copy(&r->str, s, strlen(s)) : NULL;
    if (s && !c)
        fail(r, "out of memory");
    return c;
}

int vdc_results_param(vdc_results *r, const char *path, const char *value, const double *num)
{
    if (!r)
        return 0;
    param_row row;
    if (!(row.path = copy_of(r, path)) && path)
        return VDC_EIO;
    if (num && *num == (double)(int64_t)*num && fabs(*num) < 9007199254740992.0)
        row.v = VDC_INT((int64_t)*num);
    else if (num)
        row.v = VDC_REAL(*num);
    else if (value) {
        if (!(row.v.s = copy_of(r, value)))
            return VDC_EIO;
        row.v.type = VDC_V_TEXT;
    } else
        row.v = (vdc_value){ .type = VDC_V_NULL };
    if (grow((void **)&r->p, &r->capp, r->np + 1, sizeof *r->p))
        return fail(r, "out of memory");
    r->p[r->np++] = row;
    return 0;
}

int vdc_results_entity_kind(vdc_results *r, const char *entity, const char *kind)
{
    if (!r)
        return 0;
    uint32_t e, k;
    if (id_of(r, entity, &e) || id_of(r, kind, &k))
        return VDC_EIO;
    if (!e)
        return 0;
    size_t old = r->capkind;
    if (grow((void **)&r->kind, &r->capkind, (size_t)r->str.n, sizeof *r->kind))
        return fail(r, "out of memory");
    memset(r->kind + old, 0, (r->capkind - old) * sizeof *r->kind);
    if (!r->kind[e])                    /* the first declaration wins */
        r->kind[e] = k;
    return 0;
}

int vdc_results_row(vdc_results *r, const vdc_table *t, const vdc_value *vals)
{
    if (!r)
        return 0;
    int i;
    for (i = 0; i < r->ntab && r->tab[i].t != t; i++)
        ;
    if (i == r->ntab) {
        if (r->ntab == MAX_TABLES)
            return fail(r, "too many result tables");
        int ncol = 0;
        for (const vdc_column *c = t->cols; c->name; c++)
            ncol++;
        r->tab[i] = (table_rows){ .t = t, .ncol = ncol };
        for (int k = 0; k < r->nomit; k++)
            if (strcmp(r->omit[k], t->name) == 0)
                r->tab[i].omit = true;
        r->ntab++;
    }
    table_rows *tr = &r->tab[i];
    if (tr->omit)
        return 0;
    if (grow((void **)&tr->v, &tr->cap, (tr->n + 1) * (size_t)tr->ncol, sizeof *tr->v))
        return fail(r, "out of memory");
    cell *row = tr->v + tr->n * (size_t)tr->ncol;
    for (int c = 0; c < tr->ncol; c++) {
        row[c].type = (unsigned char)vals[c].type;
        if (vals[c].type == VDC_V_INT)
            row[c].u.i = vals[c].i;
        else if (vals[c].type == VDC_V_REAL)
            row[c].u.d = vals[c].d;
        else if (vals[c].type == VDC_V_TEXT) {
            uint32_t id;
            if (id_of(r, vals[c].s, &id))
                return VDC_EIO;
            row[c].u.s = str(r, id);
            if (!id)
                row[c].type = VDC_V_NULL;
        } else
            row[c].type = VDC_V_NULL;
    }
    tr->n++;
    return 0;
}

int vdc_results_omit(vdc_results *r, const char *table)
{
    if (!r)
        return 0;
    uint32_t id;
    if (r->nomit == MAX_TABLES)
        return fail(r, "too many omitted tables");
    if (id_of(r, table, &id))
        return VDC_EIO;
    r->omit[r->nomit++] = str(r, id);
    for (int i = 0; i < r->ntab; i++)
        if (strcmp(r->tab[i].t->name, table) == 0) {
            r->tab[i].omit = true;
            r->tab[i].n = 0;            /* rows staged before: dropped too */
        }
    return 0;
}

/* Units by name, for the rows a model left without one: the name's unit
 * suffix (README: units are in key names), else the few names below.
 * Dimensionless ratios are "fraction", counts "count". */
static const struct { const char *suffix, *unit; } unit_suffix[] = {
    { "_pages_s", "pages/s" }, { "_per_s", "1/s" }, { "_mibps", "MiB/s" },
    { "_s", "s" }, { "_ms", "ms" }, { "_us", "us" }, { "_ns", "ns" }, { "_w", "W" },
    { "_j", "J" }, { "_kwh", "kWh" }, { "_mib", "MiB" }, { "_gib", "GiB" }, { "_kib", "KiB" },
    { "_gbps", "Gbit/s" }, { "_mbps", "Mbit/s" }, { "_pcpu", "pCPUs" }, { "_pct", "%" },
    { "_fraction", "fraction" }, { "_ratio", "ratio" }, { "_bytes", "bytes" },
    { "_pages", "pages" }, { "_cycles", "cycles" },
};
static const struct { const char *name, *unit; } unit_name[] = {
    { "util", "fraction" }, { "share", "pCPUs" }, { "events", "count" },
    { "active_hosts", "hosts" }, { "active_hosts_mean", "hosts" }, { "vms", "VMs" },
    { "queued", "VMs" }, { "migrations", "count" }, { "power_w", "W" },
    { "hosts_on_end", "hosts" }, { "slatah", "fraction" }, { "sla_violation", "fraction" },
    { "pdm", "fraction" }, { "pdm_total", "fraction" }, { "slav", "fraction" },
    { "aitf", "fraction" }, { "aotf", "fraction" },
};

/* The unit of a row a model left without one: the name's unit suffix, else
 * the table above, else "count" (a name with no unit counts things). */
static const char *unit_of(const char *n)
{
    if (!n)
        return "count";
    size_t ln = strlen(n);
    for (size_t i = 0; i < sizeof unit_name / sizeof *unit_name; i++)
        if (strcmp(n, unit_name[i].name) == 0)
            return unit_name[i].unit;
    for (size_t i = 0; i < sizeof unit_suffix / sizeof *unit_suffix; i++) {
        size_t ls = strlen(unit_suffix[i].suffix);
        if (ln > ls && strcmp(n + ln - ls, unit_suffix[i].suffix) == 0)
            return unit_suffix[i].unit;
    }
    return "count";
}

/* ---- commit ------------------------------------------------------------- */

/* "CREATE TABLE IF NOT EXISTS name(run_id INTEGER, c1 T1, ...)" */
static char *table_sql(const vdc_table *t)
{
    sqlite3_str *s = sqlite3_str_new(NULL);
    sqlite3_str_appendf(s, "CREATE TABLE IF NOT EXISTS \"%w\"(run_id INTEGER", t->name);
    for (const vdc_column *c = t->cols; c->name; c++)
        sqlite3_str_appendf(s, ", \"%w\" %s", c->name, c->type);
    sqlite3_str_appendall(s, ")");
    return sqlite3_str_finish(s);
}

/* "INSERT INTO name(run_id, c1, ...) VALUES(?1, ?2, ...)", with `rows`
 * rows of values: row j's column c is ?(2 + j x ncol + c), all share ?1. */
static char *insert_sql_n(const char *name, const char *const *cols, int ncol, int rows)
{
    sqlite3_str *s = sqlite3_str_new(NULL);
    sqlite3_str_appendf(s, "INSERT INTO \"%w\"(run_id", name);
    for (int c = 0; c < ncol; c++)
        sqlite3_str_appendf(s, ", \"%w\"", cols[c]);
    sqlite3_str_appendall(s, ") VALUES");
    for (int j = 0; j < rows; j++) {
        sqlite3_str_appendf(s, "%s(?1", j ? ", " : "");
        for (int c = 0; c < ncol; c++)
            sqlite3_str_appendf(s, ", ?%d", 2 + j * ncol + c);
        sqlite3_str_appendall(s, ")");
    }
    return sqlite3_str_finish(s);
}

static char *insert_sql(const char *name, const char *const *cols, int ncol)
{
    return insert_sql_n(name, cols, ncol, 1);
}

typedef struct writer {
    sqlite3 *db;
    const char *path;
    vdc_error *err;
} writer;

static int prepare(writer *w, char *sql, int64_t run_id, sqlite3_stmt **st)
{
    int rc = sql ? sqlite3_prepare_v2(w->db, sql, -1, st, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (rc != SQLITE_OK)
        return vdc_error_set(w->err, VDC_EIO, "%s: %s", w->path, sqlite3_errmsg(w->db));
    sqlite3_bind_int64(*st, 1, run_id);
    return 0;
}

/* Step a statement whose run_id (?1) stays bound; the other bindings are
 * all set again before the next step. */
static int step(writer *w, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return vdc_error_set(w->err, VDC_EIO, "%s: %s", w->path, sqlite3_errmsg(w->db));
    return 0;
}

static void bind_value(sqlite3_stmt *st, int i, const vdc_value *v)
{
    switch (v->type) {
    case VDC_V_INT: sqlite3_bind_int64(st, i, v->i); break;
    case VDC_V_REAL: sqlite3_bind_double(st, i, v->d); break;
    case VDC_V_TEXT: sqlite3_bind_text(st, i, v->s, -1, SQLITE_STATIC); break;
    default: sqlite3_bind_null(st, i); break;
    }
}

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static int write_params(writer *w, const vdc_results *r, int64_t id)
{
    static const char *const cols[] = { "path", "value" };
    sqlite3_stmt *st = NULL;
    int rc = prepare(w, insert_sql("params", cols, 2), id, &st);
    for (size_t i = 0; !rc && i < r->np; i++) {
        bind_str(st, 2, r->p[i].path);
        bind_value(st, 3, &r->p[i].v);
        rc = step(w, st);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Rows of metrics and samples go BATCH to a statement: one sqlite3_step
 * per 64 rows instead of per row (the VDBE's per-statement cost is most of
 * a small row's; 64 x 7 parameters stay far below SQLite's limit). */
#define BATCH 64

typedef struct resolved {
    const vdc_results *r;
    const char **name_unit;     /* name id -> unit of its first metric */
    const table_rows *tr;       /* write_tables: the model table written */
} resolved;

static void bind_metric(sqlite3_stmt *st, int at, const resolved *x, size_t i)
{
    const vdc_results *r = x->r;
    const metric_row *m = &r->m[i];
    const char *ent = str(r, m->ent), *name = str(r, m->name), *unit = str(r, m->unit);
    if (!unit || !*unit)
        unit = unit_of(name);
    if (m->name && !x->name_unit[m->name])
        x->name_unit[m->name] = unit;
    uint32_t k = m->ent < r->capkind ? r->kind[m->ent] : 0;
    bind_str(st, at, ent);
    bind_str(st, at + 1, name);
    sqlite3_bind_double(st, at + 2, m->value);
    bind_str(st, at + 3, unit);
    bind_str(st, at + 4, k ? str(r, k) : ent && strcmp(ent, "run") == 0 ? "run" : "model");
}

static void bind_sample(sqlite3_stmt *st, int at, const resolved *x, size_t i)
{
    const vdc_results *r = x->r;
    const sample_row *s = &r->s[i];
    const char *name = str(r, s->name);
    uint32_t k = s->ent < r->capkind ? r->kind[s->ent] : 0;
    bind_str(st, at, str(r, s->ent));
    bind_str(st, at + 1, name);
    sqlite3_bind_double(st, at + 2, s->t_s);
    sqlite3_bind_double(st, at + 3, s->value);
    bind_str(st, at + 4, s->name && x->name_unit[s->name] ? x->name_unit[s->name]
                                                          : unit_of(name));
    bind_str(st, at + 5, k ? str(r, k) : "model");
}

/* n rows of `table` in order: BATCH at a time, the rest one by one. */
static int write_rows(writer *w, const char *table, const char *const *cols, int ncol, size_t n,
                      void (*bind)(sqlite3_stmt *, int, const resolved *, size_t),
                      const resolved *x, int64_t id)
{
    sqlite3_stmt *many = NULL, *one = NULL;
    int rc = 0;
    size_t i = 0;
    /* at most 999 parameters a statement (SQLite's limit before 3.32) */
    int batch = BATCH * ncol + 1 <= 999 ? BATCH : (999 - 1) / ncol;
    if (batch > 1 && n >= (size_t)batch &&
        !(rc = prepare(w, insert_sql_n(table, cols, ncol, batch), id, &many)))
        for (; !rc && n - i >= (size_t)batch; i += (size_t)batch) {
            for (int j = 0; j < batch; j++)
                bind(many, 2 + j * ncol, x, i + (size_t)j);
            rc = step(w, many);
        }
    if (!rc && i < n && !(rc = prepare(w, insert_sql(table, cols, ncol), id, &one)))
        for (; !rc && i < n; i++) {
            bind(one, 2, x, i);
            rc = step(w, one);
        }
    sqlite3_finalize(many);
    sqlite3_finalize(one);
    return rc;
}

/* metrics.kind: the entity's declared kind, else "run" for the run's own
 * rows, else "model"; unit: as given, else unit_of(name).  samples.kind:
 * declared, else "model"; unit: that of the first metric of the same name,
 * else unit_of(name). */
static int write_metrics_samples(writer *w, const vdc_results *r, int64_t id)
{
    static const char *const mcols[] = { "entity", "name", "value", "unit", "kind" };
    static const char *const scols[] = { "entity", "name", "t_s", "value", "unit", "kind" };
    resolved x = { r, calloc(r->str.n ? r->str.n : 1, sizeof *x.name_unit), NULL };
    if (!x.name_unit)
        return vdc_error_set(w->err, VDC_ENOMEM, "out of memory");
    int rc = write_rows(w, "metrics", mcols, 5, r->nm, bind_metric, &x, id);
    if (!rc)
        rc = write_rows(w, "samples", scols, 6, r->ns, bind_sample, &x, id);
    free(x.name_unit);
    return rc;
}

static void bind_cells(sqlite3_stmt *st, int at, const resolved *x, size_t k)
{
    const table_rows *tr = x->tr;
    for (int c = 0; c < tr->ncol; c++) {
        const cell *v = &tr->v[k * (size_t)tr->ncol + (size_t)c];
        switch (v->type) {
        case VDC_V_INT: sqlite3_bind_int64(st, at + c, v->u.i); break;
        case VDC_V_REAL: sqlite3_bind_double(st, at + c, v->u.d); break;
        case VDC_V_TEXT: sqlite3_bind_text(st, at + c, v->u.s, -1, SQLITE_STATIC); break;
        default: sqlite3_bind_null(st, at + c); break;
        }
    }
}

/* A model's table, BATCH rows a statement as metrics and samples (the
 * consolidation lab's day writes ~29,000 placements and as many events). */
static int write_tables(writer *w, const vdc_results *r, int64_t id)
{
    int rc = 0;
    for (int i = 0; !rc && i < r->ntab; i++) {
        const table_rows *tr = &r->tab[i];
        const char *cols[64];
        int nc = 0;
        for (const vdc_column *c = tr->t->cols; c->name && nc < 64; c++)
            cols[nc++] = c->name;
        if (nc != tr->ncol)
            return vdc_error_set(w->err, VDC_EIO, "table %s: more than 64 columns", tr->t->name);
        resolved x = { r, NULL, tr };
        rc = write_rows(w, tr->t->name, cols, nc, tr->n, bind_cells, &x, id);
    }
    return rc;
}

static int write_run(writer *w, const vdc_run_info *info, int64_t *id)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(w->db,
                           "INSERT INTO runs(scenario_name, scenario_json, seed, version,"
                           " started_at, wall_s, status) VALUES(?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return vdc_error_set(w->err, VDC_EIO, "%s: %s", w->path, sqlite3_errmsg(w->db));
    sqlite3_bind_text(st, 1, info->scenario_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, info->scenario_json, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)info->seed);
    sqlite3_bind_text(st, 4, VDC_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, info->started_at, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 6, info->wall_s);
    sqlite3_bind_text(st, 7, info->status ? info->status : "ok", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return vdc_error_set(w->err, VDC_EIO, "%s: %s", w->path, sqlite3_errmsg(w->db));
    *id = sqlite3_last_insert_rowid(w->db);
    return 0;
}

int vdc_results_commit(vdc_results *r, const char *db_path, const vdc_run_info *info,
                       int64_t *run_id, vdc_error *err)
{
    if (r->failed)
        return vdc_error_set(err, VDC_EIO, "results staging failed: %s", r->errmsg);
    writer w = { NULL, db_path, err };
    int rc;
    if (sqlite3_open_v2(db_path, &w.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) !=
        SQLITE_OK) {
        rc = vdc_error_set(err, VDC_EIO, "%s: cannot open: %s", db_path,
                           w.db ? sqlite3_errmsg(w.db) : "out of memory");
        sqlite3_close(w.db);
        return rc;
    }
    sqlite3_busy_timeout(w.db, 120000);   /* other writers commit quickly */
    /* A foreign database is refused before anything changes in it (even
     * its journal mode).  A larger page cache (64 MiB) keeps the B-trees of
     * a big run's pages in memory until the commit writes them once. */
    /* A file that is not a database (it became one since the check before
     * the run) cannot take the results: an I/O failure, as at open. */
    if (sqlite3_exec(w.db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
        rc = vdc_error_set(err, VDC_EIO, "%s: cannot open: %s", db_path, sqlite3_errmsg(w.db));
        goto close;
    }
    if ((rc = vdc_results_check_foreign(w.db, "main", db_path, err)) ||
        (rc = vdc_results_wal(w.db, "main", db_path, err)) ||
        (info->sync_normal && (rc = vdc_results_exec(w.db, "PRAGMA synchronous=NORMAL", err))) ||
        (rc = vdc_results_exec(w.db, "PRAGMA cache_size=-65536", err)) ||
        (rc = vdc_results_exec(w.db, "BEGIN IMMEDIATE", err)))
        goto close;
    if ((rc = vdc_results_schema_in(w.db, "", err)))
        goto rollback;
    for (int i = 0; i < r->ntab; i++) {
        char *sql = table_sql(r->tab[i].t);
        rc = sql ? vdc_results_exec(w.db, sql, err) : vdc_error_set(err, VDC_ENOMEM,
                                                                      "out of memory");
        sqlite3_free(sql);
        if (rc)
            goto rollback;
    }
    int64_t id = 0;
    if ((rc = write_run(&w, info, &id)) || (rc = write_params(&w, r, id)) ||
        (rc = write_metrics_samples(&w, r, id)) || (rc = write_tables(&w, r, id)) ||
        (rc = vdc_results_exec(w.db, "COMMIT", err)))
        goto rollback;
    if (run_id)
        *run_id = id;
    goto close;
rollback:
    if (!sqlite3_get_autocommit(w.db))
        sqlite3_exec(w.db, "ROLLBACK", NULL, NULL, NULL);
close:
    sqlite3_close(w.db);
    return rc;
}
