/* slat.c -- memory model "slat": second-level address translation (Intel
 * EPT, AMD NPT/RVI).
 *
 * The guest owns its page tables: no exits on PTE writes, CR3 loads or guest
 * faults; instead each TLB miss is a two-dimensional walk of up to
 * (n+1)(m+1)-1 references (24 for 4-on-4), shortened by walk caches and a
 * nested TLB; host large pages shorten the nested dimension (Bhargava et
 * al., ASPLOS 2008).  Known answers (tests/test_memory.c): the reference
 * counts, and 2D/native walk latency 4.2 on the barcelona profile.
 */
#include "memmodel.h"

static int slat_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    return vdc_memmodel_init(state, VDC_MMU_SLAT, params, sim, err);
}

const vdc_model_type vdc_memory_slat = {
    .kind = VDC_KIND_MEMORY,
    .name = "slat",
    .help = "nested paging (EPT/NPT): 2D page walks, no page-table exits",
    .params = vdc_memmodel_params,
    .params_size = sizeof(vdc_mem_params),
    .state_size = sizeof(vdc_memmodel),
    .init = slat_init,
    .finish = vdc_memmodel_finish,
    .destroy = vdc_memmodel_destroy,
    .print_presets = vdc_memory_print_presets,
};
