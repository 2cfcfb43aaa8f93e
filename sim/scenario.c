/* scenario.c -- from a JSON file to a validated, typed, expanded scenario.
 *
 * Order of work, chosen so that bad input fails before anything big is
 * allocated: read and parse (line/column on syntax errors) -> apply --set ->
 * check top-level keys -> count hosts and VMs from their `count`s (refuse
 * absurd totals) -> expand and fill hosts, VMs, workloads -> models ->
 * per-kind VM blocks -> actions (scenario_act.c).  Every entry is filled by vdc_param_fill,
 * which also writes defaults into `resolved` (the stored configuration).
 */
#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "array.h"
#include "jsonfile.h"
#include "scenario_int.h"
#include "sim_int.h"
#include "sort.h"

/* ---- tables ------------------------------------------------------------ */

typedef struct top_cfg {
    const char *name;
    const char *description;
    int64_t seed;
    double duration_s;
    double sample_window_s;
} top_cfg;

static const vdc_param top_params[] = {
    { .name = "name", .type = VDC_PARAM_STR, .offset = offsetof(top_cfg, name),
      .def_str = "scenario", .help = "label stored with each run" },
    { .name = "description", .type = VDC_PARAM_STR, .offset = offsetof(top_cfg, description),
      .flags = VDC_PARAM_NULLABLE, .help = "free text" },
    { .name = "seed", .type = VDC_PARAM_INT, .offset = offsetof(top_cfg, seed), .def = 1,
      .min = 0, .max = 9007199254740991.0, .help = "seed of every random stream" },
    { .name = "duration_s", .type = VDC_PARAM_NUM, .offset = offsetof(top_cfg, duration_s),
      .def = 60, .min = 0, .max = VDC_MAX_DURATION_S, .unit = "s",
      .flags = VDC_PARAM_MIN_EXCL, .help = "simulated time" },
    { .name = "sample_window_s", .type = VDC_PARAM_NUM,
      .offset = offsetof(top_cfg, sample_window_s), .def = 1, .min = 0, .max = 1e9,
      .unit = "s", .help = "window of time-series samples (0: none)" },
    { .name = "hosts", .type = VDC_PARAM_SKIP, .help = "array of hosts (required)" },
    { .name = "wan_links", .type = VDC_PARAM_SKIP,
      .help = "wide-area links between the hosts' sites, below" },
    { .name = "vms", .type = VDC_PARAM_SKIP, .help = "array of VMs" },
    { .name = "models", .type = VDC_PARAM_SKIP, .help = "one model per kind" },
    { .name = "actions", .type = VDC_PARAM_SKIP, .help = "array of timed actions" },
    { 0 }
};

typedef struct host_cfg {
    vdc_host h;
    int64_t count;
} host_cfg;

static const vdc_param host_params[] = {
    { .name = "name", .type = VDC_PARAM_STR, .offset = offsetof(host_cfg, h.name),
      .min = 1, .flags = VDC_PARAM_NULLABLE, .help = "name; with count: name-0 .. name-(count-1)" },
    { .name = "count", .type = VDC_PARAM_INT, .offset = offsetof(host_cfg, count), .def = 1,
      .min = 1, .max = VDC_MAX_HOSTS, .help = "number of alike hosts" },
    { .name = "pcpus", .type = VDC_PARAM_INT, .offset = offsetof(host_cfg, h.pcpus), .def = 4,
      .min = 1, .max = VDC_MAX_PCPUS_PER_HOST, .help = "physical CPUs" },
    { .name = "memory_gib", .type = VDC_PARAM_NUM, .offset = offsetof(host_cfg, h.memory_gib),
      .def = 64, .min = 0, .max = 1 << 20, .unit = "GiB", .flags = VDC_PARAM_MIN_EXCL,
      .help = "host memory" },
    { .name = "bandwidth_gbps", .type = VDC_PARAM_NUM,
      .offset = offsetof(host_cfg, h.bandwidth_gbps), .def = 10, .min = 0, .max = 1e5,
      .unit = "Gbit/s", .flags = VDC_PARAM_MIN_EXCL, .help = "NIC, each direction" },
    { .name = "latency_us", .type = VDC_PARAM_NUM, .offset = offsetof(host_cfg, h.latency_us),
      .def = 50, .min = 0, .max = 1e7, .unit = "us", .help = "one-way network latency" },
    { .name = "site", .type = VDC_PARAM_STR, .offset = offsetof(host_cfg, h.site),
      .flags = VDC_PARAM_NULLABLE,
      .help = "data-center site; hosts of two sites talk over wan_links (absent: one site)" },
    { .name = "kernel", .type = VDC_PARAM_STR, .offset = offsetof(host_cfg, h.kernel),
      .flags = VDC_PARAM_NULLABLE,
      .help = "kernel release; containers (criu_*) move only between equal kernels" },
    { .name = "power_idle_w", .type = VDC_PARAM_NUM,
      .offset = offsetof(host_cfg, h.power_idle_w), .def = 100, .min = 0, .max = 1e6,
      .unit = "W", .help = "power at 0% CPU" },
    { .name = "power_peak_w", .type = VDC_PARAM_NUM,
      .offset = offsetof(host_cfg, h.power_peak_w), .def = 250, .min = 0, .max = 1e6,
      .unit = "W", .help = "power at 100% CPU" },
    { .name = "core_mips", .type = VDC_PARAM_NUM, .offset = offsetof(host_cfg, h.core_mips),
      .def = 0, .min = 0, .max = 1e9, .unit = "MIPS",
      .help = "speed of one pCPU (MIPS or MHz, one unit for all); 0: unitless" },
    { .name = "power_table", .type = VDC_PARAM_STR, .offset = offsetof(host_cfg, h.power_table),
      .flags = VDC_PARAM_NULLABLE,
      .help = "placement models' power curve: SPECpower preset or watts at 0..100%" },
    { 0 }
};

typedef struct vm_cfg {
    vdc_vm v;
    int64_t count;
} vm_cfg;

