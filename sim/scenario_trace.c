/* scenario_trace.c -- trace workloads and trace-built VM groups in a
 * scenario (the loader's part; reading is trace.c, replay workload.c).
 *
 * A VM entry becomes a group with one of
 *   "traces": "folder"     one VM per regular file, sorted by name
 *   "bitbrains": "folder"  one VM per row of folder/vms.csv, its samples
 *                          from folder/fragments.csv (cpu_count, MHz, KiB)
 * plus "limit" (the first N only), "types" (CloudSim's VM types: VM i of n
 * gets types[i / ceil(n / T)] with types_by "blocks", as CloudSim 3.0.3's
 * Helper.createVmList does, or types[i mod T] with "cycle").  Its VMs are
 * named <name>/<file> (or <name>/<id>), its workload is of type trace (the
 * default type there).  Relative paths are relative to the scenario file.
 * Checks, each a one-line error naming the file and line or the JSON path:
 * a missing folder, an empty folder or file, a non-number, a value out of
 * its unit's range (percent [0, 100], fraction [0, 1], cores [0, vcpus],
 * mips >= 0), traces of one folder with different lengths, vcpu_mips
 * without every host's core_mips, unit mips with no speed at all.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "trace.h"

enum { GRP_NONE, GRP_FILES, GRP_BITBRAINS };

struct vdc_scn_group {
    int kind;
    char *dir;                  /* as resolved against the scenario's folder */
    char **files; int n;        /* GRP_FILES: sorted names, first `n` used  */
    vdc_trace_bb_vm *bb; int nbb;
    int64_t vcpus;              /* sum over the group (bitbrains)          */
    size_t prefix;              /* length of the entry's name ("trace")    */
};

/* ---- paths and storage ---------------------------------------------------- */

/* `p` relative to the scenario file's folder (absolute paths unchanged). */
static char *resolve(const vdc_scenario *sc, const char *p)
{
    const char *slash = strrchr(sc->file, '/');
    size_t dl = p[0] == '/' || !slash ? 0 : (size_t)(slash - sc->file) + 1;
    char *out = malloc(dl + strlen(p) + 1);
    if (out) {
        memcpy(out, sc->file, dl);
        strcpy(out + dl, p);
    }
    return out;
}

static int keep_trace(vdc_scenario *sc, vdc_trace *t, vdc_error *err)
{
    if (sc->ntrace == sc->cap_trace) {
        int c = sc->cap_trace ? 2 * sc->cap_trace : 64;
        vdc_trace **q = realloc(sc->traces, (size_t)c * sizeof *q);
        if (!q)
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        sc->traces = q;
        sc->cap_trace = c;
    }
    sc->traces[sc->ntrace++] = t;
    sc->trace_samples += t->n;
    if (sc->trace_samples > VDC_TRACE_MAX_SAMPLES)
        return vdc_error_set(err, VDC_EINPUT, "%s: more than %ld trace samples in all", t->file,
                             VDC_TRACE_MAX_SAMPLES);
    return 0;
}

/* Range of a unit's values for a VM of `vcpus`. */
static void unit_range(int unit, int64_t vcpus, double *lo, double *hi)
{
    *lo = 0;
    switch (unit) {
    case VDC_TR_PERCENT: *hi = 100; break;
    case VDC_TR_FRACTION: *hi = 1; break;
    case VDC_TR_CORES: *hi = (double)vcpus; break;
    default: *hi = INFINITY;
    }
}

/* Read `path` (already resolved) as wl's trace. */
static int load_file(vdc_scenario *sc, vdc_workload *wl, const char *path, int64_t vcpus,
                     vdc_error *err)
{
    double lo, hi;
    unit_range(wl->unit, vcpus, &lo, &hi);
    vdc_trace *t = calloc(1, sizeof *t);
    if (!t)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    int rc = vdc_trace_read(t, path, wl->column, lo, hi, err);
    if (rc) {
        free(t);
        return rc;
    }
    if ((rc = keep_trace(sc, t, err)))
        return rc;
    wl->trace = t;
    return 0;
}

int vdc_scenario_trace_single(vdc_scenario *sc, vdc_workload *wl, int64_t vcpus,
                              const char *path, vdc_error *err)
{
    if (wl->type != VDC_WL_TRACE)
        return 0;
    if (!wl->file)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s.file: required for a trace workload "
                             "(or give the VM entry \"traces\" or \"bitbrains\")", sc->file, path);
    char *p = resolve(sc, wl->file);
    if (!p)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    int rc = load_file(sc, wl, p, vcpus, err);
    free(p);
    return rc;
}

