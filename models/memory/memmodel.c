/* memmodel.c -- the shared body of the memory models: parameters, per-VM
 * blocks and phases, speed factors, phase events and results.
 *
 * A "group" is one vms[] entry of the scenario: its `count` VMs share block,
 * phases and so their costs, which are computed once per group and phase
 * (10,000 identical VMs cost one evaluation).  Phase semantics, for each
 * phase {at_s, ...}: naming a preset starts again from that preset (VM-level
 * behaviour overrides dropped); without one it starts from the VM's
 * resolved behaviour; then the phase's own overrides apply.  Page sizes and
 * levels are inherited unless the phase sets them.
 *
 * Limits: the loader fills the phases (a VDC_PARAM_OBJLIST, so `vdcsim
 * check` reports a bad key or value); their time order and preset names are
 * checked at init.
 */
#include "memmodel.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"

/* ---- parameter tables ----------------------------------------------------- */

#define HW_PARAM_(n, u, h) \
    { .name = #n, .type = VDC_PARAM_NUM, .offset = offsetof(vdc_mem_params, hw_over.n), \
      .def = -1, .min = -1, .max = 1e9, .unit = u, .help = h " (-1: the profile's)" },

const vdc_param vdc_memmodel_params[] = {
    { .name = "cpu_virt", .type = VDC_PARAM_ENUM, .offset = offsetof(vdc_mem_params, cpu_virt),
      .def = 0, .choices = "hw|bt|pv",
      .help = "CPU virtualization: hw trap-and-emulate (VT-x/AMD-V), bt binary translation, "
              "pv paravirtualization" },
    { .name = "hw", .type = VDC_PARAM_STR, .offset = offsetof(vdc_mem_params, hw),
      .def_str = "modern",
      .help = "hardware profile: p4, xeon2003, core2, barcelona, nehalem, modern" },
    { .name = "guest_page", .type = VDC_PARAM_ENUM, .offset = offsetof(vdc_mem_params, guest_page),
      .def = 0, .choices = "4k|2m|1g", .help = "guest page size (VMs may override)" },
    { .name = "host_page", .type = VDC_PARAM_ENUM, .offset = offsetof(vdc_mem_params, host_page),
      .def = 0, .choices = "4k|2m|1g", .help = "host (nested / backing) page size" },
    { .name = "paging_levels", .type = VDC_PARAM_INT,
      .offset = offsetof(vdc_mem_params, paging_levels), .def = 4, .min = 4, .max = 5,
      .unit = "levels", .help = "page-table levels of guest and nested tables (5: LA57)" },
    /* Apart, since the hypervisor picks the nested depth from the host CPU
     * (Linux arch/x86/kvm/mmu/mmu.c, kvm_mmu_get_tdp_level: 5-level EPT
     * only when the host has LA57), while the guest picks its own. */
    { .name = "guest_paging_levels", .type = VDC_PARAM_ENUM,
      .offset = offsetof(vdc_mem_params, guest_levels), .def = 0, .choices = "inherit|4|5",
      .help = "levels of the guest's own tables (inherit: paging_levels)" },
    { .name = "host_paging_levels", .type = VDC_PARAM_ENUM,
      .offset = offsetof(vdc_mem_params, host_levels), .def = 0, .choices = "inherit|4|5",
      .help = "levels of the nested (EPT/NPT) table (inherit: paging_levels)" },
    VDC_HW_FIELDS(HW_PARAM_)
    { 0 }
};

#define WL_PARAM_(n, u, lo, hi, h) \
    { .name = #n, .type = VDC_PARAM_NUM, .offset = offsetof(vdc_mem_vm, over.n), \
      .def = -1, .min = -1, .max = hi, .unit = u, .help = h " (-1: the preset's)" },
