/* requests.c -- the startup model's action verbs and what follows a start.
 *
 *   {"at_s": 1, "start": {"instance": "web", "preset": "docker", "host": "h-0",
 *                         "count": 100, "serial": false, "interval_s": 0, ...}}
 *   {"at_s": 0, "arrivals": {"instance": "fn", "preset": "firecracker",
 *                            "rate_per_s": 5, "duration_s": 600,
 *                            "keep_alive_s": 600, "exec_s": 0.1, ...}}
 *   {"at_s": 9, "stop": {"instance": "web", "count": 10}}
 *
 * A request resolves its preset ("auto": the kind's default) and applies
 * the overrides (a negative number keeps the preset's value).  `count`
 * instances start at once (a burst), one every interval_s, or one after the
 * other (serial: each when the previous is ready -- the Firecracker paper's
 * serial boots).  `arrivals` is a Poisson stream (stream
 * "startup/arrivals/<instance>") of invocations: an idle warm instance of
 * the group serves one (latency warm_ms, most recently used first), else a
 * cold start runs; an instance idle for keep_alive_s is stopped (fixed
 * keep-alive, 10 min by default as in OpenWhisk [Shahrad, "Serverless in
 * the wild", ATC 2020]).  Instances of kind vm and microvm become world VMs
 * when ready (add_vm), so other models can schedule and migrate them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "startup_int.h"

/* ---- groups --------------------------------------------------------------- */

static int group_of(vdc_su_state *st, const char *name)
{
    for (int g = 0; g < st->ngroup; g++)
        if (strcmp(st->group[g].name, name) == 0)
            return g;
    if (vdc_array_grow((void **)&st->group, &st->cap_group, st->ngroup + 1, sizeof *st->group))
        return VDC_ENOMEM;
    vdc_su_group *g = &st->group[st->ngroup];
    memset(g, 0, sizeof *g);
    g->name = strdup(name);
    g->rng = vdc_rng_streamf(st->sim->seed, "startup/%s", name);
    if (!g->name || !g->rng) {
        free(g->name);
        if (g->rng)
            gsl_rng_free(g->rng);
        return VDC_ENOMEM;
    }
    return st->ngroup++;
}

/* A world VM whose name would collide with "<group>-<k>". */
static const char *name_clash(const vdc_su_state *st, const char *group)
{
    size_t n = strlen(group);
    const vdc_world *w = &st->sim->world;
    for (int v = 0; v < w->nvm; v++)
        if (strncmp(w->vm[v].name, group, n) == 0 && w->vm[v].name[n] == '-')
            return w->vm[v].name;
    return NULL;
}

/* ---- resolving a request --------------------------------------------------- */

static void over(double *field, double given)
{
    if (given >= 0)
        *field = given;
}

