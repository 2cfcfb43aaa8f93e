/* spt.c -- memory model "spt": shadow page tables.
 *
 * The MMU walks a shadow table in native format (gVA -> hPA), so a TLB miss
 * costs a native walk (of the smaller of guest and host page); but the VMM
 * write-protects guest tables, so every guest PTE write traps, every CR3
 * load switches shadow roots, guest faults pass through the VMM and shadow
 * misses cause hidden faults (Gandhi et al., "Agile paging", ISCA 2016).
 * With cpu_virt "pv" this is Xen's direct paging: guest tables are the real
 * ones, updates are validated hypercalls (batched), no shadow memory.
 * Known answer (tests/test_memory.c): on the p4 profile a PTE write costs
 * 12733 cycles under hw and 391 under bt (Adams & Agesen 2006).
 */
#include "memmodel.h"

static int spt_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    return vdc_memmodel_init(state, VDC_MMU_SPT, params, sim, err);
}

const vdc_model_type vdc_memory_spt = {
    .kind = VDC_KIND_MEMORY,
    .name = "spt",
    .help = "shadow page tables (pv: Xen direct paging): native walks, traps on table updates",
    .params = vdc_memmodel_params,
    .params_size = sizeof(vdc_mem_params),
    .state_size = sizeof(vdc_memmodel),
    .init = spt_init,
    .finish = vdc_memmodel_finish,
    .destroy = vdc_memmodel_destroy,
    .print_presets = vdc_memory_print_presets,
};
