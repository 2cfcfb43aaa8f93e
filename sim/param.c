/* param.c -- read JSON objects against parameter tables (see param.h).
 *
 * One pass per object: unknown keys first (so a typo is reported as such,
 * with the closest known key), then each table entry in order: type check,
 * range check, store into the typed struct, and add the default to the JSON
 * when the key was absent, so the object becomes the resolved config.
 */
#include "param.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *vdc_param_json_type(const cJSON *v)
{
    if (!v) return "nothing";
    if (cJSON_IsNumber(v)) return "number";
    if (cJSON_IsString(v)) return "string";
    if (cJSON_IsBool(v)) return "boolean";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsArray(v)) return "array";
    if (cJSON_IsObject(v)) return "object";
    return "invalid";
}

void vdc_param_show(const cJSON *v, char *buf, size_t n)
{
    if (!v) {
        snprintf(buf, n, "nothing");
    } else if (cJSON_IsNumber(v)) {
        snprintf(buf, n, "%.15g", v->valuedouble);
    } else if (cJSON_IsString(v)) {
        snprintf(buf, n, "\"%.*s\"", (int)(n > 48 ? 40 : n / 2), v->valuestring);
    } else if (cJSON_IsBool(v)) {
        snprintf(buf, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsNull(v)) {
        snprintf(buf, n, "null");
    } else {
        snprintf(buf, n, "%s", cJSON_IsArray(v) ? "[...]" : "{...}");
    }
}

/* Levenshtein distance, capped: only short keys are compared. */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    int d[64][64];
    for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int x = d[i - 1][j] + 1, y = d[i][j - 1] + 1;
            d[i][j] = c < x ? (c < y ? c : y) : (x < y ? x : y);
        }
    return d[la][lb];
}

const char *vdc_param_suggest(const char *key, const char *const *cands, size_t n)
{
    const char *best = NULL;
    int bd = 3;
    for (size_t i = 0; i < n; i++) {
        int d = edit_distance(key, cands[i]);
        /* a key with its unit missing ("memory" for "memory_gib") */
        if (strncmp(cands[i], key, strlen(key)) == 0 && cands[i][strlen(key)] == '_')
            d = 1;
        if (d < bd) {
            bd = d;
            best = cands[i];
        }
    }
    return best;
}

const char *vdc_param_suggest_in(const char *key, const vdc_param *tbl)
{
    const char *names[128];
    size_t n = 0;
    for (const vdc_param *p = tbl; p && p->name && n < 128; p++)
        names[n++] = p->name;
    return vdc_param_suggest(key, names, n);
}

static const vdc_param *lookup(const vdc_param *tbl, const char *key)
{
    for (const vdc_param *p = tbl; p && p->name; p++)
        if (strcmp(p->name, key) == 0)
            return p;
    return NULL;
}

static void print_choices(char *buf, size_t n, const char *choices)
{
    snprintf(buf, n, "%s", choices);
    for (char *c = buf; *c; c++)
        if (*c == '|')
            *c = ',';
}

/* Index of `s` in "a|b|c", or -1. */
static int choice_index(const char *choices, const char *s)
{
    int i = 0;
    size_t ls = strlen(s);
    for (const char *c = choices; *c; i++) {
        const char *bar = strchr(c, '|');
        size_t lc = bar ? (size_t)(bar - c) : strlen(c);
        if (lc == ls && strncmp(c, s, lc) == 0)
            return i;
        if (!bar)
            break;
        c = bar + 1;
    }
    return -1;
}

static const char *choice_at(const char *choices, int idx, char *buf, size_t n)
{
    const char *c = choices;
    for (int i = 0; i < idx && c; i++) {
        c = strchr(c, '|');
        if (c) c++;
    }
    if (!c) c = "";
    const char *bar = strchr(c, '|');
    size_t lc = bar ? (size_t)(bar - c) : strlen(c);
    if (lc >= n) lc = n - 1;
    memcpy(buf, c, lc);
    buf[lc] = 0;
    return buf;
}

