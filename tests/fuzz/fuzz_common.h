/* fuzz_common.h -- what every fuzz target checks after a call: an error is
 * one line with a VDC_E* code (never a crash, leak or hang, which libFuzzer
 * and the sanitizers catch themselves). */
#ifndef VDC_FUZZ_COMMON_H
#define VDC_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "scenario.h"
#include "sim.h"

static inline void fuzz_check_error(int rc, const vdc_error *err)
{
    if (rc && (err->code == 0 || strchr(err->msg, '\n') || !err->msg[0]))
        abort();
}

/* A valid scenario that is small is also run (no database), so fuzzed
 * values reach the models' code. */
static inline void fuzz_run_small(vdc_scenario *sc)
{
    if (sc->duration_s <= 5 && sc->nvm <= 64 && sc->nhost <= 64) {
        vdc_error err = { 0 };
        vdc_run_opts o = { 0 };
        fuzz_check_error(vdc_sim_run(sc, &o, NULL, &err), &err);
    }
}

/* The base scenario of the sweep and --set targets. */
static const char fuzz_base[] =
    "{\"name\": \"fz\", \"duration_s\": 2, \"sample_window_s\": 1,"
    " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 2, \"memory_gib\": 16}],"
    " \"vms\": [{\"name\": \"a\", \"vcpus\": 1, \"memory_gib\": 1},"
    "           {\"name\": \"b\", \"count\": 2, \"vcpus\": 2, \"memory_gib\": 2,"
    "            \"workload\": {\"type\": \"onoff\", \"on_s\": 0.5, \"off_s\": 0.5}}],"
    " \"models\": {\"sched\": {\"name\": \"credit\"}}}";

#endif
