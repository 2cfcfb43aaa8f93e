/* sim.c -- one run from a scenario: build, init models, run, finish, commit.
 *
 * The order is fixed and documented in model.h: world, then models by kind
 * (placement, memory, sched, migration, startup), then timed actions; at the
 * end, finish hooks in the same order, then the results commit.  Any error
 * leaves the results database untouched (results.h).
 */
#include "sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "placelog.h"
#include "progress.h"
#include "scenario.h"
#include "sim_int.h"

vdc_time vdc_time_from_s(double s)
{
    if (!(s > 0))
        return 0;
    if (s >= (double)VDC_TIME_MAX / 1e9)
        return VDC_TIME_MAX;
    return (vdc_time)llround(s * 1e9);
}

double vdc_time_to_s(vdc_time t) { return (double)t / 1e9; }

double vdc_sim_vm_cpu_s(const vdc_sim *sim, int vm)
{
    const vdc_model_type *t = sim->model[VDC_KIND_SCHED];
    if (!t || !t->vm_cpu_s || vm < 0 || vm >= sim->world.nvm)
        return -1;
    return t->vm_cpu_s(sim->state[VDC_KIND_SCHED], sim, vm);
}

void vdc_sim_shares_changed(vdc_sim *sim, int host)
{
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        if (sim->model[k] && sim->model[k]->shares_changed && sim->state[k])
            sim->model[k]->shares_changed(sim->state[k], sim, host);
}

vdc_net *vdc_sim_net(vdc_sim *sim, const vdc_net_opts *opts, vdc_error *err)
{
    if (!sim->net) {
        vdc_net_opts o = opts ? *opts : (vdc_net_opts){ 0 };
        o.wan = sim->wan;               /* the scenario's WAN links */
        o.nwan = sim->nwan;
        sim->net = vdc_net_new(sim->eng, sim->world.host, sim->world.nhost, &o, err);
    }
    return sim->net;
}

/* ---- core action: set_workload ----------------------------------------- */

static void run_set_workload(void *state, vdc_sim *sim, const void *args)
{
    const vdc_core_setwl *a = args;
    (void)state;
    vdc_world_set_workload(&sim->world, sim, a->vm, &a->wl);
}

const vdc_action_type vdc_core_set_workload = {
    .verb = "set_workload",
    .help = "replace a VM's CPU workload: {\"vm\": name, \"workload\": {...}}",
    .params = NULL,
    .params_size = sizeof(vdc_core_setwl),
    .run = run_set_workload,
    .example = "{\"vm\": \"a-0\", \"workload\": {\"type\": \"cpu\", \"demand\": 0.3}}",
};

/* ---- core action: resize ------------------------------------------------ */

/* The guest has onlined (or offlined) its vCPUs: arg = vm | vcpus << 32. */
static void hotplug_done(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_sim *sim = ctx;
    (void)eng;
    vdc_world_set_vcpus(&sim->world, sim, (int)(arg & 0xffffffffu), (int64_t)(arg >> 32));
}

static void run_resize(void *state, vdc_sim *sim, const void *args)
{
    const vdc_core_resize *a = args;
    (void)state;
    if (a->vm < 0 || a->vm >= sim->world.nvm)
        return;
    if (a->weight > 0 || a->cap >= 0)
        vdc_world_set_sched(&sim->world, sim, a->vm, a->weight > 0 ? a->weight : -1, a->cap);
    if (a->memory_mib > 0)
        vdc_world_request_memory(&sim->world, sim, a->vm, a->memory_mib / 1024.0);
    if (a->vcpus > 0)
        vdc_engine_after(sim->eng, vdc_time_from_s(a->hotplug_s), hotplug_done, sim,
                         (uint64_t)(uint32_t)a->vm | (uint64_t)a->vcpus << 32);
}

/* Linux/QEMU vCPU hot-plug through libvirt "typically takes in the order of
 * seconds" (Oracle Linux blog, "Introduction to CPU hotplug", 2023): 1 s,
 * an order of magnitude, not a measurement (docs/references.md §16.1). */
#define HOTPLUG_S_DEFAULT 1.0