/* ---- groups: the pre-pass (counts and names) -------------------------------- */

static const char *json_str(cJSON *obj, const char *key, const char *file, const char *path,
                            int *rc, vdc_error *err)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return NULL;
    if (!cJSON_IsString(v) || !*v->valuestring) {
        char got[64];
        vdc_param_show(v, got, sizeof got);
        *rc = vdc_error_set(err, VDC_EINPUT, "%s: %s.%s: must be a folder name, got %s", file,
                            path, key, got);
        return NULL;
    }
    return v->valuestring;
}

int vdc_scenario_groups(vdc_scenario *sc, cJSON *vms, vdc_error *err)
{
    int n = vms ? cJSON_GetArraySize(vms) : 0;
    sc->groups = calloc(n ? (size_t)n : 1, sizeof *sc->groups);
    if (!sc->groups)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    sc->ngroups = n;
    int i = 0, rc = 0;
    for (cJSON *it = vms ? vms->child : NULL; it; it = it->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "vms[%d]", i);
        vdc_scn_group *g = &sc->groups[i];
        const char *files = json_str(it, "traces", sc->file, path, &rc, err);
        const char *bb = rc ? NULL : json_str(it, "bitbrains", sc->file, path, &rc, err);
        if (rc)
            return rc;
        for (const char *const *k = (const char *const[]){ "limit", "types", "types_by", NULL };
             *k; k++)
            if (!files && !bb && cJSON_GetObjectItemCaseSensitive(it, *k))
                return vdc_error_set(err, VDC_EINPUT, "%s: %s.%s: only for a group built from "
                                     "\"traces\" or \"bitbrains\"", sc->file, path, *k);
        if (!files && !bb)
            continue;
        cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
        g->prefix = strlen(cJSON_IsString(nm) ? nm->valuestring : "trace");
        if (files && bb)
            return vdc_error_set(err, VDC_EINPUT, "%s: %s: \"traces\" and \"bitbrains\" exclude "
                                 "each other", sc->file, path);
        if (cJSON_GetObjectItemCaseSensitive(it, "count"))
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.count: a trace group has one VM per "
                                 "trace; use \"limit\"", sc->file, path);
        int64_t limit = 0;
        cJSON *l = cJSON_GetObjectItemCaseSensitive(it, "limit");
        if (l && (!cJSON_IsNumber(l) || l->valuedouble != floor(l->valuedouble) ||
                  l->valuedouble < 1 || l->valuedouble > VDC_MAX_VMS)) {
            char got[64];
            vdc_param_show(l, got, sizeof got);
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.limit: must be an integer in [1, %d], "
                                 "got %s", sc->file, path, VDC_MAX_VMS, got);
        }
        if (l)
            limit = (int64_t)l->valuedouble;
        if (!(g->dir = resolve(sc, files ? files : bb)))
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        if (files) {
            g->kind = GRP_FILES;
            if ((rc = vdc_trace_list_dir(g->dir, &g->files, &g->n, err)))
                return rc;
            if (limit && limit < g->n)
                g->n = (int)limit;
        } else {
            g->kind = GRP_BITBRAINS;
            static const char *const fixed[] = { "vcpus", "vcpu_mips", "memory_gib", "types" };
            for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++)
                if (cJSON_GetObjectItemCaseSensitive(it, fixed[k]))
                    return vdc_error_set(err, VDC_EINPUT, "%s: %s.%s: a Bitbrains group takes it "
                                         "from vms.csv", sc->file, path, fixed[k]);
            if ((rc = vdc_trace_bitbrains(g->dir, &g->bb, &g->nbb, err)))
                return rc;
            g->n = limit && limit < g->nbb ? (int)limit : g->nbb;
            for (int k = 0; k < g->n; k++) {
                g->vcpus += g->bb[k].cpu_count;
                sc->trace_samples += g->bb[k].trace.n;
            }
            if (sc->trace_samples > VDC_TRACE_MAX_SAMPLES)
                return vdc_error_set(err, VDC_EINPUT, "%s: more than %ld trace samples in all",
                                     g->dir, VDC_TRACE_MAX_SAMPLES);
        }
    }
    return 0;
}