static int new_req(vdc_su_state *st, const vdc_su_args *a, bool arrivals, const char *verb)
{
    vdc_engine *eng = st->sim->eng;
    int preset = a->preset - 1, kind = a->kind - 1;
    if (preset < 0)
        preset = vdc_startup_preset_default(kind >= 0 ? kind : VDC_STARTUP_VM);
    vdc_startup_preset p = vdc_startup_presets[preset];
    if (kind < 0)
        kind = p.kind;
    over(&p.memory_mib, a->memory_mib);
    over(&p.image_mib, a->image_mib);
    over(&p.base_mib, a->base_mib);
    over(&p.read_mib, a->read_mib);
    over(&p.boot_read_mib, a->boot_read_mib);
    over(&p.toolstack_ms, a->toolstack_ms);
    over(&p.firmware_ms, a->firmware_ms);
    over(&p.bootloader_ms, a->bootloader_ms);
    over(&p.kernel_ms, a->kernel_ms);
    over(&p.init_ms, a->init_ms);
    over(&p.namespace_ms, a->namespace_ms);
    over(&p.vifs, a->vifs);
    over(&p.vbds, a->vbds);
    over(&p.consoles, a->consoles);
    /* each device writes its own entries; an explicit count wins */
    p.xs_entries = vdc_startup_xs_entries(&p, (int)a->vcpus);
    over(&p.xs_entries, a->xs_entries);
    over(&p.ts_growth_us, a->ts_growth_us);
    over(&p.idle_cpu_pct, a->idle_cpu_pct);
    over(&p.jitter, a->jitter);
    over(&p.cpu_frac, a->cpu_frac);
    if (a->base)
        p.base = a->base;
    if (!p.base)
        p.base_mib = 0;
    if (p.base_mib > p.image_mib) {
        vdc_engine_fail(eng, VDC_EINPUT, "startup: %s \"%s\": base_mib %g exceeds image_mib %g",
                        verb, a->instance, p.base_mib, p.image_mib);
        return VDC_EINPUT;
    }
    int g = group_of(st, a->instance);
    if (g < 0 || vdc_array_grow((void **)&st->req, &st->cap_req, st->nreq + 1, sizeof *st->req)) {
        vdc_engine_fail(eng, VDC_ENOMEM, "startup: out of memory");
        return VDC_ENOMEM;
    }
    const char *clash = a->add_vm && (kind == VDC_STARTUP_VM || kind == VDC_STARTUP_MICROVM)
                            ? name_clash(st, a->instance) : NULL;
    if (clash) {
        vdc_engine_fail(eng, VDC_EINPUT, "startup: %s \"%s\": its instances would be named "
                        "like the VM \"%s\"; choose another instance name", verb, a->instance,
                        clash);
        return VDC_EINPUT;
    }
    vdc_su_req *r = &st->req[st->nreq];
    memset(r, 0, sizeof *r);
    r->a = *a;
    r->p = p;
    r->group = g;
    r->kind = kind;
    r->preset = preset;
    r->arrivals = arrivals;
    vdc_su_build_steps(st, r);
    /* Layers: [base,] image.  An image named by default after its preset
     * gets its size in the name when image_mib is overridden, so images of
     * different sizes are different images. */
    char name[256];
    if (a->image)
        snprintf(name, sizeof name, "%s", a->image);
    else if (a->image_mib >= 0)
        snprintf(name, sizeof name, "%s@%gMiB", vdc_startup_presets[preset].name, p.image_mib);
    else
        snprintf(name, sizeof name, "%s", vdc_startup_presets[preset].name);
    int id;
    if (p.base_mib > 0) {
        if ((id = vdc_su_layer_id(st, p.base)) < 0)
            goto nomem;
        r->layer[r->nlayer++] = id;
    }
    if (p.image_mib > 0) {
        if ((id = vdc_su_layer_id(st, name)) < 0)
            goto nomem;
        r->layer[r->nlayer++] = id;
    }
    if (arrivals) {
        r->rng = vdc_rng_streamf(st->sim->seed, "startup/arrivals/%s", a->instance);
        if (!r->rng)
            goto nomem;
    }
    return st->nreq++;
nomem:
    vdc_engine_fail(eng, VDC_ENOMEM, "startup: out of memory");
    return VDC_ENOMEM;
}

/* ---- start ------------------------------------------------------------------ */

/* Launch one instance; on failure stop the run and return -1. */
static int launch(vdc_su_state *st, int req)
{
    int i = vdc_su_launch(st, req);
    if (i == VDC_EINPUT)
        vdc_engine_fail(st->sim->eng, VDC_EINPUT, "startup: more than %d starts and warm "
                        "invocations in one run; split the scenario", SU_MAX_ROWS);
    else if (i < 0)
        vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "startup: out of memory");
    return i < 0 ? -1 : i;
}

static void ev_launch(vdc_engine *eng, void *ctx, uint64_t req);

static void launch_one(vdc_su_state *st, int req)
{
    int i = launch(st, req);
    if (i < 0)
        return;
    vdc_su_req *r = &st->req[req];
    if (r->launched >= r->a.count || r->arrivals)
        return;
    if (r->a.serial) {
        if (st->inst[i].state == SU_REFUSED)    /* the next one is asked at once */
            vdc_engine_after(st->sim->eng, 0, ev_launch, st, (uint64_t)req);
    } else if (r->a.interval_s > 0) {
        vdc_engine_after(st->sim->eng, vdc_time_from_s(r->a.interval_s), ev_launch, st,
                         (uint64_t)req);
    }
}