const vdc_param vdc_core_resize_params[] = {
    { .name = "vm", .type = VDC_PARAM_VM, .offset = offsetof(vdc_core_resize, vm),
      .flags = VDC_PARAM_REQUIRED, .help = "VM to resize" },
    { .name = "vcpus", .type = VDC_PARAM_INT, .offset = offsetof(vdc_core_resize, vcpus),
      .def = 0, .min = 0, .max = 1024, .help = "online vCPUs, 1..the VM's max_vcpus (0: unchanged)" },
    { .name = "memory_mib", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_core_resize, memory_mib),
      .def = 0, .min = 0, .max = 1 << 26, .unit = "MiB",
      .help = "memory target, up to the VM's memory_gib (balloon; 0: unchanged)" },
    { .name = "weight", .type = VDC_PARAM_INT, .offset = offsetof(vdc_core_resize, weight),
      .def = 0, .min = 0, .max = 65535, .help = "Xen credit weight 1..65535 (0: unchanged)" },
    { .name = "cap", .type = VDC_PARAM_INT, .offset = offsetof(vdc_core_resize, cap),
      .def = -1, .min = -1, .max = 102400, .unit = "%",
      .help = "CPU cap, % of one pCPU (0: none; -1: unchanged)" },
    { .name = "hotplug_s", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_core_resize, hotplug_s),
      .def = HOTPLUG_S_DEFAULT, .min = 0, .max = 3600, .unit = "s",
      .help = "time the guest takes to online/offline the vCPUs" },
    { 0 }
};

const vdc_action_type vdc_core_resize_verb = {
    .verb = "resize",
    .help = "resize a running VM: {\"vm\": name, \"vcpus\": n, \"memory_mib\": m, \"weight\": w, "
            "\"cap\": c}",
    .params = vdc_core_resize_params,
    .params_size = sizeof(vdc_core_resize),
    .run = run_resize,
    .example = "{\"vm\": \"a-0\", \"weight\": 512}",
};

/* The run: what models see, and the scenario they do not. */
typedef struct sim_run {
    vdc_sim sim;
    const vdc_scenario *sc;
    double *mark_cpu_s;             /* per action: a reboot's VM CPU time at
                                       its lost_since_s (NULL: no reboot) */
} sim_run;

/* ---- core action: reboot ------------------------------------------------- */

/* A reboot as the remedy the lecture weighs against resizing and migration:
 * the VM is stopped for down_s, during which it runs nothing, and restarts
 * with its new size at once (no hot-plug: the guest boots with them).  The
 * guest's state in memory is gone: the CPU time it spent since its
 * application's last checkpoint (lost_since_s) has to be done again, and is
 * reported as work lost (a `reboots` row).  A VM not running (not placed
 * yet, or paused by a migration) is not rebooted; its row says why. */
static const vdc_column reboot_cols[] = {
    { "vm", "TEXT" }, { "at_s", "REAL" }, { "down_s", "REAL" }, { "vcpus_after", "INTEGER" },
    { "memory_mib_after", "REAL" }, { "lost_since_s", "REAL" }, { "work_lost_cpu_s", "REAL" },
    { "status", "TEXT" }, { 0 }
};
static const vdc_table reboots_table = { "reboots", reboot_cols };

/* Guest shutdown plus boot: 30 s is our assumption, an order of magnitude
 * for a general-purpose Linux guest (the startup model's kvm_qemu preset
 * boots in ~7 s without the shutdown and the services; docs/references.md
 * §16.1). */
#define REBOOT_DOWN_S_DEFAULT 30.0

static void reboot_up(vdc_engine *eng, void *ctx, uint64_t arg);

static void reboot_mark(vdc_engine *eng, void *ctx, uint64_t i)
{
    sim_run *run = ctx;
    const vdc_core_reboot *a = run->sc->actions[i].args;
    (void)eng;
    double c = vdc_sim_vm_cpu_s(&run->sim, a->size.vm);
    run->mark_cpu_s[i] = c > 0 ? c : 0;
}

static void reboot_row(vdc_sim *sim, const vdc_core_reboot *a, double lost, const char *status)
{
    const vdc_vm *vm = &sim->world.vm[a->size.vm];
    const vdc_value null = { .type = VDC_V_NULL };
    vdc_value v[] = {
        VDC_TEXT(vm->name), VDC_REAL(vdc_time_to_s(vdc_engine_now(sim->eng))), VDC_REAL(a->down_s),
        VDC_INT(a->size.vcpus > 0 ? a->size.vcpus : vm->vcpus),
        a->size.memory_mib > 0 ? VDC_REAL(a->size.memory_mib) : null,     /* NULL: unchanged */
        VDC_REAL(a->lost_since_s), lost >= 0 ? VDC_REAL(lost) : null, VDC_TEXT(status)
    };
    vdc_results_row(sim->res, &reboots_table, v);
}

