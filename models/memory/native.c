/* native.c -- memory model "native": bare metal, the reference point.
 *
 * Every VM runs at speed 1 and reports overhead 0; the walk it would make
 * (mmu_cost's native walk for its guest page size) is still evaluated, so
 * this model costs the same as the others and a run under `native` is the
 * baseline of the overhead benchmark (tests/bench/bench_memory.c).
 * cpu_virt is ignored (no VMM).  Known answer: overhead 0 for every preset.
 */
#include "memmodel.h"

static int native_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    return vdc_memmodel_init(state, VDC_MMU_NATIVE, params, sim, err);
}

const vdc_model_type vdc_memory_native = {
    .kind = VDC_KIND_MEMORY,
    .name = "native",
    .help = "bare metal: no virtualization overhead (the reference)",
    .params = vdc_memmodel_params,
    .params_size = sizeof(vdc_mem_params),
    .state_size = sizeof(vdc_memmodel),
    .init = native_init,
    .finish = vdc_memmodel_finish,
    .destroy = vdc_memmodel_destroy,
    .print_presets = vdc_memory_print_presets,
};
