/* mem_presets.c -- `vdcsim models memory`: the hardware profiles and the
 * workload presets with every value, so that "-1: the profile's" can be
 * read, and the sources each rests on (hwprofile.c, wlpreset.c). */
#include <stdio.h>

#include "../hw/hwprofile.h"
#include "memmodel.h"
#include "wlpreset.h"

void vdc_memory_print_presets(FILE *f)
{
    const vdc_hwprofile *const *hw = vdc_hwprofile_list();
    fprintf(f, "  hardware profiles (models.memory.hw; a parameter left at -1 takes the"
               " profile's value):\n    %-20s %-9s", "field", "unit");
    for (const vdc_hwprofile *const *p = hw; *p; p++)
        fprintf(f, " %10s", (*p)->name);
    fputc('\n', f);
#define ROW_(n, u, h)                                              \
    fprintf(f, "    %-20s %-9s", #n, u);                           \
    for (const vdc_hwprofile *const *p = hw; *p; p++)              \
        fprintf(f, " %10.4g", (*p)->n);                            \
    fputc('\n', f);
    VDC_HW_FIELDS(ROW_)
#undef ROW_
    fprintf(f, "    sources (docs/references.md section 2; models/hw/hwprofile.c):\n");
    for (const vdc_hwprofile *const *p = hw; *p; p++)
        fprintf(f, "      %-10s %s\n", (*p)->name, (*p)->basis ? (*p)->basis : "");

    const vdc_wlpreset *const *wl = vdc_wlpreset_list();
    fprintf(f, "\n  workload presets (vms[i].memory.preset; rates on the profile named as"
               " reference, rescaled to others):\n    %-20s %-12s", "field", "unit");
    for (const vdc_wlpreset *const *p = wl; *p; p++)
        fprintf(f, " %12.12s", (*p)->name);
    fputc('\n', f);
#define ROW_(n, u, lo, hi, h)                                      \
    fprintf(f, "    %-20s %-12s", #n, u);                          \
    for (const vdc_wlpreset *const *p = wl; *p; p++)               \
        fprintf(f, " %12.4g", (*p)->wl.n);                         \
    fputc('\n', f);
    VDC_WL_FIELDS(ROW_)
#undef ROW_
    fprintf(f, "    reference profile and sources (models/memory/wlpreset.c):\n");
    for (const vdc_wlpreset *const *p = wl; *p; p++)
        fprintf(f, "      %-14s on %-9s %s\n", (*p)->name, (*p)->ref ? (*p)->ref : "-",
                (*p)->basis ? (*p)->basis : "");
}
