/* fuzz_scenario.c -- libFuzzer target on the scenario loader (`make fuzz`).
 *
 * Input: the first line is an optional --set assignment (if it contains '='
 * and starts with "#set "), the rest a scenario file.  A valid scenario with
 * a short duration is also run (no database), so the models' init and event
 * code see fuzzed parameters too.  Any crash, leak, hang (> 5 s) or
 * sanitizer report is a bug: the loader must answer every input with 0 or a
 * one-line VDC_EINPUT error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *sets[1];
    size_t nsets = 0;
    char set[256];
    if (size > 5 && memcmp(data, "#set ", 5) == 0) {
        const char *nl = memchr(data, '\n', size);
        size_t l = nl ? (size_t)(nl - text) - 5 : size - 5;
        if (l < sizeof set) {
            memcpy(set, text + 5, l);
            set[l] = 0;
            sets[nsets++] = set;
        }
        size_t skip = nl ? (size_t)(nl - text) + 1 : size;
        text += skip;
        size -= skip;
    }
    vdc_scenario *sc = NULL;
    /* Collect errors as `vdcsim check` does: the loader then goes on past
     * input errors, which the fuzzer must see too (odd bytes of the input
     * choose, so that the first-error path stays covered). */
    static vdc_errlist list;
    list.n = list.full = 0;
    vdc_error err = { .list = size % 2 ? &list : NULL };
    if (vdc_scenario_parse(text, size, "fuzz.json", sets, nsets, &sc, &err) == 0) {
        /* keep runs short: the fuzzer looks for crashes, not long runs */
        if (sc->duration_s <= 5 && sc->nvm <= 64 && sc->nhost <= 64) {
            vdc_run_opts o = { 0 };
            vdc_sim_run(sc, &o, NULL, &err);
        }
        vdc_scenario_free(sc);
    } else if (strchr(err.msg, '\n') || err.code == 0) {
        abort();   /* every error is one line with a code */
    }
    return 0;
}