#define VM_BASE_PARAMS                                                                        \
    { .name = "name", .type = VDC_PARAM_STR, .offset = offsetof(vm_cfg, v.name),              \
      .min = 1, .flags = VDC_PARAM_NULLABLE, .help = "name; with count: name-0 .. name-(count-1)" },    \
    { .name = "count", .type = VDC_PARAM_INT, .offset = offsetof(vm_cfg, count), .def = 1,    \
      .min = 1, .max = VDC_MAX_VMS, .help = "number of alike VMs" },                          \
    { .name = "vcpus", .type = VDC_PARAM_INT, .offset = offsetof(vm_cfg, v.vcpus), .def = 1,  \
      .min = 1, .max = VDC_MAX_VCPUS_PER_VM, .help = "virtual CPUs" },                        \
    { .name = "max_vcpus", .type = VDC_PARAM_INT, .offset = offsetof(vm_cfg, v.max_vcpus),    \
      .def = 0, .min = 0, .max = VDC_MAX_VCPUS_PER_VM,                                          \
      .help = "vCPUs a resize may hot-plug up to (virsh setvcpus --maximum); 0: = vcpus" },     \
    { .name = "memory_gib", .type = VDC_PARAM_NUM, .offset = offsetof(vm_cfg, v.memory_gib),  \
      .def = 2, .min = 0, .max = 1 << 16, .unit = "GiB", .flags = VDC_PARAM_MIN_EXCL,         \
      .help = "guest memory" },                                                               \
    /* Xen credit: weight 1..65535, default 256 (xen/common/sched/credit.c) */                \
    { .name = "weight", .type = VDC_PARAM_INT, .offset = offsetof(vm_cfg, v.weight),          \
      .def = 256, .min = 1, .max = 65535, .help = "relative CPU weight (Xen)" },              \
    { .name = "cap", .type = VDC_PARAM_INT, .offset = offsetof(vm_cfg, v.cap), .def = 0,      \
      .min = 0, .max = 100 * VDC_MAX_VCPUS_PER_VM, .unit = "%",                               \
      .help = "CPU cap, % of one pCPU (0 = none)" },                                          \
    { .name = "host", .type = VDC_PARAM_HOST, .offset = offsetof(vm_cfg, v.host),             \
      .flags = VDC_PARAM_NULLABLE, .help = "host name; absent: the placement model decides" },\
    { .name = "pin", .type = VDC_PARAM_LIST, .offset = offsetof(vm_cfg, v.pin), .min = 0,     \
      .max = VDC_MAX_PCPUS_PER_HOST - 1, .help = "pCPUs the vCPUs may run on" },              \
    { .name = "vcpu_mips", .type = VDC_PARAM_NUM, .offset = offsetof(vm_cfg, v.vcpu_mips),    \
      .def = 0, .min = 0, .max = 1e9, .unit = "MIPS",                                          \
      .help = "capacity of each vCPU (needs hosts' core_mips); 0: one pCPU" },                \
    { .name = "workload", .type = VDC_PARAM_SKIP, .help = "CPU workload, below" },             \
    { .name = "traces", .type = VDC_PARAM_SKIP,                                                 \
      .help = "folder: one VM per trace file, sorted by name" },                              \
    { .name = "bitbrains", .type = VDC_PARAM_SKIP,                                              \
      .help = "folder with vms.csv + fragments.csv: one VM per row" },                        \
    { .name = "limit", .type = VDC_PARAM_SKIP, .help = "group: only its first N VMs" },        \
    { .name = "per_host", .type = VDC_PARAM_SKIP,                                               \
      .help = "with count and host: VM k on the (k / per_host)-th host from `host` on" },      \
    { .name = "types", .type = VDC_PARAM_SKIP,                                                  \
      .help = "group: [{vcpus, vcpu_mips, memory_gib}...] by index" },                        \
    { .name = "types_by", .type = VDC_PARAM_SKIP,                                               \
      .help = "group: blocks (CloudSim: i / ceil(n/T)) or cycle (i mod T)" }

static const vdc_param vm_base_params[] = { VM_BASE_PARAMS, { 0 } };

/* Workload tables, one per type, so a key that means nothing for the chosen
 * type is reported as unknown instead of silently ignored. */
#define WL(f) offsetof(vdc_workload, f)
#define WL_DEMAND { .name = "demand", .type = VDC_PARAM_NUM, .offset = WL(demand),      \
    .def = 1, .min = 0, .max = 1, .unit = "pcpu",                                      \
    .help = "CPU demand of each vCPU, fraction of one pCPU" }
static const vdc_param wl_cpu[] = { { .name = "type", .type = VDC_PARAM_SKIP }, WL_DEMAND, { 0 } };
static const vdc_param wl_onoff[] = {
    { .name = "type", .type = VDC_PARAM_SKIP }, WL_DEMAND,
    { .name = "on_s", .type = VDC_PARAM_NUM, .offset = WL(on_s), .def = 1, .min = 0,
      .max = 1e9, .unit = "s", .help = "length of the busy phase" },
    { .name = "off_s", .type = VDC_PARAM_NUM, .offset = WL(off_s), .def = 1, .min = 0,
      .max = 1e9, .unit = "s", .help = "length of the idle phase" },
    { .name = "phase_s", .type = VDC_PARAM_NUM, .offset = WL(phase_s), .def = 0, .min = 0,
      .max = 1e9, .unit = "s", .help = "start of the first busy phase" },
    { .name = "phase_random", .type = VDC_PARAM_BOOL, .offset = WL(phase_random), .def = 0,
      .help = "draw phase_s per VM, uniform over one period (copies do not switch together)" },
    { 0 } };
#define WL_DIST { .name = "dist", .type = VDC_PARAM_ENUM, .offset = WL(dist), .def = 0,  \
      .choices = "exp|const", .help = "law of bursts, waits and intervals (mean given)" }
static const vdc_param wl_io[] = {
    { .name = "type", .type = VDC_PARAM_SKIP },
    { .name = "burst_ms", .type = VDC_PARAM_NUM, .offset = WL(burst_ms), .def = 1, .min = 0,
      .max = 1e6, .unit = "ms", .flags = VDC_PARAM_MIN_EXCL, .help = "mean CPU burst" },
    { .name = "wait_ms", .type = VDC_PARAM_NUM, .offset = WL(wait_ms), .def = 9, .min = 0,
      .max = 1e6, .unit = "ms", .help = "mean blocked time between bursts" },
    WL_DIST, { 0 } };
static const vdc_param wl_ping[] = {
    { .name = "type", .type = VDC_PARAM_SKIP },
    { .name = "peer", .type = VDC_PARAM_VM, .offset = WL(peer), .help = "VM that answers" },
    { .name = "interval_ms", .type = VDC_PARAM_NUM, .offset = WL(interval_ms), .def = 100,
      .min = 0, .max = 1e6, .unit = "ms", .flags = VDC_PARAM_MIN_EXCL,
      .help = "mean time between requests" },
    { .name = "service_ms", .type = VDC_PARAM_NUM, .offset = WL(service_ms), .def = 0.1,
      .min = 0, .max = 1e6, .unit = "ms", .help = "CPU time to handle a request or reply" },
    /* A client that also computes (Hu et al. HPCC 2012: the pinging VM ran
     * NPB too) receives replies only when its vCPU is scheduled. */
    { .name = "demand", .type = VDC_PARAM_NUM, .offset = WL(demand), .def = 0, .min = 0,
      .max = 1, .unit = "pcpu",
      .help = "the client's own CPU demand per vCPU besides the pings (0: idle between)" },
    WL_DIST, { 0 } };