static void run_reboot(sim_run *run, uint64_t i)
{
    vdc_sim *sim = &run->sim;
    const vdc_core_reboot *a = run->sc->actions[i].args;
    const vdc_vm *vm = &sim->world.vm[a->size.vm];
    if (vm->host < 0 || vm->paused) {
        reboot_row(sim, a, -1, vm->host < 0 ? "skipped: not running" : "skipped: paused");
        return;
    }
    double c = vdc_sim_vm_cpu_s(sim, a->size.vm);
    /* without a scheduler model there is no CPU time to lose: NULL */
    reboot_row(sim, a, c >= 0 ? c - run->mark_cpu_s[i] : -1, "ok");
    vdc_world_pause(&sim->world, sim, a->size.vm);
    vdc_engine_after(sim->eng, vdc_time_from_s(a->down_s), reboot_up, run, i);
}

static void reboot_up(vdc_engine *eng, void *ctx, uint64_t i)
{
    sim_run *run = ctx;
    vdc_sim *sim = &run->sim;
    const vdc_core_reboot *a = run->sc->actions[i].args;
    (void)eng;
    if (a->size.vcpus > 0)
        vdc_world_set_vcpus(&sim->world, sim, a->size.vm, a->size.vcpus);
    if (a->size.memory_mib > 0)
        vdc_world_request_memory(&sim->world, sim, a->size.vm, a->size.memory_mib / 1024.0);
    vdc_world_resume(&sim->world, sim, a->size.vm);
}

const vdc_param vdc_core_reboot_params[] = {
    { .name = "vm", .type = VDC_PARAM_VM, .offset = offsetof(vdc_core_reboot, size.vm),
      .flags = VDC_PARAM_REQUIRED, .help = "VM to reboot" },
    { .name = "vcpus", .type = VDC_PARAM_INT, .offset = offsetof(vdc_core_reboot, size.vcpus),
      .def = 0, .min = 0, .max = 1024, .help = "vCPUs after the boot, 1..max_vcpus (0: unchanged)" },
    { .name = "memory_mib", .type = VDC_PARAM_NUM,
      .offset = offsetof(vdc_core_reboot, size.memory_mib), .def = 0, .min = 0, .max = 1 << 26,
      .unit = "MiB", .help = "memory after the boot, up to memory_gib (0: unchanged)" },
    { .name = "down_s", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_core_reboot, down_s),
      .def = REBOOT_DOWN_S_DEFAULT, .min = 0, .max = 86400, .unit = "s",
      .help = "time stopped: guest shutdown + boot" },
    { .name = "lost_since_s", .type = VDC_PARAM_NUM,
      .offset = offsetof(vdc_core_reboot, lost_since_s), .def = 0, .min = 0, .max = 1e9,
      .unit = "s", .help = "the application's last checkpoint: CPU time since then is lost" },
    { 0 }
};

const vdc_action_type vdc_core_reboot_verb = {
    .verb = "reboot",
    .help = "stop a VM for down_s and boot it with a new size: {\"vm\": name, \"vcpus\": n, "
            "\"memory_mib\": m, \"down_s\": d, \"lost_since_s\": c}",
    .params = vdc_core_reboot_params,
    .params_size = sizeof(vdc_core_reboot),
    .run = NULL,                    /* action_fire calls run_reboot: it needs the run's marks */
    .example = "{\"vm\": \"a-0\", \"down_s\": 5}",
};

static void action_fire(vdc_engine *eng, void *ctx, uint64_t i)
{
    sim_run *run = ctx;
    const vdc_action *a = &run->sc->actions[i];
    (void)eng;
    if (a->type == &vdc_core_reboot_verb)
        run_reboot(run, i);
    else
        a->type->run(a->kind >= 0 ? run->sim.state[a->kind] : NULL, &run->sim, a->args);
}

/* ---- progress bar -------------------------------------------------------- */

typedef struct progress {
    struct timespec t0;
    vdc_time end;
    int shown;                          /* length of the line on screen, 0 none */
    double last;                        /* wall time of the last redraw */
    double delay, every;                /* first draw after, then at most every (s) */
} progress;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

/* One redraw: the line fits the terminal (sim/progress.h), read anew each
 * time so that a resized window is followed; fields are dropped wall time
 * first, then the ETA, then the simulated time. */