#define VM_COMMON_(preset_def, preset_help) \
    { .name = "preset", .type = VDC_PARAM_STR, .offset = offsetof(vdc_mem_vm, preset), \
      .def_str = preset_def, .flags = VDC_PARAM_NULLABLE, .help = preset_help }, \
    { .name = "guest_page", .type = VDC_PARAM_ENUM, .offset = offsetof(vdc_mem_vm, guest_page), \
      .def = 0, .choices = "inherit|4k|2m|1g", .help = "guest page size" }, \
    { .name = "host_page", .type = VDC_PARAM_ENUM, .offset = offsetof(vdc_mem_vm, host_page), \
      .def = 0, .choices = "inherit|4k|2m|1g", .help = "host page size backing this VM" }, \
    { .name = "paging_levels", .type = VDC_PARAM_ENUM, \
      .offset = offsetof(vdc_mem_vm, paging_levels), .def = 0, .choices = "inherit|4|5", \
      .help = "page-table levels of guest and nested tables" }, \
    { .name = "guest_paging_levels", .type = VDC_PARAM_ENUM, \
      .offset = offsetof(vdc_mem_vm, guest_levels), .def = 0, .choices = "inherit|4|5", \
      .help = "levels of the guest's own tables only (the nested table keeps its own)" }, \
    VDC_WL_FIELDS(WL_PARAM_)

static const vdc_param phase_params[] = {
    { .name = "at_s", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_mem_vm, at_s), .min = 0,
      .max = 1e9, .unit = "s", .help = "time the phase starts", .flags = VDC_PARAM_REQUIRED },
    VM_COMMON_(NULL, "preset to start this phase from (default: the VM's behaviour)")
    { 0 }
};

static const vdc_param vm_params[] = {
    VM_COMMON_("specint",
               "workload preset: specint, miscserver, webserver, kernel_compile, forkwait")
    { .name = "phases", .type = VDC_PARAM_OBJLIST, .offset = offsetof(vdc_mem_vm, phases),
      .sub = phase_params, .sub_size = sizeof(vdc_mem_vm),
      .help = "list of {at_s, preset?, overrides...} changing the behaviour over time" },
    { 0 }
};


const vdc_vm_block vdc_memory_vm_block = { .params = vm_params, .params_size = sizeof(vdc_mem_vm) };

/* ---- results table -------------------------------------------------------- */

static const vdc_column mem_cols[] = {
    { "vm", "TEXT" }, { "mode", "TEXT" }, { "cpu_virt", "TEXT" }, { "overhead", "REAL" },
    { "walk", "REAL" }, { "pt_trap", "REAL" }, { "cr3_exit", "REAL" }, { "page_fault", "REAL" },
    { "sensitive", "REAL" }, { "translation", "REAL" }, { "phase", "INTEGER" },
    { "at_s", "REAL" }, { "preset", "TEXT" }, { "hw", "TEXT" }, { "shadow_mib", "REAL" },
    { "table_mib", "REAL" }, { 0 }
};
static const vdc_table mem_table = { "mem_overhead", mem_cols };

/* ---- resolving behaviour ---------------------------------------------------- */

double vdc_memmodel_speed(double overhead)
{
    return 1.0 / (1.0 + (overhead > 0 ? overhead : 0));
}

static const char *file_of(const vdc_sim *sim)
{
    return sim->label ? sim->label : "scenario";
}

/* Check the overrides that are set against the fields' true lower bounds. */
static int check_over(const vdc_wl *o, const vdc_sim *sim, const char *path, vdc_error *err)
{
#define WL_CHECK_(n, u, lo, hi, h) \
    if (o->n >= 0 && o->n < (lo)) \
        return vdc_error_set(err, VDC_EINPUT, "%s: %s." #n ": must be >= %g (or -1), got %g", \
                             file_of(sim), path, (double)(lo), o->n);
    VDC_WL_FIELDS(WL_CHECK_)
#undef WL_CHECK_
    return 0;
}

static int find_preset(const char *name, const vdc_sim *sim, const char *path,
                       const vdc_wlpreset **out, vdc_error *err)
{
    *out = vdc_wlpreset_find(name);
    if (*out)
        return 0;
    char names[256];
    vdc_wlpreset_names(names, sizeof names);
    return vdc_error_set(err, VDC_EINPUT, "%s: %s.preset: no preset \"%s\" (valid: %s)",
                         file_of(sim), path, name, names);
}