bool vdc_scenario_group_count(const vdc_scenario *sc, int entry, int64_t *count, int64_t *vcpus)
{
    const vdc_scn_group *g = entry < sc->ngroups ? &sc->groups[entry] : NULL;
    if (!g || g->kind == GRP_NONE)
        return false;
    *count = g->n;
    if (g->kind == GRP_BITBRAINS)
        *vcpus = g->vcpus;
    return true;
}

size_t vdc_scenario_group_name_bytes(const vdc_scenario *sc)
{
    size_t b = 0;
    for (int i = 0; i < sc->ngroups; i++) {
        const vdc_scn_group *g = &sc->groups[i];
        for (int k = 0; k < g->n; k++)
            b += g->prefix + strlen(g->kind == GRP_FILES ? g->files[k] : g->bb[k].id) + 2;
    }
    return b;
}

const char *vdc_scenario_group_member(const vdc_scenario *sc, int entry, int k)
{
    const vdc_scn_group *g = &sc->groups[entry];
    return g->kind == GRP_FILES ? g->files[k] : g->bb[k].id;
}

/* ---- groups: filling the VMs ------------------------------------------------- */

typedef struct vm_type {
    int64_t vcpus;
    double vcpu_mips, memory_gib;
} vm_type;

static const vdc_param type_params[] = {
    { .name = "vcpus", .type = VDC_PARAM_INT, .offset = offsetof(vm_type, vcpus), .def = 1,
      .min = 1, .max = VDC_MAX_VCPUS_PER_VM, .help = "virtual CPUs" },
    { .name = "vcpu_mips", .type = VDC_PARAM_NUM, .offset = offsetof(vm_type, vcpu_mips),
      .min = 0, .max = 1e9, .flags = VDC_PARAM_MIN_EXCL | VDC_PARAM_REQUIRED, .unit = "MIPS",
      .help = "capacity of each vCPU" },
    { .name = "memory_gib", .type = VDC_PARAM_NUM, .offset = offsetof(vm_type, memory_gib),
      .min = 0, .max = 1 << 16, .flags = VDC_PARAM_MIN_EXCL | VDC_PARAM_REQUIRED, .unit = "GiB",
      .help = "guest memory" },
    { 0 }
};

int vdc_scenario_group_fill(vdc_scenario *sc, int entry, cJSON *it, const vdc_vm *base,
                            vdc_vm *out, const char *path, vdc_error *err)
{
    const vdc_scn_group *g = &sc->groups[entry];
    cJSON *types = cJSON_GetObjectItemCaseSensitive(it, "types");
    cJSON *by = cJSON_GetObjectItemCaseSensitive(it, "types_by");
    int ntypes = 0;
    bool cycle = false;
    vm_type ty[64];
    char got[64], sub[128];
    if (base->wl.type != VDC_WL_TRACE)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s.workload.type: a trace group needs "
                             "\"trace\"", sc->file, path);
    if (base->wl.file)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s.workload.file: not in a trace group (each "
                             "VM has its own)", sc->file, path);
    if (by) {
        if (!cJSON_IsString(by) ||
            (strcmp(by->valuestring, "blocks") && strcmp(by->valuestring, "cycle"))) {
            vdc_param_show(by, got, sizeof got);
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.types_by: must be one of blocks,cycle, "
                                 "got %s", sc->file, path, got);
        }
        cycle = strcmp(by->valuestring, "cycle") == 0;
    }
    if (types) {
        if (!cJSON_IsArray(types) || cJSON_GetArraySize(types) < 1 ||
            cJSON_GetArraySize(types) > 64) {
            vdc_param_show(types, got, sizeof got);
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.types: must be an array of 1 to 64 "
                                 "objects, got %s", sc->file, path, got);
        }
        for (cJSON *t = types->child; t; t = t->next, ntypes++) {
            snprintf(sub, sizeof sub, "%s.types[%d]", path, ntypes);
            if (!cJSON_IsObject(t)) {
                vdc_param_show(t, got, sizeof got);
                return vdc_error_set(err, VDC_EINPUT, "%s: %s: must be an object, got %s",
                                     sc->file, sub, got);
            }
            int rc = vdc_param_fill(type_params, t, &ty[ntypes], sc->file, sub, NULL, err);
            if (rc)
                return rc;
        }
    }
    int n = g->n;
    int block = ntypes ? (n + ntypes - 1) / ntypes : 1;  /* ceil(n / T), CloudSim's */
    int first_len = -1;
    for (int k = 0; k < n; k++) {
        vdc_vm *v = &out[k];
        const char *name = v->name;
        *v = *base;
        v->name = name;
        if (g->kind == GRP_BITBRAINS) {
            const vdc_trace_bb_vm *b = &g->bb[k];
            v->vcpus = b->cpu_count;
            v->vcpu_mips = b->capacity_mhz / (double)b->cpu_count;
            v->memory_gib = b->memory_gib;
            v->wl.trace = &b->trace;
            continue;
        }
        if (ntypes) {
            const vm_type *t = &ty[cycle ? k % ntypes : k / block];
            v->vcpus = t->vcpus;
            v->vcpu_mips = t->vcpu_mips;
            v->memory_gib = t->memory_gib;
        }
        char *p = malloc(strlen(g->dir) + strlen(g->files[k]) + 2);
        if (!p)
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        sprintf(p, "%s/%s", g->dir, g->files[k]);
        int rc = load_file(sc, &v->wl, p, v->vcpus, err);
        free(p);
        if (rc)
            return rc;
        if (first_len < 0)
            first_len = v->wl.trace->n;
        else if (v->wl.trace->n != first_len)
            return vdc_error_set(err, VDC_EINPUT, "%s: %d samples, but %s has %d (the traces of "
                                 "a folder must have equal lengths)", v->wl.trace->file,
                                 v->wl.trace->n, g->files[0], first_len);
    }
    return 0;
}