static bool progress_draw(vdc_engine *eng, void *ctx)
{
    progress *p = ctx;
    double wall = since(&p->t0);
    if (wall < p->delay || (p->shown && wall - p->last < p->every))
        return true;                    /* short runs draw nothing; 4 redraws/s */
    p->last = wall;
    double f = p->end > 0 ? (double)vdc_engine_now(eng) / (double)p->end : 1;
    if (f > 1) f = 1;
    char simf[64], wallf[32], etaf[32], line[256];
    snprintf(simf, sizeof simf, "sim %.1f/%.1f s", vdc_time_to_s(vdc_engine_now(eng)),
             vdc_time_to_s(p->end));
    snprintf(wallf, sizeof wallf, "wall %.1f s", wall);
    snprintf(etaf, sizeof etaf, "ETA %.0f s", f > 0 ? wall * (1 - f) / f : 0);
    const char *fields[] = { simf, wallf, etaf };
    static const int prio[] = { 3, 1, 2 };
    int len = (int)vdc_progress_format(line, sizeof line, vdc_term_columns(2), f, fields, prio, 3);
    fprintf(stderr, "\r%s%*s", line, p->shown > len ? p->shown - len : 0, "");
    if (len > p->shown)
        p->shown = len;
    return true;
}

/* ---- the run --------------------------------------------------------------- */

static int flat_param(void *ctx, const char *path, const char *value, const double *num)
{
    return vdc_results_param(ctx, path, value, num);
}

/* Everything before the clock starts: engine, world, staging (when stage),
 * the models' init hooks in kind order.  A model refusing the scenario (a
 * VM that fits no host...) is an input error: its message gets the file's
 * name in front, like the loader's, unless the model put it there. */
static int setup(sim_run *run, const vdc_scenario *sc, bool stage, vdc_error *err)
{
    int rc;
    vdc_sim *sim = &run->sim;
    run->sc = sc;
    sim->label = sc->file ? sc->file : "scenario";
    sim->seed = (uint64_t)sc->seed;
    sim->end = vdc_time_from_s(sc->duration_s);
    sim->sample_window_s = sc->sample_window_s;
    sim->wan = sc->wan;
    sim->nwan = sc->nwan;
    if (!(sim->eng = vdc_engine_new()))
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    if ((rc = vdc_world_init(&sim->world, sc->hosts, sc->nhost, sc->vms, sc->nvm, err)))
        return rc;
    for (int i = 0; i < sim->world.nvm; i++)
        vdc_workload_random_phase(&sim->world.vm[i].wl, sim->seed, sim->world.vm[i].name);
    if (stage) {
        if (!(sim->res = vdc_results_new(err)))
            return err ? err->code : VDC_EIO;
        if (vdc_scenario_flatten(sc, flat_param, sim->res))
            return vdc_error_set(err, VDC_EIO, "results staging failed");
    }
    for (int k = 0; k < VDC_KIND_COUNT; k++) {
        const vdc_model_type *t = sc->model[k].type;
        if (!t)
            continue;
        sim->model[k] = t;
        if (!(sim->state[k] = calloc(1, t->state_size ? t->state_size : 1)))
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        if ((rc = t->init(sim->state[k], sc->model[k].params, sim, err))) {
            size_t n = strlen(sim->label);
            if (rc == VDC_EINPUT && err &&
                (strncmp(err->msg, sim->label, n) != 0 || err->msg[n] != ':')) {
                char pre[VDC_ERROR_MAX];
                snprintf(pre, sizeof pre, "%s: ", sim->label);
                vdc_error_prefix(err, pre);
            }
            return rc;
        }
    }
    return 0;
}

static void teardown(sim_run *run)
{
    vdc_sim *sim = &run->sim;
    for (int k = VDC_KIND_COUNT - 1; k >= 0; k--) {
        if (sim->state[k] && sim->model[k] && sim->model[k]->destroy)
            sim->model[k]->destroy(sim->state[k]);
        free(sim->state[k]);
    }
    vdc_net_free(sim->net);
    vdc_results_free(sim->res);
    vdc_world_release(&sim->world);
    vdc_engine_free(sim->eng);
    free(run->mark_cpu_s);
    free(run);
}

int vdc_sim_check(const vdc_scenario *sc, vdc_placement_fn fn, void *ctx, vdc_error *err)
{
    sim_run *run = calloc(1, sizeof *run);
    if (!run)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    vdc_placelog pl = { 0 };
    int rc = setup(run, sc, false, err);
    if (!rc && (rc = vdc_placelog_start(&pl, &run->sim, sc, NULL, fn, ctx)))
        vdc_error_set(err, rc, "out of memory");
    vdc_placelog_release(&pl);
    teardown(run);
    return rc;
}

