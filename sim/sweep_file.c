/* sweep_file.c -- a sweep file -> its points (sweep_int.h).
 *
 * Read and parsed by the scenario's JSON reader (jsonfile.h: size limit,
 * syntax errors with line and column, duplicate keys, out of memory told
 * apart), then: keys checked, the number of points counted and bounded,
 * then the points built -- grid (cartesian product, last key fastest),
 * list, random samples (seeded, reproducible), each times the seeds.
 * Every allocation is checked; on error the partial sweep is freed by
 * vdc_sweep_free and the error names the file and the JSON path.
 */
#include "sweep_int.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"
#include "param.h"
#include "rng.h"

#define OOM(err) vdc_error_set(err, VDC_ENOMEM, "out of memory")

/* ---- points ---------------------------------------------------------------- */

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

/* "path=value" (NULL if out of memory). */
static char *assign_text(const char *path, const char *t)
{
    size_t n = strlen(path) + strlen(t) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s=%s", path, t);
    return s;
}

static char *assign(const char *path, const cJSON *v)
{
    char *t = value_text(v);
    char *s = t ? assign_text(path, t) : NULL;
    cJSON_free(t);
    return s;
}

static void free_sets(char **set, int n)
{
    for (int i = 0; set && i < n; i++)
        free(set[i]);
    free(set);
}

/* Append a point made of copies of a[0..na) and b[0..nb). */
static int add_point(vdc_sweep *sw, char *const *a, int na, char *const *b, int nb,
                     vdc_error *err)
{
    if (sw->npts == sw->cap) {
        int cap = sw->cap ? 2 * sw->cap : 64;
        vdc_sweep_point *p = realloc(sw->pts, (size_t)cap * sizeof *p);
        if (!p)
            return OOM(err);
        sw->pts = p;
        sw->cap = cap;
    }
    vdc_sweep_point pt = { calloc((size_t)(na + nb) + 1, sizeof(char *)), 0, NULL };
    size_t len = 1;
    for (int i = 0; pt.set && i < na + nb; i++, pt.n++) {
        if (!(pt.set[i] = strdup(i < na ? a[i] : b[i - na])))
            break;
        len += strlen(pt.set[i]) + 1;
    }
    if (!pt.set || pt.n < na + nb || !(pt.key = malloc(len))) {
        free_sets(pt.set, pt.n);
        return OOM(err);
    }
    char *k = pt.key;
    *k = 0;
    for (int i = 0; i < pt.n; i++)
        k += sprintf(k, "%s%s", i ? " " : "", pt.set[i]);
    sw->pts[sw->npts++] = pt;
    return 0;
}