static const vdc_param wl_idle[] = { { .name = "type", .type = VDC_PARAM_SKIP }, { 0 } };
static const vdc_param wl_trace[] = {
    { .name = "type", .type = VDC_PARAM_SKIP },
    { .name = "file", .type = VDC_PARAM_STR, .offset = WL(file), .flags = VDC_PARAM_NULLABLE,
      .help = "samples, one a line or a CSV column (not in a group)" },
    { .name = "column", .type = VDC_PARAM_STR, .offset = WL(column), .flags = VDC_PARAM_NULLABLE,
      .help = "CSV column: header name or 1-based number" },
    { .name = "interval_s", .type = VDC_PARAM_NUM, .offset = WL(interval_s), .def = 300,
      .min = 0, .max = 1e9, .unit = "s", .flags = VDC_PARAM_MIN_EXCL,
      .help = "time between samples (PlanetLab: 300)" },
    { .name = "unit", .type = VDC_PARAM_ENUM, .offset = WL(unit), .def = VDC_TR_PERCENT,
      .choices = "percent|fraction|cores|mips",
      .help = "% or fraction of the VM's capacity, cores busy, MIPS/MHz (all vCPUs)" },
    { .name = "interp", .type = VDC_PARAM_ENUM, .offset = WL(interp), .def = VDC_TR_STEP,
      .choices = "step|linear", .help = "between samples: hold, or interpolate (CloudSim)" },
    { .name = "offset_s", .type = VDC_PARAM_NUM, .offset = WL(offset_s), .def = 0, .min = 0,
      .max = 1e9, .unit = "s", .help = "trace time at simulated time 0" },
    { .name = "end", .type = VDC_PARAM_ENUM, .offset = WL(end), .def = VDC_TR_STOP,
      .choices = "stop|hold|loop", .help = "after the last sample: 0, the last value, again" },
    { 0 } };

static const char *const wl_names[] = { "cpu", "onoff", "io", "ping", "idle", "trace" };
static const vdc_param *const wl_tables[] = { wl_cpu, wl_onoff, wl_io, wl_ping, wl_idle, wl_trace };
#define N_WL (sizeof wl_names / sizeof *wl_names)

/* ---- small helpers ------------------------------------------------------ */

static const char *basename_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int array_of_objects(cJSON *a, const char *file, const char *key, bool required,
                            vdc_error *err)
{
    char got[64];
    if (!a)
        return required ? vdc_error_set(err, VDC_EINPUT, "%s: %s: required, missing", file, key)
                        : 0;
    if (!cJSON_IsArray(a)) {
        vdc_param_show(a, got, sizeof got);
        return vdc_error_set(err, VDC_EINPUT, "%s: %s: must be an array of objects, got %s",
                             file, key, got);
    }
    int i = 0;
    for (cJSON *it = a->child; it; it = it->next, i++)
        if (!cJSON_IsObject(it)) {
            vdc_param_show(it, got, sizeof got);
            return vdc_error_set(err, VDC_EINPUT, "%s: %s[%d]: must be an object, got %s", file,
                                 key, i, got);
        }
    return 0;
}

/* `count` of an entry, read before anything is allocated. */
static int peek_count(cJSON *obj, const char *file, const char *path, double max,
                      int64_t *out, vdc_error *err)
{
    cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, "count");
    *out = 1;
    if (!c)
        return 0;
    char got[64];
    vdc_param_show(c, got, sizeof got);
    if (!cJSON_IsNumber(c) || c->valuedouble != floor(c->valuedouble) || c->valuedouble < 1 ||
        c->valuedouble > max)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s.count: must be an integer in [1, %.0f], got %s",
                             file, path, max, got);
    *out = (int64_t)c->valuedouble;
    return 0;
}

/* by name, ties (duplicates, reported below) by index */
static int cmp_names(int a, int b, const void *ctx)
{
    const char *const *names = ctx;
    int c = strcmp(names[a], names[b]);
    return c ? c : a - b;
}

/* The first 8 bytes of a name, big-endian, zero-padded: comparing keys
 * orders names as strcmp does, as far as 8 bytes tell. */
static uint64_t name_key(const char *s)
{
    uint64_t k = 0;
    int i = 0;
    for (; i < 8 && s[i]; i++)
        k = k << 8 | (unsigned char)s[i];
    return i ? k << (8 * (8 - i)) : 0;   /* "": a 64-bit shift is undefined */
}

/* Indices 0..n-1 in cmp_names order.  A heap sort of 9 million names with
 * strcmp took ~60% of loading a million-host scenario (cache misses on
 * every comparison, issue 15); instead: a stable LSD radix sort on the
 * 8-byte keys (passes where every key has the same byte are skipped),
 * then the runs of equal keys sorted by cmp_names.  Same order as before.
 * O(n) plus the runs; 24 bytes a name of scratch. */
static int sort_names(const char *const *names, size_t n, int *order)
{
    uint64_t *key = malloc((n ? n : 1) * sizeof *key), *k2 = malloc((n ? n : 1) * sizeof *k2);
    int *o2 = malloc((n ? n : 1) * sizeof *o2);
    if (!key || !k2 || !o2) {
        free(key);
        free(k2);
        free(o2);
        return VDC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        order[i] = (int)i;
        key[i] = name_key(names[i]);
    }
    int *oa = order;
    for (int pass = 0; pass < 8; pass++) {
        size_t cnt[257] = { 0 };
        int sh = 8 * pass;
        for (size_t i = 0; i < n; i++)
            cnt[((key[i] >> sh) & 0xff) + 1]++;
        if (n == 0 || cnt[((key[0] >> sh) & 0xff) + 1] == n)
            continue;                   /* one byte value: the pass changes nothing */
        for (int b = 0; b < 256; b++)
            cnt[b + 1] += cnt[b];
        for (size_t i = 0; i < n; i++) {
            size_t d = cnt[(key[i] >> sh) & 0xff]++;
            k2[d] = key[i];
            o2[d] = oa[i];
        }
        uint64_t *tk = key; key = k2; k2 = tk;
        int *to = oa; oa = o2; o2 = to;
    }
    if (oa != order) {                  /* the result is in the scratch array */
        memcpy(order, oa, n * sizeof *order);
        o2 = oa;
    }
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && key[j] == key[i]; j++)
            ;
        if (j - i > 1)
            vdc_sort_idx(order + i, j - i, cmp_names, names);
    }
    free(key);
    free(k2);
    free(o2);
    return 0;
}

/* Sort indices by name and report the first duplicate. */
static int index_names(const char *const *names, size_t n, int **order, const char *file,
                       const char *what, vdc_error *err)
{
    *order = malloc((n ? n : 1) * sizeof **order);
    if (!*order || sort_names(names, n, *order))
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    for (size_t i = 1; i < n; i++)
        if (strcmp(names[(*order)[i - 1]], names[(*order)[i]]) == 0)
            return vdc_error_set(err, VDC_EINPUT, "%s: %s: two %s are named \"%s\"", file, what,
                                 what, names[(*order)[i]]);
    return 0;
}

/* ---- entities ---------------------------------------------------------- */

/* Entities and name bytes of one array, before expansion: `count` times
 * one entry ("web" x 1000 -> web-0..web-999, each with "-k" and a NUL).
 * Invalid counts are reported later, by the passes that fill the entries;
 * here they count as 1 so that they size nothing. */