int vdc_names_find(const char *const *names, size_t n, const int *order, const char *s)
{
    if (!order) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(names[i], s) == 0)
                return (int)i;
        return -1;
    }
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(names[order[mid]], s);
        if (c == 0)
            return order[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int range_error(const vdc_param *p, double x, const char *file, const char *path,
                       const cJSON *v, vdc_error *err)
{
    char got[64];
    vdc_param_show(v, got, sizeof got);
    bool lo_bad = (p->flags & VDC_PARAM_MIN_EXCL) ? !(x > p->min) : !(x >= p->min);
    if (lo_bad)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: must be %s %.10g, got %s", file,
                             path, *path ? "." : "", p->name,
                             (p->flags & VDC_PARAM_MIN_EXCL) ? ">" : ">=", p->min, got);
    return vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: must be %s %.10g, got %s", file, path,
                         *path ? "." : "", p->name,
                         (p->flags & VDC_PARAM_MAX_EXCL) ? "<" : "<=", p->max, got);
}

static bool in_range(const vdc_param *p, double x)
{
    if (!isfinite(x))
        return false;
    if (p->flags & VDC_PARAM_MIN_EXCL ? !(x > p->min) : !(x >= p->min))
        return false;
    return (p->flags & VDC_PARAM_MAX_EXCL) ? x < p->max : x <= p->max;
}

#define FIELD(out, p, T) ((T *)((char *)(out) + (p)->offset))

static void release_one(const vdc_param *p, void *out);
static int fill_table(const vdc_param *tbl, cJSON *obj, bool add_defaults, void *out,
                      const char *file, const char *path, const vdc_names *names,
                      vdc_error *err);

/* ---- filling one parameter: a step per kind of value ---------------------
 * Each step reads `v` (NULL: absent) against `p`, stores at p->offset in
 * `out` and labels messages "file: path.name: ...".  In their bodies: */
/* the value as text, only when an error needs it (hot at 10^5 entries) */
#define GOT() (vdc_param_show(v, got, sizeof got), got)
#define TYPE_ERR(what) \
    vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: must be %s, got %s", file, path, dot, p->name, \
                  what, GOT())

/* VM or HOST: the index of the named entity (-1: none given). */
static int fill_ref(const vdc_param *p, cJSON *v, void *out, const char *file,
                    const char *path, const vdc_names *names, vdc_error *err)
{
    char got[64];
    const char *dot = *path ? "." : "";
    bool absent = v == NULL;
    int idx = -1;
    bool vm = p->type == VDC_PARAM_VM;
    if (!absent && !cJSON_IsNull(v)) {
        if (!cJSON_IsString(v))
            return TYPE_ERR(vm ? "the name of a VM" : "the name of a host");
        if (names) {
            idx = vm ? vdc_names_find(names->vm, names->nvm, names->vm_order, v->valuestring)
                     : vdc_names_find(names->host, names->nhost, names->host_order,
                                      v->valuestring);
            if (idx < 0) {
                const char *s = vm ? vdc_param_suggest(v->valuestring, names->vm,
                                                       names->nvm < 10000 ? names->nvm : 0)
                                   : vdc_param_suggest(v->valuestring, names->host,
                                                       names->nhost < 10000 ? names->nhost : 0);
                return vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: no %s named %s%s%s%s",
                                     file, path, dot, p->name, vm ? "VM" : "host", GOT(),
                                     s ? " (did you mean \"" : "", s ? s : "", s ? "\"?)" : "");
            }
        }
    } else if (!(p->flags & VDC_PARAM_NULLABLE)) {
        return vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: required, missing", file, path,
                             dot, p->name);
    }
    *FIELD(out, p, int) = idx;
    return 0;
}

