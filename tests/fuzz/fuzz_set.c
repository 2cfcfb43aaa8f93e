/* fuzz_set.c -- libFuzzer target on --set expressions (`make fuzz`).
 *
 * Input: up to 8 lines, each one "path=value" assignment, applied to a
 * fixed valid scenario (fuzz_common.h) as `vdcsim run --set` does; a valid
 * result is run.  Finds: path parsing, JSON values (duplicate keys, deep
 * nesting), array appends, type confusions in the loader. */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    const char *sets[8];
    size_t n = 0;
    for (char *line = text, *nl; line && n < 8; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = 0;
        if (*line)
            sets[n++] = line;
    }
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    int rc = vdc_scenario_parse(fuzz_base, sizeof fuzz_base - 1, "base.json", sets, n, &sc, &err);
    fuzz_check_error(rc, &err);
    if (!rc)
        fuzz_run_small(sc);
    vdc_scenario_free(sc);
    free(text);
    return 0;
}