static void count_entries(cJSON *arr, const char *def, double *entities, double *bytes)
{
    for (cJSON *it = arr ? arr->child : NULL; it; it = it->next) {
        cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name");
        cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "count");
        double len = (double)(cJSON_IsString(n) ? strlen(n->valuestring) : strlen(def));
        double cnt = cJSON_IsNumber(c) && c->valuedouble >= 1 && c->valuedouble <= VDC_MAX_VMS
                         ? floor(c->valuedouble) : 1;
        *entities += cnt;
        *bytes += cnt * (len + 22);       /* "-" + up to 20 digits + NUL */
    }
}

/* Products of sizes, checked before anything is expanded: a 2 KB file must
 * not cost gigabytes before it is refused.  *pool gets the name bytes. */
static int check_products(const vdc_scenario *sc, cJSON *hosts, cJSON *vms, size_t *pool,
                          vdc_error *err)
{
    double ents = 0, bytes = 0;
    count_entries(hosts, "host", &ents, &bytes);
    count_entries(vms, "vm", &ents, &bytes);
    if (bytes > VDC_MAX_NAME_BYTES)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: hosts/vms: the expanded names would take %.0f MiB (limit %d MiB); "
                             "use shorter names or smaller counts", sc->file, bytes / (1 << 20),
                             VDC_MAX_NAME_BYTES >> 20);
    double windows = sc->sample_window_s > 0 ? sc->duration_s / sc->sample_window_s : 0;
    if (windows * ents > VDC_MAX_SAMPLES)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: sample_window_s: %g s gives %.3g time-series samples (limit %.0f); "
                             "use a longer window", sc->file, sc->sample_window_s,
                             windows * ents, VDC_MAX_SAMPLES);
    *pool = (size_t)bytes + 1;
    return 0;
}

/* Write the name of entity k of an entry into the pool; return it. */
static const char *make_name(char **pool, const char *given, const char *def, bool counted,
                             int64_t k, int64_t global)
{
    char *at = *pool;
    int n;
    if (counted)
        n = sprintf(at, "%s-%lld", given ? given : def, (long long)k);
    else if (given)
        n = sprintf(at, "%s", given);
    else
        n = sprintf(at, "%s-%lld", def, (long long)global);
    *pool += n + 1;
    return at;
}

int vdc_scenario_workload(cJSON *obj, vdc_workload *wl, const char *file, const char *path,
                          const vdc_names *names, vdc_error *err)
{
    memset(wl, 0, sizeof *wl);
    wl->peer = -1;
    cJSON *t = obj ? cJSON_GetObjectItemCaseSensitive(obj, "type") : NULL;
    char got[64];
    if (obj && !cJSON_IsObject(obj)) {
        vdc_param_show(obj, got, sizeof got);
        return vdc_error_set(err, VDC_EINPUT, "%s: %s: must be an object, got %s", file, path, got);
    }
    int type = VDC_WL_CPU;
    if (t) {
        type = -1;
        for (size_t i = 0; i < N_WL; i++)
            if (cJSON_IsString(t) && strcmp(t->valuestring, wl_names[i]) == 0)
                type = (int)i;
        if (type < 0) {
            vdc_param_show(t, got, sizeof got);
            return vdc_error_set(err, VDC_EINPUT,
                                 "%s: %s.type: must be one of cpu,onoff,io,ping,idle,trace, got %s", file,
                                 path, got);
        }
    } else if (obj && !cJSON_AddStringToObject(obj, "type", wl_names[type])) {
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    }
    wl->type = type;
    return vdc_param_fill(wl_tables[type], obj, wl, file, path, names, err);
}

/* A VM's table: the base keys plus one block key per kind that has one. */
static void vm_table(vdc_param *tbl)
{
    size_t n = 0;
    for (const vdc_param *p = vm_base_params; p->name; p++)
        tbl[n++] = *p;
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        if (vdc_kind_vm_block(k))
            tbl[n++] = (vdc_param){ .name = vdc_kind_name(k), .type = VDC_PARAM_SKIP };
    tbl[n] = (vdc_param){ 0 };
}

static int parse_hosts(vdc_scenario *sc, cJSON *arr, char **pool, vdc_error *err)
{
    const char *file = sc->file;
    int64_t total = 0, i = 0;
    for (cJSON *it = arr->child; it; it = it->next, i++) {
        char path[64];
        int64_t c;
        snprintf(path, sizeof path, "hosts[%lld]", (long long)i);
        int rc = peek_count(it, file, path, VDC_MAX_HOSTS, &c, err);
        if (rc)
            return rc;
        total += c;
        if (total > VDC_MAX_HOSTS)
            return vdc_error_set(err, VDC_EINPUT, "%s: hosts: more than %d hosts in all", file,
                                 VDC_MAX_HOSTS);
    }
    if (total == 0)
        return vdc_error_set(err, VDC_EINPUT, "%s: hosts: must list at least one host", file);
    sc->hosts = calloc((size_t)total, sizeof *sc->hosts);
    const char **hn = calloc((size_t)total, sizeof *hn);
    sc->names.host = hn;
    if (!sc->hosts || !hn)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory for %lld hosts", (long long)total);
    i = 0;
    int bad = 0;                        /* first input error, when collecting */
    for (cJSON *it = arr->child; it; it = it->next, i++) {
        char path[64];
        host_cfg hc;
        memset(&hc, 0, sizeof hc);
        snprintf(path, sizeof path, "hosts[%lld]", (long long)i);
        bool counted = cJSON_GetObjectItemCaseSensitive(it, "count") != NULL; /* before defaults */
        int rc = vdc_param_fill(host_params, it, &hc, file, path, NULL, err);
        if (rc && !vdc_error_more(err, rc))
            return rc;
        if (!rc && hc.h.power_peak_w < hc.h.power_idle_w)
            rc = vdc_error_set(err, VDC_EINPUT,
                               "%s: %s.power_peak_w: must be >= power_idle_w (%g), got %g", file,
                               path, hc.h.power_idle_w, hc.h.power_peak_w);
        if (rc && !vdc_error_more(err, rc))
            return rc;
        bad = bad ? bad : rc;
        /* a host with errors is still named, so that VMs naming it are not
         * reported too; its count is what was read (0 if unreadable) */
        for (int64_t k = 0; k < hc.count; k++) {
            vdc_host *h = &sc->hosts[sc->nhost];
            *h = hc.h;
            h->name = make_name(pool, hc.h.name, "host", counted, k, sc->nhost);
            hn[sc->nhost++] = h->name;
        }
    }
    sc->names.nhost = (size_t)sc->nhost;
    int *order;
    int rc = index_names(sc->names.host, sc->names.nhost, &order, file, "hosts", err);
    sc->names.host_order = order;
    return bad ? bad : rc;
}

/* ---- wide-area links ------------------------------------------------------ */

