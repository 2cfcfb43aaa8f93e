/* auto.c -- memory model "auto": per workload phase, the cheaper of shadow
 * paging and SLAT.
 *
 * The idea of selective / agile paging (Wang et al., VEE 2011; Gandhi et
 * al., ISCA 2016): neither mode always wins, so pick per phase.  Here the
 * choice is made with perfect knowledge of the phase's cost and switching
 * is free (an upper bound on what a real selector gains); ties go to SLAT.
 * mem_overhead's `mode` column says which mode each phase used.
 */
#include "memmodel.h"

static int auto_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    return vdc_memmodel_init(state, VDC_MMU_AUTO, params, sim, err);
}

const vdc_model_type vdc_memory_auto = {
    .kind = VDC_KIND_MEMORY,
    .name = "auto",
    .help = "per phase, the cheaper of spt and slat (selective paging, free switches)",
    .params = vdc_memmodel_params,
    .params_size = sizeof(vdc_mem_params),
    .state_size = sizeof(vdc_memmodel),
    .init = auto_init,
    .finish = vdc_memmodel_finish,
    .destroy = vdc_memmodel_destroy,
    .print_presets = vdc_memory_print_presets,
};