/* A raw point (before seeds): once, or once per seed. */
static int add_seeded(vdc_sweep *sw, char *const *set, int n, const cJSON *seeds, vdc_error *err)
{
    if (!seeds)
        return add_point(sw, set, n, NULL, 0, err);
    for (const cJSON *s = seeds->child; s; s = s->next) {
        char buf[64], *e[1] = { buf };
        snprintf(buf, sizeof buf, "seed=%.0f", s->valuedouble);
        int rc = add_point(sw, set, n, e, 1, err);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- sections ----------------------------------------------------------------- */

static int bad(vdc_error *err, const char *file, const char *path, const char *what)
{
    return vdc_error_set(err, VDC_EINPUT, "%s: %s: %s", file, path, what);
}

static int check_keys(const cJSON *j, const char *file, vdc_error *err)
{
    static const char *known[] = { "name", "base", "set", "grid", "list", "random", "seeds",
                                   "description" };
    for (const cJSON *it = j->child; it; it = it->next) {
        bool ok = false;
        for (size_t k = 0; k < sizeof known / sizeof *known; k++)
            ok |= strcmp(it->string, known[k]) == 0;
        if (!ok) {
            const char *s = vdc_param_suggest(it->string, known, sizeof known / sizeof *known);
            return vdc_error_set(err, VDC_EINPUT, "%s: %s: unknown key%s%s%s", file, it->string,
                                 s ? " (did you mean \"" : "", s ? s : "", s ? "\"?)" : "");
        }
    }
    return 0;
}

/* base (relative to the sweep file), name, fixed sets. */
static int read_header(const cJSON *j, vdc_sweep *sw, vdc_error *err)
{
    const char *file = sw->file;
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "base");
    if (!cJSON_IsString(b) || !*b->valuestring)
        return bad(err, file, "base", "required: the path of the base scenario");
    const char *slash = strrchr(file, '/');
    size_t dl = b->valuestring[0] == '/' || !slash ? 0 : (size_t)(slash - file) + 1;
    if (!(sw->base = malloc(dl + strlen(b->valuestring) + 1)))
        return OOM(err);
    memcpy(sw->base, file, dl);
    strcpy(sw->base + dl, b->valuestring);
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(j, "name");
    if (nm && (!cJSON_IsString(nm) || !*nm->valuestring))
        return bad(err, file, "name", "must be a non-empty string");
    if (nm) {
        sw->name = strdup(nm->valuestring);
    } else {
        sw->name = strdup(slash ? slash + 1 : file);
        char *dot = sw->name ? strrchr(sw->name, '.') : NULL;
        if (dot && dot != sw->name)
            *dot = 0;
    }
    if (!sw->name)
        return OOM(err);
    const cJSON *fixed = cJSON_GetObjectItemCaseSensitive(j, "set");
    if (!fixed)
        return 0;
    if (!cJSON_IsArray(fixed))
        return bad(err, file, "set", "must be an array of \"path=value\" strings");
    if (!(sw->fixed = calloc((size_t)cJSON_GetArraySize(fixed) + 1, sizeof *sw->fixed)))
        return OOM(err);
    for (const cJSON *it = fixed->child; it; it = it->next) {
        if (!cJSON_IsString(it) || !strchr(it->valuestring, '='))
            return bad(err, file, "set[]", "must be a \"path=value\" string");
        if (!(sw->fixed[sw->nfixed++] = strdup(it->valuestring)))
            return OOM(err);
    }
    return 0;
}

/* Count the points the file asks for (doubles: a product may overflow);
 * also checks each section's shape, so the builders below need not. */
static int count_points(const cJSON *j, const char *file, double *total, vdc_error *err)
{
    const cJSON *grid = cJSON_GetObjectItemCaseSensitive(j, "grid");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "list");
    const cJSON *rnd = cJSON_GetObjectItemCaseSensitive(j, "random");
    const cJSON *seeds = cJSON_GetObjectItemCaseSensitive(j, "seeds");
    double raw = 0;
    if (grid) {
        if (!cJSON_IsObject(grid))
            return bad(err, file, "grid", "must be an object of path: [values]");
        double g = 1;
        for (const cJSON *a = grid->child; a; a = a->next) {
            if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0) {
                char p[300];
                snprintf(p, sizeof p, "grid.%.200s", a->string);
                return bad(err, file, p, "must be a non-empty array of values");
            }
            g *= cJSON_GetArraySize(a);
        }
        raw += grid->child ? g : 0;
    }
    if (list) {
        if (!cJSON_IsArray(list))
            return bad(err, file, "list", "must be an array of objects");
        int i = 0;
        for (const cJSON *o = list->child; o; o = o->next, i++)
            if (!cJSON_IsObject(o)) {
                char p[64];
                snprintf(p, sizeof p, "list[%d]", i);
                return bad(err, file, p, "must be an object of path: value");
            }
        raw += i;
    }
    if (rnd) {
        const cJSON *ns = cJSON_GetObjectItemCaseSensitive(rnd, "samples");
        const cJSON *sd = cJSON_GetObjectItemCaseSensitive(rnd, "seed");
        if (!cJSON_IsObject(rnd) || !cJSON_IsNumber(ns) || ns->valuedouble < 1 ||
            ns->valuedouble > VDC_SWEEP_MAX_POINTS || ns->valuedouble != floor(ns->valuedouble) ||
            !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(rnd, "params")) ||
            (sd && (!cJSON_IsNumber(sd) || sd->valuedouble < 0 || sd->valuedouble > 9007199254740991.0)))
            return bad(err, file, "random", "needs \"samples\" (1..100000), \"params\" "
                       "{path: {min, max} | {choices}} and maybe \"seed\" (an integer >= 0)");
        raw += ns->valuedouble;
    }
    if (seeds) {
        if (!cJSON_IsArray(seeds) || cJSON_GetArraySize(seeds) == 0)
            return bad(err, file, "seeds", "must be a non-empty array of integers");
        for (const cJSON *s = seeds->child; s; s = s->next)
            if (!cJSON_IsNumber(s) || s->valuedouble < 0 || s->valuedouble != floor(s->valuedouble) ||
                s->valuedouble > 9007199254740991.0)
                return bad(err, file, "seeds[]", "must be integers in [0, 2^53-1]");
    }
    *total = (raw > 0 ? raw : 1) * (seeds ? cJSON_GetArraySize(seeds) : 1);
    if (*total > VDC_SWEEP_MAX_POINTS) {
        char what[160];
        snprintf(what, sizeof what, "%.4g points (grid x list x random x seeds), limit %d; "
                 "split the sweep into several files", *total, VDC_SWEEP_MAX_POINTS);
        return bad(err, file, "(points)", what);
    }
    return 0;
}