int vdc_sim_run(const vdc_scenario *sc, const vdc_run_opts *opts, vdc_run_summary *sum,
                vdc_error *err)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char started[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);

    int rc = 0;
    vdc_placelog pl = { 0 };
    sim_run *run = calloc(1, sizeof *run);
    if (!run)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    vdc_sim *sim = &run->sim;
    if ((rc = setup(run, sc, opts && opts->db_path, err)))
        goto out;
    if ((rc = vdc_placelog_start(&pl, sim, sc, sim->res, NULL, NULL))) {
        vdc_error_set(err, rc, "out of memory");
        goto out;
    }
    /* A reboot's checkpoint mark comes first, so a mark at the reboot's
     * own instant sees the CPU time before it. */
    for (int i = 0; i < sc->naction; i++) {
        if (sc->actions[i].type != &vdc_core_reboot_verb)
            continue;
        if (!run->mark_cpu_s && !(run->mark_cpu_s = calloc((size_t)sc->naction, sizeof(double)))) {
            rc = vdc_error_set(err, VDC_ENOMEM, "out of memory");
            goto out;
        }
        const vdc_core_reboot *a = sc->actions[i].args;
        vdc_engine_at(sim->eng, vdc_time_from_s(a->lost_since_s), reboot_mark, run, (uint64_t)i);
    }
    for (int i = 0; i < sc->naction; i++)
        vdc_engine_at(sim->eng, vdc_time_from_s(sc->actions[i].at_s), action_fire, run,
                      (uint64_t)i);
    /* VDC_PROGRESS_NOW=1 (tests) draws at every poll of the engine from the start. */
    const char *now_env = getenv("VDC_PROGRESS_NOW");
    bool now_all = now_env && strcmp(now_env, "1") == 0;
    progress prog = { t0, sim->end, 0, 0, now_all ? 0 : 1.0, now_all ? 0 : 0.25 };
    if (opts && opts->progress)
        vdc_engine_set_progress(sim->eng, progress_draw, &prog);
    rc = vdc_engine_run(sim->eng, sim->end);
    if (prog.shown)
        fprintf(stderr, "\r%*s\r", prog.shown, "");
    if (rc) {
        const vdc_error *e = vdc_engine_error(sim->eng);
        vdc_error_set(err, rc, "%s", e->msg);
        goto out;
    }
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        if (sim->model[k] && sim->model[k]->finish &&
            (rc = sim->model[k]->finish(sim->state[k], sim, err)))
            goto out;
    vdc_results_metric(sim->res, "run", "events", (double)vdc_engine_handled(sim->eng), "count");
    /* what each entity is, for metrics.kind (VMs added at run time included) */
    for (int i = 0; sim->res && i < sim->world.nvm; i++)
        vdc_results_entity_kind(sim->res, sim->world.vm[i].name, "vm");
    for (int h = 0; sim->res && h < sim->world.nhost; h++)
        vdc_results_entity_kind(sim->res, sim->world.host[h].name, "host");
    double wall = since(&t0);
    if (sum) {
        sum->wall_s = wall;
        sum->events = vdc_engine_handled(sim->eng);
        sum->sim_s = vdc_time_to_s(vdc_engine_now(sim->eng));
        sum->run_id = 0;
    }
    if (vdc_engine_interrupted) {
        rc = vdc_error_set(err, VDC_EINTR, "interrupted");
        goto out;
    }
    if (sim->res && opts->sweep && opts->point) {
        static const vdc_column cols[] = { { "sweep", "TEXT" }, { "point", "TEXT" }, { 0 } };
        static const vdc_table sweep_points = { "sweep_points", cols };
        vdc_value v[] = { VDC_TEXT(opts->sweep), VDC_TEXT(opts->point) };
        vdc_results_row(sim->res, &sweep_points, v);
    }
    if (sim->res) {
        char *text = vdc_scenario_text(sc);
        if (!text) {
            rc = vdc_error_set(err, VDC_ENOMEM, "out of memory");
            goto out;
        }
        vdc_run_info info = { .scenario_name = sc->name, .scenario_json = text,
                              .seed = (uint64_t)sc->seed, .started_at = started, .wall_s = wall,
                              .status = "ok", .sync_normal = opts->sync_normal };
        int64_t id = 0;
        rc = vdc_results_commit(sim->res, opts->db_path, &info, &id, err);
        free(text);
        if (rc)
            goto out;
        if (sum)
            sum->run_id = id;
    }
out:
    vdc_placelog_release(&pl);
    teardown(run);
    return rc;
}
