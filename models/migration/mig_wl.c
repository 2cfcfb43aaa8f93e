/* mig_wl.c -- migration workload presets (mig_wl.h).
 *
 * What a preset rests on (tags as in docs/references.md):
 *  - web: Clark et al., NSDI 2005, SPECweb99 in an 800 MB VM: about 960 MB
 *    sent in about 71 s, last round about 18 MB (docs/references.md §3.5)
 *    [derived, approx]: ~160 MB sent again over ~70 s is ~2.3 MB/s of
 *    unique re-dirtied memory, ~560 pages/s; the last round bounds the hot
 *    writable working set at ~18 MB.  Law hotcold (90 % of writes to 10 %
 *    of the WWS) [assumption: the paper gives no page law].
 *  - hotloop: QEMU commit 27af7d6e (2014, "xbzrle: optimize XBZRLE to
 *    decrease the cache misses"): its test program rewrites one byte per
 *    page of a 16 MiB buffer in a loop; QEMU's query-migrate reported
 *    dirty-pages-rate 29,130 pages/s [code: commit message].  Uniform.
 *  - stress: QEMU's guestperf stress guest XORs every word of its RAM
 *    (docs/references.md §3.1): WWS = all memory [code]; its rate depends
 *    on the machine: 262,144 pages/s (1 GiB/s of new pages) [assumption].
 *  - idle: "an idle VM dirties almost nothing" (Clark et al. 2005,
 *    docs/references.md §3.6); 10 pages/s over 64 MiB (timer, logs,
 *    daemons) is an order of magnitude [assumption].
 *  - database, memcached: no published per-page dirty rate was found for
 *    these; the values are orders of magnitude [assumption], said so in
 *    `vdcsim models migration`: an OLTP buffer pool updating 5,000 pages/s
 *    over 25 % of a 4 GiB VM (1 GiB), Zipf; a key-value cache 2,000 pages/s
 *    over 2 GiB, Zipf (popular keys).  Use a measured curve (dirty_curve)
 *    or QEMU's calc-dirty-rate on the real guest where it matters.
 * Limits: a preset is one rate and one set: no phases, no growth over time.
 */
#include "mig_wl.h"

#include <math.h>

#include "law.h"
#include "mig_core.h"
#include "units.h"

static const vdc_migwl presets[] = {
    { "idle", 10, 64, VDC_LAW_UNIFORM,
      "order of magnitude [assumption]; Clark et al. 2005: an idle VM dirties almost "
      "nothing (docs/references.md 3.6)" },
    { "web", 560, 18, VDC_LAW_HOTCOLD,
      "Clark et al. NSDI 2005, SPECweb99: 960 MB sent for 800 MB in 71 s, last round "
      "18 MB [derived, approx] (docs/references.md 3.5)" },
    { "database", 5000, 1024, VDC_LAW_ZIPF,
      "OLTP buffer pool, order of magnitude [assumption: no published page rate found]" },
    { "memcached", 2000, 2048, VDC_LAW_ZIPF,
      "key-value cache, order of magnitude [assumption: no published page rate found]" },
    { "hotloop", 29130, 16, VDC_LAW_UNIFORM,
      "QEMU commit 27af7d6e (2014): 16 MiB buffer rewritten in a loop, "
      "dirty-pages-rate 29130 [code]" },
    { "stress", 262144, 0, VDC_LAW_UNIFORM,
      "QEMU guestperf stress: every word of RAM [code]; rate 1 GiB/s [assumption]" },
};
#define NPRESET ((int)(sizeof presets / sizeof presets[0]))

const vdc_migwl *vdc_migwl_get(int i)
{
    return i >= 1 && i <= NPRESET ? &presets[i - 1] : NULL;
}

void vdc_migwl_apply(vdc_mig_vm *v, double memory_gib)
{
    const vdc_migwl *w = vdc_migwl_get(v->workload);
    if (v->dirty_rate_pages_s < 0)
        v->dirty_rate_pages_s = w ? w->dirty_rate_pages_s : 0;
    if (v->law == VDC_MIGWL_LAW_FROM_WORKLOAD)
        v->law = w ? w->law : VDC_LAW_UNIFORM;
    if (v->wws_fraction < 0) {
        double mib = memory_gib * 1024;
        v->wws_fraction = w && w->wws_mib > 0 && mib > w->wws_mib ? w->wws_mib / mib : 1;
    }
}

void vdc_migwl_print(FILE *f)
{
    static const char *law[] = { "uniform", "hotcold", "zipf" };
    fprintf(f, "  migration workload presets (vms[i].migration.workload; they fill "
               "dirty_rate_pages_s, wws_fraction and law where the block leaves -1 / "
               "\"workload\"):\n");
    fprintf(f, "    %-10s %12s %10s %-8s %s\n", "workload", "pages/s", "WWS MiB", "law",
            "source");
    for (int i = 0; i < NPRESET; i++) {
        const vdc_migwl *w = &presets[i];
        char wws[16];
        if (w->wws_mib > 0)
            snprintf(wws, sizeof wws, "%g", w->wws_mib);
        else
            snprintf(wws, sizeof wws, "all");
        fprintf(f, "    %-10s %12g %10s %-8s %s\n", w->name, w->dirty_rate_pages_s, wws,
                law[w->law], w->source);
    }
}