static const vdc_param wan_params[] = {
    { .name = "between", .type = VDC_PARAM_SKIP, .help = "the two sites: [\"a\", \"b\"]" },
    { .name = "bandwidth_gbps", .type = VDC_PARAM_NUM,
      .offset = offsetof(vdc_wan_link, bandwidth_gbps), .def = 1, .min = 0, .max = 1e5,
      .unit = "Gbit/s", .flags = VDC_PARAM_MIN_EXCL, .help = "each direction" },
    { .name = "latency_ms", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_wan_link, latency_ms),
      .def = 10, .min = 0, .max = 1e5, .unit = "ms", .help = "one-way latency of the link" },
    { 0 }
};

static bool site_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool host_site_exists(const vdc_scenario *sc, const char *s)
{
    for (int h = 0; h < sc->nhost; h++)
        if (site_eq(sc->hosts[h].site, s))
            return true;
    return false;
}

static int find_wan(const vdc_scenario *sc, const char *a, const char *b)
{
    for (int k = 0; k < sc->nwan; k++)
        if ((site_eq(sc->wan[k].a, a) && site_eq(sc->wan[k].b, b)) ||
            (site_eq(sc->wan[k].a, b) && site_eq(sc->wan[k].b, a)))
            return k;
    return -1;
}

/* "wan_links": [{"between": ["a", "b"], "bandwidth_gbps": 1, "latency_ms": 20}].
 * Every pair of sites that hosts use must be joined by exactly one link. */
static int parse_wan(vdc_scenario *sc, cJSON *arr, vdc_error *err)
{
    const char *file = sc->file;
    int rc = array_of_objects(arr, file, "wan_links", false, err);
    if (rc || !arr)
        return rc;
    int n = cJSON_GetArraySize(arr);
    if (n > 100000)
        return vdc_error_set(err, VDC_EINPUT, "%s: wan_links: more than 100000 links", file);
    if (n && !(sc->wan = calloc((size_t)n, sizeof *sc->wan)))
        return vdc_error_set(err, VDC_ENOMEM, "out of memory for wan_links");
    int i = 0;
    for (cJSON *it = arr->child; it; it = it->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "wan_links[%d]", i);
        vdc_wan_link *l = &sc->wan[i];
        if ((rc = vdc_param_fill(wan_params, it, l, file, path, NULL, err)))
            return rc;
        cJSON *bt = cJSON_GetObjectItemCaseSensitive(it, "between");
        if (!cJSON_IsArray(bt) || cJSON_GetArraySize(bt) != 2 ||
            !cJSON_IsString(bt->child) || !cJSON_IsString(bt->child->next))
            return vdc_error_set(err, VDC_EINPUT,
                                 "%s: %s.between: must be two site names, got %s", file, path,
                                 bt ? "something else" : "nothing");
        l->a = bt->child->valuestring;
        l->b = bt->child->next->valuestring;
        for (int e = 0; e < 2; e++) {
            const char *s = e ? l->b : l->a;
            if (!host_site_exists(sc, s))
                return vdc_error_set(err, VDC_EINPUT,
                                     "%s: %s.between[%d]: no host is at site, got \"%s\"", file,
                                     path, e, s);
        }
        if (strcmp(l->a, l->b) == 0)
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.between: two different sites, got "
                                 "\"%s\" twice", file, path, l->a);
        if (find_wan(sc, l->a, l->b) >= 0)
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.between: sites \"%s\" and \"%s\" "
                                 "are already linked", file, path, l->a, l->b);
        sc->nwan = i + 1;
    }
    return 0;
}

/* Hosts of two different sites need a WAN link between them. */
static int check_sites(const vdc_scenario *sc, vdc_error *err)
{
    int first[64], nfirst = 0;      /* first host of each distinct site seen */
    for (int h = 0; h < sc->nhost; h++) {
        int j = 0;
        while (j < nfirst && !site_eq(sc->hosts[first[j]].site, sc->hosts[h].site))
            j++;
        if (j < nfirst)
            continue;
        if (nfirst == 64)
            return vdc_error_set(err, VDC_EINPUT, "%s: hosts: more than 64 sites, got site "
                                 "\"%s\" of %s", sc->file, sc->hosts[h].site ?
                                 sc->hosts[h].site : "", sc->hosts[h].name);
        for (j = 0; j < nfirst; j++) {
            const char *a = sc->hosts[first[j]].site, *b = sc->hosts[h].site;
            if (!a || !b)
                return vdc_error_set(err, VDC_EINPUT, "%s: hosts: host %s has no site but "
                                     "host %s has one; give every host a site", sc->file,
                                     a ? sc->hosts[h].name : sc->hosts[first[j]].name,
                                     a ? sc->hosts[first[j]].name : sc->hosts[h].name);
            if (find_wan(sc, a, b) < 0)
                return vdc_error_set(err, VDC_EINPUT, "%s: wan_links: no link between sites "
                                     "\"%s\" and \"%s\" (hosts %s and %s)", sc->file, a, b,
                                     sc->hosts[first[j]].name, sc->hosts[h].name);
        }
        first[nfirst++] = h;
    }
    return 0;
}

/* First pass over VMs: counts and names (references need every name). */
static int name_vms(vdc_scenario *sc, cJSON *arr, char **pool, vdc_error *err)
{
    const char *file = sc->file;
    int64_t total = 0, i = 0, vcpus = 0;
    for (cJSON *it = arr ? arr->child : NULL; it; it = it->next, i++) {
        char path[64];
        int64_t c, gv = -1;
        snprintf(path, sizeof path, "vms[%lld]", (long long)i);
        if (!vdc_scenario_group_count(sc, (int)i, &c, &gv)) {
            int rc = peek_count(it, file, path, VDC_MAX_VMS, &c, err);
            if (rc)
                return rc;
        }
        cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "vcpus");
        cJSON *mv = cJSON_GetObjectItemCaseSensitive(it, "max_vcpus");
        if (cJSON_IsNumber(mv) && (!cJSON_IsNumber(v) || mv->valuedouble > v->valuedouble))
            v = mv;                     /* vCPU slots: hot-plug room counts too */
        total += c;
        vcpus += gv >= 0 ? gv : c * (cJSON_IsNumber(v) && v->valuedouble >= 1 &&
                                             v->valuedouble <= VDC_MAX_VCPUS_PER_VM
                                         ? (int64_t)v->valuedouble : 1);
        if (total > VDC_MAX_VMS || vcpus > 4 * (int64_t)VDC_MAX_VMS)
            return vdc_error_set(err, VDC_EINPUT, "%s: vms: more than %d VMs or %d vCPUs in all",
                                 file, VDC_MAX_VMS, 4 * VDC_MAX_VMS);
    }
    sc->vms = calloc(total ? (size_t)total : 1, sizeof *sc->vms);
    const char **vn = calloc(total ? (size_t)total : 1, sizeof *vn);
    sc->names.vm = vn;
    if (!sc->vms || !vn)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory for %lld VMs", (long long)total);
    i = 0;
    for (cJSON *it = arr ? arr->child : NULL; it; it = it->next, i++) {
        cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name");
        const char *given = cJSON_IsString(n) ? n->valuestring : NULL;
        bool counted = cJSON_GetObjectItemCaseSensitive(it, "count") != NULL;
        int64_t c, gv;
        if (vdc_scenario_group_count(sc, (int)i, &c, &gv)) {
            for (int64_t k = 0; k < c; k++) {   /* <name>/<file or id> */
                char *at = *pool;
                *pool += sprintf(at, "%s/%s", given ? given : "trace",
                                 vdc_scenario_group_member(sc, (int)i, (int)k)) + 1;
                vn[sc->nvm] = at;
                sc->vms[sc->nvm++].name = at;
            }
            continue;
        }
        peek_count(it, file, "", VDC_MAX_VMS, &c, err);
        for (int64_t k = 0; k < c; k++) {
            vn[sc->nvm] = make_name(pool, given, "vm", counted, k, sc->nvm);
            sc->vms[sc->nvm].name = vn[sc->nvm];
            sc->nvm++;
        }
    }
    sc->names.nvm = (size_t)sc->nvm;
    int *order;
    int rc = index_names(sc->names.vm, sc->names.nvm, &order, file, "vms", err);
    sc->names.vm_order = order;
    return rc;
}