/* VM_LATE: a VM by index, or by name when a model creates it later. */
static int fill_vm_late(const vdc_param *p, cJSON *v, void *out, const char *file,
                        const char *path, const vdc_names *names, vdc_error *err)
{
    char got[64];
    const char *dot = *path ? "." : "";
    bool absent = v == NULL;
    vdc_vmref *r = FIELD(out, p, vdc_vmref);
    r->index = -1;
    r->name = NULL;
    if (absent || cJSON_IsNull(v)) {
        if (!(p->flags & VDC_PARAM_NULLABLE))
            return vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: required, missing", file,
                                 path, dot, p->name);
        return 0;
    }
    if (!cJSON_IsString(v))
        return TYPE_ERR("the name of a VM");
    r->name = v->valuestring;
    if (names)
        r->index = vdc_names_find(names->vm, names->nvm, names->vm_order, v->valuestring);
    if (r->index < 0 && names && !names->late_ok) {
        const char *s = vdc_param_suggest(v->valuestring, names->vm,
                                          names->nvm < 10000 ? names->nvm : 0);
        return vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: no VM named %s%s%s%s", file, path,
                             dot, p->name, GOT(), s ? " (did you mean \"" : "", s ? s : "",
                             s ? "\"?)" : "");
    }
    return 0;
}

/* OBJLIST: one `sub_size` element per object, each filled by `sub`. */
static int fill_objlist(const vdc_param *p, cJSON *v, void *out, const char *file,
                        const char *path, const vdc_names *names, vdc_error *err)
{
    char got[64];
    const char *dot = *path ? "." : "";
    bool absent = v == NULL;
    vdc_objlist *l = FIELD(out, p, vdc_objlist);
    l->v = NULL;
    l->n = 0;
    if (absent)
        return 0;
    if (!cJSON_IsArray(v))
        return TYPE_ERR("an array of objects");
    int n = cJSON_GetArraySize(v);
    if (n > 65536)
        return TYPE_ERR("an array of at most 65536 objects");
    if (n == 0)
        return 0;
    size_t sz = p->sub_size ? p->sub_size : 1;
    if (!(l->v = calloc((size_t)n, sz)))
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    int rc = 0;
    for (cJSON *it = v->child; it && !rc; it = it->next, l->n++) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s%s%s[%zu]", path, dot, p->name, l->n);
        /* no defaults written: the stored configuration keeps the list as
         * given (strings point into the element, which outlives the run) */
        rc = fill_table(p->sub, it, false, (char *)l->v + l->n * sz, file, sub, names, err);
    }
    if (rc)
        release_one(p, out);
    return rc;
}

/* LIST: integers, each in [min, max]. */
static int fill_intlist(const vdc_param *p, cJSON *v, void *out, const char *file,
                        const char *path, vdc_error *err)
{
    char got[64];
    const char *dot = *path ? "." : "";
    bool absent = v == NULL;
    vdc_intlist *l = FIELD(out, p, vdc_intlist);
    l->v = NULL;
    l->n = 0;
    if (absent)
        return 0;
    if (!cJSON_IsArray(v))
        return TYPE_ERR("an array of integers");
    int n = cJSON_GetArraySize(v);
    if (n > 65536)
        return TYPE_ERR("an array of at most 65536 integers");
    if (n == 0)
        return 0;
    l->v = calloc((size_t)n, sizeof *l->v);
    if (!l->v)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    int i = 0;
    for (cJSON *it = v->child; it; it = it->next, i++) {
        double x = it->valuedouble;
        if (!cJSON_IsNumber(it) || x != floor(x) || !in_range(p, x)) {
            vdc_param_show(it, got, sizeof got);
            return vdc_error_set(err, VDC_EINPUT,
                                 "%s: %s%s%s[%d]: must be an integer in [%.10g, %.10g], got %s",
                                 file, path, dot, p->name, i, p->min, p->max, got);
        }
        l->v[l->n++] = (int64_t)x;
    }
    return 0;
}

