/* fuzz_sweep.c -- libFuzzer target on sweep files (`make fuzz`).
 *
 * Input: a sweep file.  It is parsed into points (sweep_file.c: counting
 * and bounds before expansion, every allocation checked), and the first
 * points are applied to a fixed base scenario as the sweep would; a valid
 * point is run.  The base named in the file is not read (it would be a
 * file of the fuzzer's choosing); fuzz_base stands for it. */
#include <stdint.h>

#include "fuzz_common.h"
#include "sweep_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vdc_sweep sw;
    vdc_error err = { 0 };
    int rc = vdc_sweep_parse((const char *)data, size, "/fuzz/sweep.json", &sw, &err);
    fuzz_check_error(rc, &err);
    if (!rc && (sw.npts < 1 || sw.npts > 100000 || !sw.base || !sw.name))
        abort();                        /* a parsed sweep has 1..limit points */
    for (int i = 0; !rc && i < sw.npts && i < 3; i++) {
        size_t n;
        const char **sets = vdc_sweep_point_sets(&sw, i, &n);
        if (!sets)
            break;
        vdc_scenario *sc = NULL;
        vdc_error e2 = { 0 };
        int r = vdc_scenario_parse(fuzz_base, sizeof fuzz_base - 1, "base.json", sets, n, &sc, &e2);
        fuzz_check_error(r, &e2);
        if (!r && i == 0)
            fuzz_run_small(sc);
        vdc_scenario_free(sc);
        free(sets);
    }
    vdc_sweep_free(&sw);
    return 0;
}