/* Keep `p` until vdc_scenario_free; returns p, or NULL (and frees p). */
void *vdc_scenario_own(vdc_scenario *sc, void *p)
{
    if (!p)
        return NULL;
    if (vdc_array_grow((void **)&sc->owned, &sc->cap_owned, sc->nowned + 1, sizeof *sc->owned)) {
        free(p);
        return NULL;
    }
    return sc->owned[sc->nowned++] = p;
}

/* Hand the arrays a table filled into `blk` (LIST, OBJLIST, their
 * elements' own) to the scenario, which frees them with itself. */
static int own_lists(vdc_scenario *sc, const vdc_param *tbl, void *blk)
{
    for (const vdc_param *p = tbl; p && p->name; p++) {
        void **arr = NULL;
        if (p->type == VDC_PARAM_LIST) {
            arr = (void **)&((vdc_intlist *)((char *)blk + p->offset))->v;
        } else if (p->type == VDC_PARAM_OBJLIST) {
            vdc_objlist *l = (vdc_objlist *)((char *)blk + p->offset);
            for (size_t i = 0; i < l->n; i++) {
                int rc = own_lists(sc, p->sub, (char *)l->v + i * p->sub_size);
                if (rc)
                    return rc;
            }
            arr = &l->v;
        }
        if (arr && *arr && !vdc_scenario_own(sc, *arr)) {
            *arr = NULL;
            return VDC_ENOMEM;
        }
    }
    return 0;
}

/* "per_host": N (with count and host): a generated range of placements,
 * VM k of the group on the host (k / N) places after `host` in the order
 * hosts are listed -- a million hosts of 8 VMs in one entry.  *per is 0
 * when absent. */
static int per_host(const vdc_scenario *sc, cJSON *it, const vm_cfg *vc, const char *path,
                    int64_t *per, vdc_error *err)
{
    cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "per_host");
    *per = 0;
    if (!p)
        return 0;
    char got[64];
    vdc_param_show(p, got, sizeof got);
    if (!cJSON_IsNumber(p) || p->valuedouble != floor(p->valuedouble) || p->valuedouble < 1 ||
        p->valuedouble > VDC_MAX_VMS)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s.per_host: must be an integer in [1, %d], "
                             "got %s", sc->file, path, VDC_MAX_VMS, got);
    if (vc->v.host < 0)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s.per_host: needs \"host\", the first host "
                             "of the range, got %s", sc->file, path, got);
    int64_t n = (int64_t)p->valuedouble, need = (vc->count + n - 1) / n;
    if (vc->v.host + need > sc->nhost)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s.per_host: %lld VMs at %lld a host from %s "
                             "need %lld hosts, but only %d are listed from it on", sc->file, path,
                             (long long)vc->count, (long long)n, sc->hosts[vc->v.host].name,
                             (long long)need, sc->nhost - vc->v.host);
    *per = n;
    return 0;
}