/* The grid, recursively in key order: the last key varies fastest. */
static int build_grid(vdc_sweep *sw, const cJSON *axis, char **cur, int depth,
                      const cJSON *seeds, vdc_error *err)
{
    if (!axis)
        return add_seeded(sw, cur, depth, seeds, err);
    for (const cJSON *v = axis->child; v; v = v->next) {
        if (!(cur[depth] = assign(axis->string, v)))
            return OOM(err);
        int rc = build_grid(sw, axis->next, cur, depth + 1, seeds, err);
        free(cur[depth]);
        cur[depth] = NULL;
        if (rc)
            return rc;
    }
    return 0;
}

/* One object of path: value as a point ("list" entries). */
static int build_object(vdc_sweep *sw, const cJSON *o, const cJSON *seeds, vdc_error *err)
{
    int k = cJSON_GetArraySize(o), m = 0, rc = 0;
    char **s = calloc((size_t)k + 1, sizeof *s);
    if (!s)
        return OOM(err);
    for (const cJSON *v = o->child; v && !rc; v = v->next)
        if (!(s[m++] = assign(v->string, v)))
            rc = OOM(err);
    if (!rc)
        rc = add_seeded(sw, s, m, seeds, err);
    free_sets(s, m);
    return rc;
}

/* The value of one random parameter, drawn from g. */
static int draw(const cJSON *pp, gsl_rng *g, const char *file, char **out, vdc_error *err)
{
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(pp, "choices");
    const cJSON *lo = cJSON_GetObjectItemCaseSensitive(pp, "min");
    const cJSON *hi = cJSON_GetObjectItemCaseSensitive(pp, "max");
    if (cJSON_IsArray(ch) && cJSON_GetArraySize(ch) > 0) {
        unsigned long i = gsl_rng_uniform_int(g, (unsigned long)cJSON_GetArraySize(ch));
        *out = assign(pp->string, cJSON_GetArrayItem(ch, (int)i));
    } else if (cJSON_IsNumber(lo) && cJSON_IsNumber(hi) && lo->valuedouble <= hi->valuedouble) {
        bool lg = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pp, "log"));
        bool in = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pp, "int"));
        double u = gsl_rng_uniform(g), a = lo->valuedouble, b = hi->valuedouble;
        double x = lg && a > 0 ? exp(log(a) + u * (log(b) - log(a))) : a + u * (b - a);
        char buf[64];
        if (in)
            snprintf(buf, sizeof buf, "%.0f", floor(x + 0.5));
        else
            snprintf(buf, sizeof buf, "%.6g", x);
        *out = assign_text(pp->string, buf);
    } else {
        char p[300];
        snprintf(p, sizeof p, "random.params.%.200s", pp->string);
        return bad(err, file, p, "must be {\"min\": a, \"max\": b (>= a)} or {\"choices\": [...]}");
    }
    return *out ? 0 : OOM(err);
}