static void apply_over(vdc_wl *wl, const vdc_wl *o)
{
#define WL_APPLY_(n, u, lo, hi, h) if (o->n >= 0) wl->n = o->n;
    VDC_WL_FIELDS(WL_APPLY_)
#undef WL_APPLY_
}

static void apply_pages(vdc_mmu_config *cfg, const vdc_mem_vm *b)
{
    if (b->guest_page > 0) cfg->guest_page = (vdc_page)(b->guest_page - 1);
    if (b->host_page > 0) cfg->host_page = (vdc_page)(b->host_page - 1);
    if (b->paging_levels > 0) cfg->levels = cfg->host_levels = 3 + b->paging_levels;
    if (b->guest_levels > 0) cfg->levels = 3 + b->guest_levels;
}

/* Phase 0 of a group from its VM block. */
static int resolve_base(vdc_memmodel *m, const vdc_mem_vm *b, const vdc_sim *sim,
                        const char *path, vdc_mem_phase *ph, vdc_error *err)
{
    const vdc_wlpreset *pr;
    int rc = find_preset(b->preset ? b->preset : "specint", sim, path, &pr, err);
    if (rc || (rc = check_over(&b->over, sim, path, err)))
        return rc;
    ph->at = 0;
    ph->preset = pr->name;
    vdc_wl_for_profile(&ph->wl, pr, &m->hw);
    apply_over(&ph->wl, &b->over);
    ph->cfg = (vdc_mmu_config){ .mode = m->mode, .cpuv = (vdc_cpuv)m->p->cpu_virt,
                                .levels = m->p->guest_levels > 0 ? 3 + m->p->guest_levels
                                                                 : (int)m->p->paging_levels,
                                .host_levels = m->p->host_levels > 0 ? 3 + m->p->host_levels
                                                                     : (int)m->p->paging_levels,
                                .guest_page = (vdc_page)m->p->guest_page,
                                .host_page = (vdc_page)m->p->host_page };
    apply_pages(&ph->cfg, b);
    return 0;
}

static int resolve_phase(vdc_memmodel *m, const vdc_mem_phase *prev, const vdc_mem_vm *b,
                         const vdc_sim *sim, const char *path, vdc_mem_phase *ph,
                         vdc_error *err)
{
    int rc = check_over(&b->over, sim, path, err);
    if (rc)
        return rc;
    *ph = *prev;
    ph->at = vdc_time_from_s(b->at_s);
    if (b->preset) {
        const vdc_wlpreset *pr;
        if ((rc = find_preset(b->preset, sim, path, &pr, err)))
            return rc;
        ph->preset = pr->name;
        vdc_wl_for_profile(&ph->wl, pr, &m->hw);
    }
    apply_over(&ph->wl, &b->over);
    apply_pages(&ph->cfg, b);
    return 0;
}

/* ---- groups ------------------------------------------------------------------ */

static vdc_mem_group *new_group(vdc_memmodel *m, int first_vm, int nvm, int nphase)
{
    if (vdc_array_grow((void **)&m->group, &m->cap_group, m->ngroup + 1, sizeof *m->group))
        return NULL;
    vdc_mem_group *g = &m->group[m->ngroup];
    *g = (vdc_mem_group){ .first_vm = first_vm, .nvm = nvm, .nphase = nphase };
    g->phase = calloc((size_t)nphase, sizeof *g->phase);
    if (!g->phase)
        return NULL;
    m->ngroup++;
    return g;
}

