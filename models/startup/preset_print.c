/* preset_print.c -- `vdcsim models startup`: every start-up profile with
 * its main values and its source (presets.c has the rest, commented). */
#include <stdio.h>

#include "presets.h"

void vdc_startup_print_presets(FILE *f)
{
    fprintf(f, "  start-up profiles (\"preset\" of the start verbs; each value can be"
               " overridden by the verb's parameter of the same name):\n");
    fprintf(f, "    %-22s %-9s %9s %8s %8s %8s %8s %8s %9s %9s %8s\n", "preset", "kind",
            "toolstack", "firmware", "bootmenu", "kernel", "init", "ns", "image", "memory",
            "cpu_frac");
    fprintf(f, "    %-22s %-9s %9s %8s %8s %8s %8s %8s %9s %9s %8s\n", "", "", "ms", "ms", "ms", "ms",
            "ms", "ms", "MiB", "MiB", "");
    for (int i = 0; i < vdc_startup_npresets; i++) {
        const vdc_startup_preset *p = &vdc_startup_presets[i];
        fprintf(f, "    %-22s %-9s %9.4g %8.4g %8.4g %8.4g %8.4g %8.4g %9.4g %9.4g %8.4g\n",
                p->name, vdc_startup_kind_name(p->kind), p->toolstack_ms, p->firmware_ms,
                p->bootloader_ms, p->kernel_ms, p->init_ms, p->namespace_ms, p->image_mib,
                p->memory_mib, p->cpu_frac);
    }
    fprintf(f, "    sources (docs/references.md section 4; models/startup/presets.c):\n");
    for (int i = 0; i < vdc_startup_npresets; i++)
        fprintf(f, "      %-22s %s\n", vdc_startup_presets[i].name,
                vdc_startup_presets[i].source ? vdc_startup_presets[i].source : "");
}