static void ev_launch(vdc_engine *eng, void *ctx, uint64_t req)
{
    (void)eng;
    launch_one(ctx, (int)req);
}

static void run_start(void *state, vdc_sim *sim, const void *args)
{
    vdc_su_state *st = state;
    const vdc_su_args *a = args;
    (void)sim;
    int req = new_req(st, a, false, "start");
    if (req < 0)
        return;
    if (a->serial || a->interval_s > 0) {
        launch_one(st, req);
        return;
    }
    for (int64_t k = 0; k < a->count; k++)
        if (launch(st, req) < 0)
            return;
}

/* ---- arrivals: cold and warm starts ------------------------------------------ */

static void ev_exec_done(vdc_engine *eng, void *ctx, uint64_t i);

static void serve(vdc_su_state *st, int i, double extra_s)
{
    vdc_su_inst *in = &st->inst[i];
    in->state = SU_BUSY;
    vdc_engine_after(st->sim->eng, vdc_time_from_s(extra_s + st->req[in->req].a.exec_s),
                     ev_exec_done, st, (uint64_t)i);
}

static void ev_expire(vdc_engine *eng, void *ctx, uint64_t i)
{
    vdc_su_state *st = ctx;
    (void)eng;
    st->inst[i].timer = 0;
    if (st->inst[i].state == SU_IDLE)
        vdc_su_stop(st, (int)i);            /* its pool entry is skipped later */
}

static void ev_exec_done(vdc_engine *eng, void *ctx, uint64_t i)
{
    vdc_su_state *st = ctx;
    vdc_su_inst *in = &st->inst[i];
    vdc_su_group *g = &st->group[in->group];
    (void)eng;
    if (in->state != SU_BUSY)
        return;
    in->state = SU_IDLE;
    if (vdc_array_grow((void **)&g->pool, &g->cap_pool, g->npool + 1, sizeof *g->pool)) {
        vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "startup: out of memory");
        return;
    }
    g->pool[g->npool++] = (int)i;
    in->timer = vdc_engine_after(st->sim->eng,
                                 vdc_time_from_s(st->req[in->req].a.keep_alive_s), ev_expire,
                                 st, i);
}

static void ev_arrival(vdc_engine *eng, void *ctx, uint64_t req)
{
    vdc_su_state *st = ctx;
    vdc_su_req *r = &st->req[req];
    vdc_su_group *g = &st->group[r->group];
    g->requests++;
    int warm = -1;
    while (g->npool > 0 && warm < 0) {
        int j = g->pool[--g->npool];
        if (st->inst[j].state == SU_IDLE)
            warm = j;
    }
    if (warm >= 0) {
        vdc_engine_cancel(eng, st->inst[warm].timer);
        st->inst[warm].timer = 0;
        if (st->ninst + st->nwarm >= SU_MAX_ROWS) {
            vdc_engine_fail(eng, VDC_EINPUT, "startup: more than %d starts and warm "
                            "invocations in one run; split the scenario", SU_MAX_ROWS);
            return;
        }
        if (vdc_array_grow((void **)&st->warm, &st->cap_warm, st->nwarm + 1, sizeof *st->warm)) {
            vdc_engine_fail(eng, VDC_ENOMEM, "startup: out of memory");
            return;
        }
        st->warm[st->nwarm++] = (vdc_su_warm){ warm, vdc_engine_now(eng) };
        g->warm++;
        serve(st, warm, st->par->warm_ms * 1e-3);
    } else {
        int i = launch(st, (int)req);
        if (i < 0)
            return;
        if (st->inst[i].state != SU_REFUSED) {
            g->cold++;
            st->inst[i].pending = 1;
            if (st->inst[i].state == SU_RUNNING)    /* a start that took no time */
                vdc_su_on_ready(st, i);
        }
    }
    r = &st->req[req];
    double gap = gsl_ran_exponential(r->rng, 1.0 / r->a.rate_per_s);
    vdc_time next = vdc_engine_now(eng) + vdc_time_from_s(gap);
    if (next <= r->until)
        vdc_engine_at(eng, next, ev_arrival, st, req);
}