static int fill_vms(vdc_scenario *sc, cJSON *arr, vdc_error *err)
{
    const char *file = sc->file;
    vdc_param tbl[32];
    vm_table(tbl);
    int64_t maxp = 0;
    for (int h = 0; h < sc->nhost; h++)
        if (sc->hosts[h].pcpus > maxp)
            maxp = sc->hosts[h].pcpus;
    int at = 0, i = 0, bad = 0;         /* bad: first input error, when collecting */
    for (cJSON *it = arr ? arr->child : NULL; it; it = it->next, i++) {
        char path[64], sub[96];
        vm_cfg vc;
        memset(&vc, 0, sizeof vc);
        snprintf(path, sizeof path, "vms[%d]", i);
        int rc = vdc_param_fill(tbl, it, &vc, file, path, &sc->names, err);
        if (vc.v.pin.v && !vdc_scenario_own(sc, vc.v.pin.v))
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        if (rc && !vdc_error_more(err, rc))
            return rc;
        bad = bad ? bad : rc;
        /* The checks across fields need every field read: only then. */
        if (!rc && vc.v.max_vcpus && vc.v.max_vcpus < vc.v.vcpus)
            rc = vdc_error_set(err, VDC_EINPUT,
                               "%s: %s.max_vcpus: must be >= vcpus = %lld (or 0), got %lld", file,
                               path, (long long)vc.v.vcpus, (long long)vc.v.max_vcpus);
        if (!rc && vc.v.cap > 100 * vc.v.vcpus)
            rc = vdc_error_set(err, VDC_EINPUT,
                               "%s: %s.cap: must be <= 100 x vcpus = %lld, got %lld", file, path,
                               (long long)(100 * vc.v.vcpus), (long long)vc.v.cap);
        int64_t lim = !bad && vc.v.host >= 0 && vc.v.host < sc->nhost ? sc->hosts[vc.v.host].pcpus
                                                                         : maxp;
        for (size_t k = 0; !rc && k < vc.v.pin.n; k++)
            if (vc.v.pin.v[k] >= lim)
                rc = vdc_error_set(err, VDC_EINPUT,
                                   "%s: %s.pin[%zu]: must be < %lld (pCPUs of %s), got %lld",
                                   file, path, k, (long long)lim,
                                   vc.v.host >= 0 && vc.v.host < sc->nhost
                                       ? sc->hosts[vc.v.host].name : "the largest host",
                                   (long long)vc.v.pin.v[k]);
        if (rc && !vdc_error_more(err, rc))
            return rc;
        bad = bad ? bad : rc;
        cJSON *wj = cJSON_GetObjectItemCaseSensitive(it, "workload");
        if (!wj && !(wj = cJSON_AddObjectToObject(it, "workload")))
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        snprintf(sub, sizeof sub, "%s.workload", path);
        int64_t gcount, gvcpus;
        bool group = vdc_scenario_group_count(sc, i, &gcount, &gvcpus);
        if (group && cJSON_IsObject(wj) &&
            (rc = vdc_scenario_group_workload_defaults(sc, i, wj, err)))
            return rc;
        rc = vdc_scenario_workload(wj, &vc.v.wl, file, sub, &sc->names, err);
        if (!rc && !group)
            rc = vdc_scenario_trace_single(sc, &vc.v.wl, vc.v.vcpus, sub, err);
        if (rc && !vdc_error_more(err, rc))
            return rc;
        bad = bad ? bad : rc;
        for (int k = 0; k < VDC_KIND_COUNT; k++) {
            const vdc_vm_block *b = vdc_kind_vm_block(k);
            if (!b)
                continue;
            cJSON *bj = cJSON_GetObjectItemCaseSensitive(it, vdc_kind_name(k));
            if (!bj)
                continue;           /* models treat a missing block as defaults */
            void *blk = vdc_scenario_own(sc, calloc(1, b->params_size ? b->params_size : 1));
            if (!blk)
                return vdc_error_set(err, VDC_ENOMEM, "out of memory");
            snprintf(sub, sizeof sub, "%s.%s", path, vdc_kind_name(k));
            if (!cJSON_IsObject(bj)) {
                /* "memory": 4 is likelier a slip for memory_gib than a block */
                char got[64];
                vdc_param_show(bj, got, sizeof got);
                const char *s = vdc_param_suggest_in(vdc_kind_name(k), vm_base_params);
                rc = vdc_error_set(err, VDC_EINPUT,
                                   "%s: %s: must be an object (the %s model's per-VM block)%s%s%s, got %s",
                                   file, sub, vdc_kind_name(k), s ? "; did you mean \"" : "",
                                   s ? s : "", s ? "\"?" : "", got);
                if (!vdc_error_more(err, rc))
                    return rc;
                bad = bad ? bad : rc;
                continue;
            }
            rc = vdc_param_fill(b->params, bj, blk, file, sub, &sc->names, err);
            if (rc) {
                vdc_param_release(b->params, blk);
                if (!vdc_error_more(err, rc))
                    return rc;
                bad = bad ? bad : rc;   /* collecting: the other blocks too */
                continue;
            }
            if ((rc = own_lists(sc, b->params, blk)))
                return vdc_error_set(err, rc, "out of memory");
            vc.v.kind_params[k] = blk;
        }
        if (group && cJSON_GetObjectItemCaseSensitive(it, "per_host"))
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.per_host: only for a group made with "
                                 "\"count\"", file, path);
        if (group) {
            vc.v.entry = i;
            if ((rc = vdc_scenario_group_fill(sc, i, it, &vc.v, &sc->vms[at], path, err)))
                return rc;
            at += (int)gcount;
            continue;
        }
        int64_t per = 0;
        if ((rc = per_host(sc, it, &vc, path, &per, err))) {
            if (!vdc_error_more(err, rc))
                return rc;
            bad = bad ? bad : rc;
        }
        for (int64_t k = 0; k < vc.count; k++, at++) {
            const char *name = sc->vms[at].name;
            sc->vms[at] = vc.v;
            sc->vms[at].name = name;
            sc->vms[at].entry = i;
            if (per)
                sc->vms[at].host = vc.v.host + (int)(k / per);
        }
    }
    if (bad)
        return bad;
    int rc = vdc_scenario_check_speeds(sc, err);
    if (rc)
        return rc;
    /* A ping's peer must be another VM. */
    for (int v = 0; v < sc->nvm; v++)
        if (sc->vms[v].wl.type == VDC_WL_PING && sc->vms[v].wl.peer == v)
            return vdc_error_set(err, VDC_EINPUT, "%s: VM %s: workload.peer: must be another VM",
                                 file, sc->vms[v].name);
    return 0;
}

/* ---- top level ----------------------------------------------------------- */

static int build(vdc_scenario *sc, vdc_error *err)
{
    cJSON *root = sc->resolved;
    top_cfg top;
    memset(&top, 0, sizeof top);
    if (!cJSON_GetObjectItemCaseSensitive(root, "name")) {
        /* default name: the file's base name without ".json" */
        char nm[128];
        snprintf(nm, sizeof nm, "%s", basename_of(sc->file));
        char *dot = strrchr(nm, '.');
        if (dot && dot != nm)
            *dot = 0;
        if (!cJSON_AddStringToObject(root, "name", nm))
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    }
    int rc = vdc_param_fill(top_params, root, &top, sc->file, "", NULL, err);
    if (rc && !vdc_error_more(err, rc))
        return rc;
    int bad = rc;                       /* collecting: go on, report all at the end */
    sc->name = top.name;
    sc->seed = top.seed;
    sc->duration_s = top.duration_s;
    sc->sample_window_s = top.sample_window_s;
    cJSON *hosts = cJSON_GetObjectItemCaseSensitive(root, "hosts");
    cJSON *vms = cJSON_GetObjectItemCaseSensitive(root, "vms");
    if ((rc = array_of_objects(hosts, sc->file, "hosts", true, err)) ||
        (rc = array_of_objects(vms, sc->file, "vms", false, err)) ||
        (rc = array_of_objects(cJSON_GetObjectItemCaseSensitive(root, "actions"), sc->file,
                               "actions", false, err)))
        return rc;
    if ((rc = vdc_scenario_groups(sc, vms, err)))
        return rc;
    size_t bytes = 0;
    if ((rc = check_products(sc, hosts, vms, &bytes, err)))
        return rc;
    bytes += vdc_scenario_group_name_bytes(sc);
    char *pool = sc->name_pool = malloc(bytes);
    if (!pool)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory for names");
    rc = parse_hosts(sc, hosts, &pool, err);
    if (rc && (!vdc_error_more(err, rc) || !sc->hosts))
        return rc;
    bad = bad ? bad : rc;
    if (!rc && ((rc = parse_wan(sc, cJSON_GetObjectItemCaseSensitive(root, "wan_links"), err)) ||
                (rc = check_sites(sc, err))))
        return rc;
    if ((rc = name_vms(sc, vms, &pool, err)))
        return rc;
    rc = fill_vms(sc, vms, err);
    if (rc && !vdc_error_more(err, rc))
        return rc;
    bad = bad ? bad : rc;
    /* again with the VMs of trace groups, which check_products cannot see */
    double windows = sc->sample_window_s > 0 ? sc->duration_s / sc->sample_window_s : 0;
    if (windows * (sc->nvm + sc->nhost) > VDC_MAX_SAMPLES)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: sample_window_s: %g s gives %.3g time-series samples (limit %.0f); "
                             "use a longer window", sc->file, sc->sample_window_s,
                             windows * (sc->nvm + sc->nhost), VDC_MAX_SAMPLES);
    cJSON *models = cJSON_GetObjectItemCaseSensitive(root, "models");
    if (!models && !(models = cJSON_AddObjectToObject(root, "models")))
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    rc = vdc_scenario_models(sc, models, err);
    if (rc && !vdc_error_more(err, rc))
        return rc;
    bad = bad ? bad : rc;
    /* actions may name VMs that a startup model creates at run time */
    sc->names.late_ok = sc->model[VDC_KIND_STARTUP].type != NULL ||
                        sc->model[VDC_KIND_STARTUP].rejected;
    rc = vdc_scenario_actions(sc, cJSON_GetObjectItemCaseSensitive(root, "actions"), err);
    return bad ? bad : rc;
}