/* One parameter: required check, then the step for its type (scalars inline). */
static int fill_one(const vdc_param *p, cJSON *obj, cJSON *v, void *out, const char *file,
                    const char *path, const vdc_names *names, vdc_error *err)
{
    char got[64], buf[512];
    const char *dot = *path ? "." : "";
    bool absent = v == NULL;
    if (absent && (p->flags & VDC_PARAM_REQUIRED))
        return vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: required, missing", file, path, dot,
                             p->name);
    switch (p->type) {
    case VDC_PARAM_INT:
    case VDC_PARAM_NUM: {
        double x = p->def;
        if (!absent) {
            if (!cJSON_IsNumber(v))
                return TYPE_ERR(p->type == VDC_PARAM_INT ? "an integer" : "a number");
            x = v->valuedouble;
            if (p->type == VDC_PARAM_INT && isfinite(x) && x != floor(x))
                return TYPE_ERR("an integer");
            if (!in_range(p, x))
                return range_error(p, x, file, path, v, err);
        } else if (obj && !cJSON_AddNumberToObject(obj, p->name, x)) {
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        }
        if (p->type == VDC_PARAM_INT)
            *FIELD(out, p, int64_t) = (int64_t)x;
        else
            *FIELD(out, p, double) = x;
        return 0;
    }
    case VDC_PARAM_BOOL: {
        bool b = p->def != 0;
        if (!absent) {
            if (!cJSON_IsBool(v))
                return TYPE_ERR("true or false");
            b = cJSON_IsTrue(v);
        } else if (obj && !cJSON_AddBoolToObject(obj, p->name, b)) {
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        }
        *FIELD(out, p, bool) = b;
        return 0;
    }
    case VDC_PARAM_STR: {
        const char *s = p->def_str;
        if (!absent) {
            if (!cJSON_IsString(v))
                return TYPE_ERR("a string");
            if (p->min > 0 && strlen(v->valuestring) < (size_t)p->min)
                return TYPE_ERR("a non-empty string");
            s = v->valuestring;
        } else if (obj && s) {
            cJSON *added = cJSON_AddStringToObject(obj, p->name, s);
            if (!added)
                return vdc_error_set(err, VDC_ENOMEM, "out of memory");
            s = added->valuestring;
        }
        *FIELD(out, p, const char *) = s;
        return 0;
    }
    case VDC_PARAM_ENUM: {
        int idx = (int)p->def;
        if (!absent) {
            print_choices(buf, sizeof buf, p->choices);
            if (!cJSON_IsString(v))
                return vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: must be one of %s, got %s",
                                     file, path, dot, p->name, buf, GOT());
            idx = choice_index(p->choices, v->valuestring);
            if (idx < 0)
                return vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: must be one of %s, got %s",
                                     file, path, dot, p->name, buf, GOT());
        } else if (obj && !cJSON_AddStringToObject(
                              obj, p->name, choice_at(p->choices, idx, buf, sizeof buf))) {
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        }
        *FIELD(out, p, int) = idx;
        return 0;
    }
    case VDC_PARAM_VM:
    case VDC_PARAM_HOST:
        return fill_ref(p, v, out, file, path, names, err);
    case VDC_PARAM_VM_LATE:
        return fill_vm_late(p, v, out, file, path, names, err);
    case VDC_PARAM_OBJLIST:
        return fill_objlist(p, v, out, file, path, names, err);
    case VDC_PARAM_LIST:
        return fill_intlist(p, v, out, file, path, err);
    case VDC_PARAM_SKIP:
    case VDC_PARAM_END:
        return 0;
    }
    return 0;
}
#undef TYPE_ERR
#undef GOT

int vdc_param_fill(const vdc_param *tbl, cJSON *obj, void *out, const char *file,
                   const char *path, const vdc_names *names, vdc_error *err)
{
    return fill_table(tbl, obj, true, out, file, path, names, err);
}