/* Resolve a VM block's phases (filled by the loader) into g->phase[1..]. */
static int parse_phases(vdc_memmodel *m, vdc_mem_group *g, const vdc_objlist *phases,
                        const vdc_sim *sim, const char *path, vdc_error *err)
{
    const vdc_mem_vm *ph = phases->v;
    for (size_t i = 0; i < phases->n; i++) {
        char sub[128];
        snprintf(sub, sizeof sub, "%s.phases[%zu]", path, i);
        const vdc_mem_vm *b = &ph[i];
        if (i > 0 && vdc_time_from_s(b->at_s) < g->phase[i].at)
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.at_s: phases must be in time order, "
                                 "got %g after %g", file_of(sim), sub, b->at_s,
                                 vdc_time_to_s(g->phase[i].at));
        int rc = resolve_phase(m, &g->phase[i], b, sim, sub, &g->phase[i + 1], err);
        if (rc)
            return rc;
    }
    return 0;
}

static void eval_group(vdc_memmodel *m, vdc_mem_group *g, const vdc_sim *sim)
{
    double mem = g->nvm > 0 ? sim->world.vm[g->first_vm].memory_gib : 0;
    for (int i = 0; i < g->nphase; i++)
        vdc_mmu_overhead(&m->hw, &g->phase[i].cfg, &g->phase[i].wl, mem, &g->phase[i].parts);
}

static void set_group_speed(vdc_memmodel *m, vdc_mem_group *g, vdc_sim *sim)
{
    double s = vdc_memmodel_speed(g->phase[g->cur].parts.overhead);
    (void)m;
    for (int v = g->first_vm; v < g->first_vm + g->nvm; v++)
        vdc_world_set_speed(&sim->world, sim, v, VDC_SPEED_MEMORY, s);
}

static void on_phase(vdc_engine *eng, void *ctx, uint64_t arg)
{
    (void)eng;
    vdc_sim *sim = ctx;
    vdc_memmodel *m = sim->state[VDC_KIND_MEMORY];
    int gi = (int)(arg >> 16), pi = (int)(arg & 0xffff);
    if (!m || gi >= m->ngroup)
        return;
    /* phases are in time order (checked at init), so they come in order */
    assert(pi > m->group[gi].cur && pi < m->group[gi].nphase);
    m->group[gi].cur = pi;
    set_group_speed(m, &m->group[gi], sim);
}

/* A VM added at run time: a group of its own, from its block, no phases. */
static void on_world(void *ctx, vdc_sim *sim, const vdc_obs_event *ev)
{
    vdc_memmodel *m = ctx;
    int vm = ev->vm;
    if (ev->what != VDC_OBS_ADD || vm < m->nvm)
        return;
    int *vg = realloc(m->vm_group, (size_t)(vm + 1) * sizeof *vg);
    if (!vg) {
        vdc_engine_fail(sim->eng, VDC_ENOMEM, "memory model: out of memory");
        return;
    }
    m->vm_group = vg;
    for (int v = m->nvm; v <= vm; v++)
        vg[v] = -1;
    m->nvm = vm + 1;
    const vdc_mem_vm *b = sim->world.vm[vm].kind_params[VDC_KIND_MEMORY];
    vdc_mem_group *g = new_group(m, vm, 1, 1);
    vdc_error err = { 0 };
    char path[64];
    snprintf(path, sizeof path, "vm %s memory", sim->world.vm[vm].name);
    if (!g || resolve_base(m, b ? b : &m->defaults, sim, path, &g->phase[0], &err)) {
        vdc_engine_fail(sim->eng, err.code ? err.code : VDC_ENOMEM, "%s",
                        err.code ? err.msg : "memory model: out of memory");
        return;
    }
    g->phase[0].at = vdc_engine_now(sim->eng);
    vg[vm] = m->ngroup - 1;
    eval_group(m, g, sim);
    set_group_speed(m, g, sim);
}

/* ---- hooks ------------------------------------------------------------------- */