/* A bitbrains group reads MHz: its workload's defaults (type trace, unit
 * mips) are set in the JSON before the workload table fills the rest. */
int vdc_scenario_group_workload_defaults(vdc_scenario *sc, int entry, cJSON *wj, vdc_error *err)
{
    const vdc_scn_group *g = entry < sc->ngroups ? &sc->groups[entry] : NULL;
    if (!g || g->kind == GRP_NONE)
        return 0;
    if (!cJSON_GetObjectItemCaseSensitive(wj, "type") &&
        !cJSON_AddStringToObject(wj, "type", "trace"))
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    if (g->kind == GRP_BITBRAINS && !cJSON_GetObjectItemCaseSensitive(wj, "unit") &&
        !cJSON_AddStringToObject(wj, "unit", "mips"))
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    cJSON *u = cJSON_GetObjectItemCaseSensitive(wj, "unit");
    if (g->kind == GRP_BITBRAINS && cJSON_IsString(u) && strcmp(u->valuestring, "mips") != 0)
        return vdc_error_set(err, VDC_EINPUT, "%s: vms[%d].workload.unit: Bitbrains samples are "
                             "in MHz: must be mips, got \"%s\"", sc->file, entry, u->valuestring);
    return 0;
}

/* ---- whole-scenario checks ------------------------------------------------------ */

int vdc_scenario_check_speeds(const vdc_scenario *sc, vdc_error *err)
{
    int unitless = -1;
    for (int h = 0; h < sc->nhost && unitless < 0; h++)
        if (!(sc->hosts[h].core_mips > 0))
            unitless = h;
    for (int v = 0; v < sc->nvm; v++) {
        const vdc_vm *vm = &sc->vms[v];
        if (vm->vcpu_mips > 0 && unitless >= 0)
            return vdc_error_set(err, VDC_EINPUT, "%s: VM %s has vcpu_mips %g but host %s has no "
                                 "core_mips: give every host its core speed", sc->file, vm->name,
                                 vm->vcpu_mips, sc->hosts[unitless].name);
        if (vm->wl.type == VDC_WL_TRACE && vm->wl.unit == VDC_TR_MIPS && !(vm->vcpu_mips > 0) &&
            unitless >= 0)
            return vdc_error_set(err, VDC_EINPUT, "%s: VM %s: workload.unit mips needs the VM's "
                                 "vcpu_mips or every host's core_mips", sc->file, vm->name);
    }
    return 0;
}

void vdc_scenario_traces_free(vdc_scenario *sc)
{
    for (int i = 0; i < sc->ntrace; i++) {
        vdc_trace_free(sc->traces[i]);
        free(sc->traces[i]);
    }
    free(sc->traces);
    for (int i = 0; i < sc->ngroups; i++) {
        free(sc->groups[i].dir);
        free(sc->groups[i].files);
        vdc_trace_bb_free(sc->groups[i].bb, sc->groups[i].nbb);
    }
    free(sc->groups);
}