static void run_arrivals(void *state, vdc_sim *sim, const void *args)
{
    vdc_su_state *st = state;
    const vdc_su_args *a = args;
    int req = new_req(st, a, true, "arrivals");
    if (req < 0)
        return;
    vdc_su_req *r = &st->req[req];
    vdc_time now = vdc_engine_now(sim->eng);
    r->until = now + vdc_time_from_s(a->duration_s);
    vdc_time first = now + vdc_time_from_s(gsl_ran_exponential(r->rng, 1.0 / a->rate_per_s));
    if (first <= r->until)
        vdc_engine_at(sim->eng, first, ev_arrival, st, (uint64_t)req);
}

/* ---- ready ---------------------------------------------------------------- */

static void add_to_world(vdc_su_state *st, int i)
{
    vdc_su_inst *in = &st->inst[i];
    const vdc_su_req *r = &st->req[in->req];
    char buf[300];
    snprintf(buf, sizeof buf, "%s-%d", st->group[in->group].name, in->index);
    char *name = strdup(buf);
    if (!name || vdc_array_grow((void **)&st->vm_names, &st->cap_vm_names, st->nvm_names + 1,
                             sizeof *st->vm_names)) {
        free(name);
        vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "startup: out of memory");
        return;
    }
    st->vm_names[st->nvm_names++] = name;
    vdc_vm t;
    memset(&t, 0, sizeof t);
    t.name = name;
    t.host = in->host;
    t.vcpus = r->a.vcpus;
    t.memory_gib = r->p.memory_mib / 1024.0;
    t.weight = 256;                         /* Xen credit default [credit.c] */
    t.wl.type = r->a.demand > 0 ? VDC_WL_CPU : VDC_WL_IDLE;
    t.wl.demand = r->a.demand;
    t.wl.peer = -1;
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        t.kind_params[k] = st->vm_block[k];
    int vm = vdc_world_add_vm(&st->sim->world, st->sim, &t);
    if (vm < 0) {
        vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "startup: cannot add VM %s", name);
        return;
    }
    st->inst[i].vm = vm;
}

void vdc_su_on_ready(vdc_su_state *st, int i)
{
    vdc_su_inst *in = &st->inst[i];
    const vdc_su_req *r = &st->req[in->req];
    if (in->vm < 0 && r->a.add_vm &&
        (r->kind == VDC_STARTUP_VM || r->kind == VDC_STARTUP_MICROVM))
        add_to_world(st, i);
    in = &st->inst[i];
    if (r->arrivals) {
        if (in->pending > 0) {
            in->pending = 0;
            serve(st, i, 0);
        }
    } else if (r->a.serial && r->launched < r->a.count) {
        vdc_engine_after(st->sim->eng, 0, ev_launch, st, (uint64_t)in->req);
    }
}

/* ---- stop ------------------------------------------------------------------- */

typedef struct stop_args {
    const char *instance;
    int64_t count;
} stop_args;

static void run_stop(void *state, vdc_sim *sim, const void *args)
{
    vdc_su_state *st = state;
    const stop_args *a = args;
    (void)sim;
    int g;
    for (g = 0; g < st->ngroup && strcmp(st->group[g].name, a->instance) != 0; g++)
        ;
    int64_t left = a->count > 0 ? a->count : INT64_MAX;
    for (int i = 0; i < st->ninst && left > 0; i++) {
        uint8_t s = st->inst[i].state;
        if (st->inst[i].group == g && (s == SU_RUNNING || s == SU_IDLE || s == SU_BUSY)) {
            vdc_su_stop(st, i);
            left--;
        }
    }
}

/* ---- parameter tables --------------------------------------------------------- */