int vdc_memmodel_init(vdc_memmodel *m, vdc_mmu_mode mode, const vdc_mem_params *p,
                      vdc_sim *sim, vdc_error *err)
{
    m->mode = mode;
    m->p = p;
    const vdc_hwprofile *base = vdc_hwprofile_find(p->hw);
    if (!base) {
        char names[256];
        vdc_hwprofile_names(names, sizeof names);
        return vdc_error_set(err, VDC_EINPUT, "%s: models.memory.hw: no profile \"%s\" (valid: %s)",
                             file_of(sim), p->hw ? p->hw : "", names);
    }
    vdc_hwprofile_apply(&m->hw, base, &p->hw_over);
    if (m->hw.clock_ghz <= 0 || m->hw.speed_vs_p4 <= 0)
        return vdc_error_set(err, VDC_EINPUT, "%s: models.memory.%s: must be > 0, got %g",
                             file_of(sim), m->hw.clock_ghz <= 0 ? "clock_ghz" : "speed_vs_p4",
                             m->hw.clock_ghz <= 0 ? m->hw.clock_ghz : m->hw.speed_vs_p4);
    /* Hit rates and shares are fractions. */
#define HW_FRACTION_(n, u, h) \
    if (strcmp(u, "fraction") == 0 && m->hw.n > 1) \
        return vdc_error_set(err, VDC_EINPUT, "%s: models.memory." #n ": must be <= 1, got %g", \
                             file_of(sim), m->hw.n);
    VDC_HW_FIELDS(HW_FRACTION_)
#undef HW_FRACTION_
    /* A count of walkers: whole, and small (each one is a term of the
     * Erlang sum evaluated per phase). */
    if (m->hw.walkers != (int)m->hw.walkers || m->hw.walkers > 64)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: models.memory.walkers: must be a whole number 0..64, got %g",
                             file_of(sim), m->hw.walkers);
    int rc = vdc_param_fill(vm_params, NULL, &m->defaults, file_of(sim), "vms[].memory", NULL, err);
    if (rc)
        return rc;
    int nvm = sim->world.nvm;
    m->nvm = nvm;
    m->vm_group = malloc((size_t)(nvm > 0 ? nvm : 1) * sizeof *m->vm_group);
    if (!m->vm_group)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    for (int v = 0; v < nvm; v++)
        m->vm_group[v] = -1;

    /* One group per vms[] entry: its `count` VMs (consecutive, same entry)
     * share block and phases.  A VM of no entry is a group of its own. */
    for (int at = 0, count; at < nvm; at += count) {
        int j = sim->world.vm[at].entry;
        for (count = 1; j >= 0 && at + count < nvm && sim->world.vm[at + count].entry == j;)
            count++;
        const vdc_mem_vm *b = sim->world.vm[at].kind_params[VDC_KIND_MEMORY];
        if (!b)
            b = &m->defaults;
        char path[64];
        if (j >= 0)
            snprintf(path, sizeof path, "vms[%d].memory", j);
        else
            snprintf(path, sizeof path, "vms[].memory");
        if (b->phases.n + 1 > 0xffff)
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.phases: at most 65534 phases",
                                 file_of(sim), path);
        vdc_mem_group *g = new_group(m, at, count, 1 + (int)b->phases.n);
        if (!g)
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        if ((rc = resolve_base(m, b, sim, path, &g->phase[0], err)) ||
            (rc = parse_phases(m, g, &b->phases, sim, path, err)))
            return rc;
        for (int v = at; v < at + count; v++)
            m->vm_group[v] = m->ngroup - 1;
    }
    for (int gi = 0; gi < m->ngroup; gi++) {
        vdc_mem_group *g = &m->group[gi];
        eval_group(m, g, sim);
        /* Phases at t = 0 are in force from the start. */
        while (g->cur + 1 < g->nphase && g->phase[g->cur + 1].at <= 0)
            g->cur++;
        set_group_speed(m, g, sim);
        for (int pi = g->cur + 1; pi < g->nphase; pi++)
            if (g->phase[pi].at < sim->end)
                vdc_engine_at(sim->eng, g->phase[pi].at, on_phase, sim,
                              ((uint64_t)gi << 16) | (uint64_t)pi);
    }
    if (vdc_world_observe(&sim->world, on_world, m) < 0)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    return 0;
}