static int build_random(vdc_sweep *sw, const cJSON *rnd, const cJSON *seeds, vdc_error *err)
{
    const cJSON *ps = cJSON_GetObjectItemCaseSensitive(rnd, "params");
    const cJSON *sd = cJSON_GetObjectItemCaseSensitive(rnd, "seed");
    int samples = (int)cJSON_GetObjectItemCaseSensitive(rnd, "samples")->valuedouble;
    int np = cJSON_GetArraySize(ps), rc = 0;
    gsl_rng *g = vdc_rng_stream(sd ? (uint64_t)sd->valuedouble : 1, "sweep/random");
    char **s = calloc((size_t)np + 1, sizeof *s);
    if (!g || !s)
        rc = OOM(err);
    for (int k = 0; k < samples && !rc; k++) {
        int m = 0;
        for (const cJSON *pp = ps->child; pp && !rc; pp = pp->next)
            if (!(rc = draw(pp, g, sw->file, &s[m], err)))
                m++;
        if (!rc)
            rc = add_seeded(sw, s, m, seeds, err);
        for (int i = 0; i < m; i++) {
            free(s[i]);
            s[i] = NULL;
        }
    }
    free(s);
    if (g)
        gsl_rng_free(g);
    return rc;
}

/* ---- the file ------------------------------------------------------------------ */

static int parse_tree(const cJSON *j, vdc_sweep *sw, vdc_error *err)
{
    const char *file = sw->file;
    double total;
    int rc;
    if (!cJSON_IsObject(j))
        return bad(err, file, "(top level)", "must be a JSON object");
    if ((rc = check_keys(j, file, err)) || (rc = read_header(j, sw, err)) ||
        (rc = count_points(j, file, &total, err)))
        return rc;
    const cJSON *grid = cJSON_GetObjectItemCaseSensitive(j, "grid");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "list");
    const cJSON *rnd = cJSON_GetObjectItemCaseSensitive(j, "random");
    const cJSON *seeds = cJSON_GetObjectItemCaseSensitive(j, "seeds");
    if (grid && grid->child) {
        char **cur = calloc((size_t)cJSON_GetArraySize(grid) + 1, sizeof *cur);
        rc = cur ? build_grid(sw, grid->child, cur, 0, seeds, err) : OOM(err);
        free(cur);
    }
    for (const cJSON *o = list ? list->child : NULL; o && !rc; o = o->next)
        rc = build_object(sw, o, seeds, err);
    if (rnd && !rc)
        rc = build_random(sw, rnd, seeds, err);
    if (!rc && sw->npts == 0)                   /* just the base (maybe x seeds) */
        rc = add_seeded(sw, NULL, 0, seeds, err);
    return rc;
}

int vdc_sweep_parse(const char *text, size_t len, const char *file, vdc_sweep *sw,
                    vdc_error *err)
{
    memset(sw, 0, sizeof *sw);
    if (!(sw->file = strdup(file)))
        return OOM(err);
    cJSON *j;
    int rc = vdc_jsonfile_parse(text, len, file, &j, err);
    if (!rc) {
        rc = parse_tree(j, sw, err);
        cJSON_Delete(j);
    }
    return rc;
}

int vdc_sweep_load(const char *file, vdc_sweep *sw, vdc_error *err)
{
    char *text;
    size_t len;
    memset(sw, 0, sizeof *sw);
    int rc = vdc_jsonfile_read(file, &text, &len, err);
    if (rc)
        return rc;
    rc = vdc_sweep_parse(text, len, file, sw, err);
    free(text);
    return rc;
}

void vdc_sweep_free(vdc_sweep *sw)
{
    free(sw->file);
    free(sw->name);
    free(sw->base);
    free_sets(sw->fixed, sw->nfixed);
    for (int i = 0; i < sw->npts; i++) {
        free_sets(sw->pts[i].set, sw->pts[i].n);
        free(sw->pts[i].key);
    }
    free(sw->pts);
    memset(sw, 0, sizeof *sw);
}

const char **vdc_sweep_point_sets(const vdc_sweep *sw, int i, size_t *n)
{
    const vdc_sweep_point *p = &sw->pts[i];
    const char **s = calloc((size_t)(sw->nfixed + p->n) + 1, sizeof *s);
    *n = 0;
    if (!s)
        return NULL;
    for (int k = 0; k < sw->nfixed; k++)
        s[k] = sw->fixed[k];
    for (int k = 0; k < p->n; k++)
        s[sw->nfixed + k] = p->set[k];
    *n = (size_t)(sw->nfixed + p->n);
    return s;
}