#define ARG(f) .offset = offsetof(vdc_su_args, f)
#define OVERRIDE(f, unit_, help_)                                                      \
    { .name = #f, .type = VDC_PARAM_NUM, ARG(f), .def = -1, .min = -1, .max = 1e12,   \
      .unit = unit_, .help = help_ " (< 0: the preset's)" }

#define COMMON_ARGS                                                                     \
    { .name = "instance", .type = VDC_PARAM_STR, ARG(instance), .flags = VDC_PARAM_REQUIRED, \
      .help = "instance group; its instances are named <instance>-<k>" },            \
    { .name = "kind", .type = VDC_PARAM_ENUM, ARG(kind), .choices = VDC_STARTUP_KIND_CHOICES, \
      .help = "instance kind (auto: the preset's)" },                                 \
    { .name = "preset", .type = VDC_PARAM_ENUM, ARG(preset),                           \
      .choices = VDC_STARTUP_PRESET_CHOICES,                                           \
      .help = "published profile (auto: the kind's default; see models/startup/README.md)" }, \
    { .name = "host", .type = VDC_PARAM_HOST, ARG(host), .flags = VDC_PARAM_NULLABLE, \
      .help = "host to start on (absent: the host with the most free memory)" },      \
    { .name = "cached", .type = VDC_PARAM_ENUM, ARG(cached), .choices = "preset|auto|yes|no", \
      .help = "image on the host? auto: fetch missing layers; yes: present; no: fetch all" }, \
    { .name = "add_vm", .type = VDC_PARAM_BOOL, ARG(add_vm), .def = 1,                 \
      .help = "kinds vm/microvm become world VMs when ready (schedulable, migratable)" }, \
    { .name = "vcpus", .type = VDC_PARAM_INT, ARG(vcpus), .def = 1, .min = 1, .max = 1024, \
      .help = "vCPUs of the world VM added" },                                         \
    { .name = "demand", .type = VDC_PARAM_NUM, ARG(demand), .def = 0, .min = 0, .max = 1, \
      .help = "CPU demand per vCPU of the world VM once ready (0: idle)" },            \
    { .name = "image", .type = VDC_PARAM_STR, ARG(image), .flags = VDC_PARAM_NULLABLE, \
      .help = "image name (default: the preset's; same name = same cached image)" },  \
    { .name = "base", .type = VDC_PARAM_STR, ARG(base), .flags = VDC_PARAM_NULLABLE,   \
      .help = "name of the shared base layer (default: the preset's)" },              \
    OVERRIDE(memory_mib, "MiB", "host memory of a running instance"),                  \
    OVERRIDE(image_mib, "MiB", "image size"),                                          \
    OVERRIDE(base_mib, "MiB", "part of the image in the shared base layer"),           \
    OVERRIDE(read_mib, "MiB", "MiB loaded into the guest at create"),                  \
    OVERRIDE(boot_read_mib, "MiB", "MiB the guest reads from its disk while booting"), \
    OVERRIDE(toolstack_ms, "ms", "toolstack / VMM / daemon time alone"),              \
    OVERRIDE(firmware_ms, "ms", "firmware time"),                                      \
    OVERRIDE(bootloader_ms, "ms", "boot-menu wait (GRUB_TIMEOUT; 0: none)"),          \
    OVERRIDE(kernel_ms, "ms", "kernel boot time"),                                     \
    OVERRIDE(init_ms, "ms", "init and application start time"),                        \
    OVERRIDE(namespace_ms, "ms", "namespace and cgroup set-up time"),                  \
    OVERRIDE(xs_entries, "entries", "XenStore entries written per creation (default: " \
             "from the guest's vCPUs and devices)"),                                   \
    OVERRIDE(vifs, "devices", "network devices (each writes its XenStore entries)"),   \
    OVERRIDE(vbds, "devices", "block devices (each writes its XenStore entries)"),     \
    OVERRIDE(consoles, "devices", "consoles (each writes its XenStore entries)"),      \
    OVERRIDE(ts_growth_us, "us", "toolstack time added per running instance"),         \
    OVERRIDE(idle_cpu_pct, "%", "CPU an idle running instance uses, % of a core"),     \
    { .name = "jitter", .type = VDC_PARAM_NUM, ARG(jitter), .def = -1, .min = -1, .max = 3,   \
      .help = "log-normal sigma of the phase times (< 0: the preset's)" },             \
    { .name = "cpu_frac", .type = VDC_PARAM_NUM, ARG(cpu_frac), .def = -1, .min = -1, .max = 1, \
      .unit = "", .help = "share of the guest phases' time that needs a host core; the "  \
      "rest is waiting (< 0: the preset's: 0.25 for the minimal guest of the Firecracker "  \
      "paper's presets, calibrated; 1 for the others)" }