/* vdc_param_fill, adding the defaults to `obj` or not. */
static int fill_table(const vdc_param *tbl, cJSON *obj, bool add_defaults, void *out,
                      const char *file, const char *path, const vdc_names *names,
                      vdc_error *err)
{
    if (obj && !cJSON_IsObject(obj)) {
        char got[64];
        vdc_param_show(obj, got, sizeof got);
        return vdc_error_set(err, VDC_EINPUT, "%s: %s: must be an object, got %s", file,
                             *path ? path : "(top level)", got);
    }
    /* Unknown and duplicate keys first: a typo is the likeliest mistake.
     * When err collects (vdc_error_more), every bad key and value of the
     * object is reported, not only the first. */
    int bad = 0;
    for (cJSON *it = obj ? obj->child : NULL; it; it = it->next) {
        const char *dot = *path ? "." : "";
        if (!it->string)
            continue;
        int rc = 0;
        if (!lookup(tbl, it->string)) {
            const char *s = vdc_param_suggest_in(it->string, tbl);
            rc = vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: unknown key%s%s%s", file, path,
                               dot, it->string, s ? " (did you mean \"" : "", s ? s : "",
                               s ? "\"?)" : "");
        }
        for (cJSON *o = obj->child; !rc && o != it; o = o->next)
            if (o->string && strcmp(o->string, it->string) == 0)
                rc = vdc_error_set(err, VDC_EINPUT, "%s: %s%s%s: duplicate key", file, path,
                                   dot, it->string);
        if (rc && !vdc_error_more(err, rc))
            return rc;
        bad = bad ? bad : rc;
    }
    for (const vdc_param *p = tbl; p && p->name; p++) {
        cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, p->name) : NULL;
        int rc = fill_one(p, add_defaults ? obj : NULL, v, out, file, path, names, err);
        if (rc && !vdc_error_more(err, rc))
            return rc;
        bad = bad ? bad : rc;
    }
    return bad;
}

static void release_one(const vdc_param *p, void *out)
{
    if (p->type == VDC_PARAM_LIST) {
        vdc_intlist *l = FIELD(out, p, vdc_intlist);
        free(l->v);
        l->v = NULL;
        l->n = 0;
    } else if (p->type == VDC_PARAM_OBJLIST) {
        vdc_objlist *l = FIELD(out, p, vdc_objlist);
        for (size_t i = 0; l->v && i < l->n; i++)
            vdc_param_release(p->sub, (char *)l->v + i * (p->sub_size ? p->sub_size : 1));
        free(l->v);
        l->v = NULL;
        l->n = 0;
    }
}

void vdc_param_release(const vdc_param *tbl, void *out)
{
    for (const vdc_param *p = tbl; p && p->name; p++)
        release_one(p, out);
}

static const char *type_name(vdc_param_type t)
{
    switch (t) {
    case VDC_PARAM_INT: return "int";
    case VDC_PARAM_NUM: return "number";
    case VDC_PARAM_BOOL: return "bool";
    case VDC_PARAM_STR: return "string";
    case VDC_PARAM_ENUM: return "enum";
    case VDC_PARAM_VM: return "vm name";
    case VDC_PARAM_VM_LATE: return "vm name";
    case VDC_PARAM_HOST: return "host name";
    case VDC_PARAM_LIST: return "int list";
    case VDC_PARAM_OBJLIST: return "list";
    default: return "object";
    }
}

void vdc_param_print(FILE *f, const vdc_param *tbl, const char *indent)
{
    char buf[1024];
    for (const vdc_param *p = tbl; p && p->name; p++) {
        char def[96] = "", range[640] = "";
        switch (p->type) {
        case VDC_PARAM_INT: case VDC_PARAM_NUM:
            snprintf(def, sizeof def, "%.10g", p->def);
            snprintf(range, sizeof range, "%s%.10g..%s%.10g",
                     (p->flags & VDC_PARAM_MIN_EXCL) ? ">" : "", p->min,
                     (p->flags & VDC_PARAM_MAX_EXCL) ? "<" : "", p->max);
            break;
        case VDC_PARAM_BOOL: snprintf(def, sizeof def, "%s", p->def ? "true" : "false"); break;
        case VDC_PARAM_STR: snprintf(def, sizeof def, "%s", p->def_str ? p->def_str : "-"); break;
        case VDC_PARAM_ENUM:
            choice_at(p->choices, (int)p->def, def, sizeof def);
            print_choices(range, sizeof range, p->choices);
            break;
        case VDC_PARAM_LIST: snprintf(range, sizeof range, "%.10g..%.10g", p->min, p->max); break;
        default: snprintf(def, sizeof def, "-"); break;
        }
        if (p->flags & VDC_PARAM_REQUIRED)
            snprintf(def, sizeof def, "(required)");
        snprintf(buf, sizeof buf, "%s%-22s %-9s %-12s %-20s %-6s %s", indent, p->name,
                 type_name(p->type), def, range, p->unit ? p->unit : "", p->help ? p->help : "");
        fprintf(f, "%s\n", buf);
    }
}