int vdc_scenario_parse(const char *text, size_t len, const char *label,
                       const char *const *sets, size_t nsets, vdc_scenario **out, vdc_error *err)
{
    *out = NULL;
    vdc_scenario *sc = calloc(1, sizeof *sc);
    if (!sc || !(sc->file = strdup(label))) {
        free(sc);
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    }
    int rc = vdc_jsonfile_parse(text, len, label, &sc->given, err);
    if (rc)
        goto fail;
    if (!cJSON_IsObject(sc->given)) {
        char got[64];
        vdc_param_show(sc->given, got, sizeof got);
        rc = vdc_error_set(err, VDC_EINPUT, "%s: (top level): must be an object, got %s", label, got);
        goto fail;
    }
    for (size_t i = 0; i < nsets; i++) {
        if ((rc = vdc_scenario_set(sc->given, sets[i], err))) {
            vdc_error_prefix(err, "--set: ");
            goto fail;
        }
    }
    if (!(sc->resolved = cJSON_Duplicate(sc->given, true))) {
        rc = vdc_error_set(err, VDC_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = build(sc, err)))
        goto fail;
    *out = sc;
    return 0;
fail:
    vdc_scenario_free(sc);
    return rc;
}

int vdc_scenario_load(const char *path, const char *const *sets, size_t nsets,
                      vdc_scenario **out, vdc_error *err)
{
    char *buf;
    size_t n;
    *out = NULL;
    int rc = vdc_jsonfile_read(path, &buf, &n, err);
    if (rc)
        return rc;
    rc = vdc_scenario_parse(buf, n, path, sets, nsets, out, err);
    free(buf);
    return rc;
}

char *vdc_scenario_text(const vdc_scenario *sc)
{
    vdc_jsonfile_hooks();           /* the hooks allocate with malloc: free() frees */
    return cJSON_PrintUnformatted(sc->given);
}

void vdc_scenario_free(vdc_scenario *sc)
{
    if (!sc)
        return;
    cJSON_Delete(sc->given);
    cJSON_Delete(sc->resolved);
    free(sc->file);
    free(sc->hosts);
    free(sc->wan);
    free(sc->vms);
    free((void *)sc->names.host);
    free((void *)sc->names.vm);
    free((void *)sc->names.host_order);
    free((void *)sc->names.vm_order);
    free(sc->name_pool);
    for (int i = 0; i < sc->nowned; i++)
        free(sc->owned[i]);
    free(sc->owned);
    free(sc->actions);
    vdc_scenario_traces_free(sc);
    free(sc);
}

/* ---- documentation -------------------------------------------------------- */

void vdc_scenario_print_keys(FILE *f)
{
    fprintf(f, "scenario file (top level):\n");
    vdc_param_print(f, top_params, "  ");
    fprintf(f, "\nhosts[i]:\n");
    vdc_param_print(f, host_params, "  ");
    fprintf(f, "\nvms[i]:\n");
    vdc_param_print(f, vm_base_params, "  ");
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        if (vdc_kind_vm_block(k))
            fprintf(f, "  %-22s object    per-VM block of the %s kind (`vdcsim models %s`)\n",
                    vdc_kind_name(k), vdc_kind_name(k), vdc_kind_name(k));
    for (size_t t = 0; t < N_WL; t++) {
        fprintf(f, "\nvms[i].workload with \"type\": \"%s\":\n", wl_names[t]);
        vdc_param_print(f, wl_tables[t] + 1, "  ");      /* after "type" */
    }
    fprintf(f, "\nmodels.<kind>: {\"name\": model, ...}  (`vdcsim models`)\n"
               "actions[i]: {\"at_s\": t, \"<verb>\": {...}}; core verbs:\n"
               "  set_workload           {\"vm\": name, \"workload\": {...}}\n"
               "  resize                 {\"vm\": name, \"vcpus\": n, \"memory_mib\": m, "
               "\"weight\": w, \"cap\": c, \"hotplug_s\": s}\n"
               "  reboot                 {\"vm\": name, \"vcpus\": n, \"memory_mib\": m, "
               "\"down_s\": d, \"lost_since_s\": c}\n");
}

/* ---- flattening ---------------------------------------------------------- */

/* Append ".key" (or "key" first) / "[i]" at p, room bytes; the length
 * written, 0 when it does not fit.  Written out rather than by snprintf,
 * which was a tenth of a run that stores 100,000 actions' parameters. */
static size_t append_key(char *p, size_t room, bool dot, const char *key)
{
    size_t k = strlen(key), n = k + (dot ? 1 : 0);
    if (n >= room)
        return 0;
    if (dot)
        *p++ = '.';
    memcpy(p, key, k + 1);
    return n;
}

static size_t append_index(char *p, size_t room, int i)
{
    char d[16];
    size_t k = 0;
    unsigned u = (unsigned)i;
    do
        d[k++] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (k + 2 >= room)
        return 0;
    *p++ = '[';
    for (size_t j = 0; j < k; j++)
        *p++ = d[k - 1 - j];
    *p++ = ']';
    *p = 0;
    return k + 2;
}

static int flatten(const cJSON *node, char *path, size_t len, size_t cap, vdc_flat_fn fn,
                   void *ctx)
{
    if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
        int i = 0;
        for (const cJSON *it = node->child; it; it = it->next, i++) {
            size_t n = cJSON_IsObject(node) ? append_key(path + len, cap - len, len > 0, it->string)
                                            : append_index(path + len, cap - len, i);
            if (!n)
                continue;                       /* absurdly long path: skip */
            int rc = flatten(it, path, len + n, cap, fn, ctx);
            if (rc)
                return rc;
        }
        path[len] = 0;
        return 0;
    }
    const char *v = NULL;                 /* numbers go as numbers, not printed */
    if (cJSON_IsString(node))
        v = node->valuestring;
    else if (cJSON_IsBool(node))
        v = cJSON_IsTrue(node) ? "true" : "false";
    else if (!cJSON_IsNumber(node))
        v = "null";
    return fn(ctx, path, v, cJSON_IsNumber(node) ? &node->valuedouble : NULL);
}

int vdc_scenario_flatten(const vdc_scenario *sc, vdc_flat_fn fn, void *ctx)
{
    char path[1024] = "";
    return flatten(sc->resolved, path, 0, sizeof path, fn, ctx);
}