static const vdc_param start_params[] = {
    COMMON_ARGS,
    { .name = "count", .type = VDC_PARAM_INT, ARG(count), .def = 1, .min = 1, .max = SU_MAX_ROWS,
      .help = "instances to start" },
    { .name = "serial", .type = VDC_PARAM_BOOL, ARG(serial), .def = 0,
      .help = "start each when the previous one is ready (else all at once)" },
    { .name = "interval_s", .type = VDC_PARAM_NUM, ARG(interval_s), .def = 0, .min = 0,
      .max = 1e9, .unit = "s", .help = "time between starts (0: a burst)" },
    { 0 }
};

static const vdc_param arrivals_params[] = {
    COMMON_ARGS,
    { .name = "rate_per_s", .type = VDC_PARAM_NUM, ARG(rate_per_s), .min = 0, .max = 1e6,
      .flags = VDC_PARAM_REQUIRED | VDC_PARAM_MIN_EXCL, .unit = "1/s",
      .help = "mean invocation rate (Poisson)" },
    { .name = "duration_s", .type = VDC_PARAM_NUM, ARG(duration_s), .min = 0, .max = 1e9,
      .flags = VDC_PARAM_REQUIRED | VDC_PARAM_MIN_EXCL, .unit = "s",
      .help = "how long invocations arrive" },
    { .name = "keep_alive_s", .type = VDC_PARAM_NUM, ARG(keep_alive_s), .def = 600, .min = 0,
      .max = 1e9, .unit = "s",
      .help = "idle time before an instance is stopped (10 min: OpenWhisk [Shahrad20])" },
    { .name = "exec_s", .type = VDC_PARAM_NUM, ARG(exec_s), .def = 0.1, .min = 0, .max = 1e9,
      .unit = "s", .help = "execution time of one invocation (assumed)" },
    { 0 }
};

static const vdc_param stop_params[] = {
    { .name = "instance", .type = VDC_PARAM_STR, .offset = offsetof(stop_args, instance),
      .flags = VDC_PARAM_REQUIRED, .help = "instance group to stop" },
    { .name = "count", .type = VDC_PARAM_INT, .offset = offsetof(stop_args, count), .def = 0,
      .min = 0, .max = 1e12, .help = "how many, oldest first (0: all)" },
    { 0 }
};

static const vdc_action_type start_verb = {
    .verb = "start", .help = "start instances now: a burst, spaced, or serial",
    .params = start_params, .params_size = sizeof(vdc_su_args), .run = run_start,
    .example = "{\"instance\": \"fc\", \"preset\": \"firecracker\", \"host\": \"h-1\","
               " \"count\": 2, \"demand\": 1}",
};
static const vdc_action_type arrivals_verb = {
    .verb = "arrivals", .help = "Poisson invocations served warm or by cold starts",
    .params = arrivals_params, .params_size = sizeof(vdc_su_args), .run = run_arrivals,
    .example = "{\"instance\": \"fn\", \"preset\": \"docker\", \"rate_per_s\": 5,"
               " \"duration_s\": 1, \"keep_alive_s\": 0.5}",
};
static const vdc_action_type stop_verb = {
    .verb = "stop", .help = "stop running instances of a group (frees memory)",
    .params = stop_params, .params_size = sizeof(stop_args), .run = run_stop,
    .example = "{\"instance\": \"fc\", \"count\": 1}",
};

const vdc_action_type *const vdc_su_actions[] = { &start_verb, &arrivals_verb, &stop_verb,
                                                  NULL };