/* Time in [from, to) clipped to [0, end], in seconds. */
static double span(vdc_time from, vdc_time to, vdc_time end)
{
    if (to > end) to = end;
    if (from < 0) from = 0;
    return to > from ? vdc_time_to_s(to - from) : 0;
}

static void parts_vec(const vdc_mmu_parts *p, double v[9])
{
    v[0] = p->overhead; v[1] = p->walk; v[2] = p->pt_trap; v[3] = p->cr3_exit;
    v[4] = p->page_fault; v[5] = p->sensitive; v[6] = p->translation;
    v[7] = p->shadow_mib; v[8] = p->table_mib;
}

int vdc_memmodel_finish(void *state, vdc_sim *sim, vdc_error *err)
{
    vdc_memmodel *m = state;
    const char *mode = vdc_mmu_mode_name(m->mode);
    const char *cpuv = m->mode == VDC_MMU_NATIVE ? "none" : vdc_cpuv_name((vdc_cpuv)m->p->cpu_virt);
    for (int gi = 0; gi < m->ngroup; gi++) {
        vdc_mem_group *g = &m->group[gi];
        /* Time-weighted mean of each part over the group's phases. */
        double mean[9] = { 0 }, total = 0;
        for (int pi = 0; pi < g->nphase; pi++) {
            vdc_time to = pi + 1 < g->nphase ? g->phase[pi + 1].at : sim->end;
            double w = span(g->phase[pi].at, to, sim->end);
            double v[9];
            parts_vec(&g->phase[pi].parts, v);
            for (int k = 0; k < 9; k++)
                mean[k] += w * v[k];
            total += w;
        }
        if (total > 0)
            for (int k = 0; k < 9; k++)
                mean[k] /= total;
        else                            /* a run of length 0: phase 0 */
            parts_vec(&g->phase[0].parts, mean);
        static const char *const names[9] = { "overhead", "walk", "pt_trap", "cr3_exit",
                                              "page_fault", "sensitive_ops", "translation",
                                              "shadow_mib", "table_mib" };
        static const char *const units[9] = { "fraction", "fraction", "fraction", "fraction",
                                              "fraction", "fraction", "fraction", "MiB", "MiB" };
        for (int v = g->first_vm; v < g->first_vm + g->nvm; v++) {
            const char *vm = sim->world.vm[v].name;
            for (int k = 0; k < 9; k++)
                if (vdc_results_metric(sim->res, vm, names[k], mean[k], units[k]))
                    return vdc_error_set(err, VDC_EIO, "memory model: staging metrics failed");
            for (int pi = 0; pi < g->nphase; pi++) {
                const vdc_mem_phase *ph = &g->phase[pi];
                const vdc_mmu_parts *p = &ph->parts;
                vdc_value row[] = {
                    VDC_TEXT(vm), VDC_TEXT(m->mode == VDC_MMU_AUTO
                                               ? vdc_mmu_mode_name(p->used) : mode),
                    VDC_TEXT(cpuv), VDC_REAL(p->overhead), VDC_REAL(p->walk),
                    VDC_REAL(p->pt_trap), VDC_REAL(p->cr3_exit), VDC_REAL(p->page_fault),
                    VDC_REAL(p->sensitive), VDC_REAL(p->translation), VDC_INT(pi),
                    VDC_REAL(vdc_time_to_s(ph->at)), VDC_TEXT(ph->preset), VDC_TEXT(m->hw.name),
                    VDC_REAL(p->shadow_mib), VDC_REAL(p->table_mib),
                };
                if (vdc_results_row(sim->res, &mem_table, row))
                    return vdc_error_set(err, VDC_EIO, "memory model: staging mem_overhead failed");
            }
        }
    }
    return 0;
}

void vdc_memmodel_destroy(void *state)
{
    vdc_memmodel *m = state;
    for (int gi = 0; gi < m->ngroup; gi++)
        free(m->group[gi].phase);
    free(m->group);
    free(m->vm_group);
    m->group = NULL;
    m->vm_group = NULL;
    m->ngroup = m->cap_group = 0;
}
