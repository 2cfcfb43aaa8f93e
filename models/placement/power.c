/* power.c -- linear and piecewise-linear host power curves (power.h).
 *
 * Presets, watts at 0%, 10%, ..., 100% of the SPECpower_ssj2008 load
 * (target load levels, "active idle" first):
 *  - hp_ml110_g4: HP ProLiant ML110 G4, 1 x Xeon 3040 (2 cores, 1.86 GHz),
 *    SPEC result power_ssj2008-20110127-00342;
 *  - hp_ml110_g5: HP ProLiant ML110 G5, 1 x Xeon 3075 (2 cores, 2.66 GHz),
 *    SPEC result power_ssj2008-20110124-00339;
 *  - ibm_x3550_m3: IBM System x3550 M3, 2 x Xeon X5675 (12 cores),
 *    SPEC result power_ssj2008-20110406-00368.
 * Values as CloudSim's PowerModelSpecPower* classes carry them (the models
 * of Beloglazov & Buyya, CCPE 2012); the first two are the servers of that
 * paper's experiments.
 */
#include "power.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct preset {
    const char *name;
    int n;
    double w[11];
} preset;

static const preset presets[] = {
    { "hp_ml110_g4", 11, { 86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117 } },
    { "hp_ml110_g5", 11, { 93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135 } },
    { "ibm_x3550_m3", 11, { 58.4, 98, 109, 118, 128, 140, 153, 170, 189, 205, 222 } },
};

const char vdc_power_presets[] = "hp_ml110_g4|hp_ml110_g5|ibm_x3550_m3";

int vdc_power_parse(vdc_power_curve *c, const char *spec, const char *path, vdc_error *err)
{
    memset(c, 0, sizeof *c);
    if (!spec || !*spec)
        return 0;
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
        if (strcmp(spec, presets[i].name) == 0) {
            c->n = presets[i].n;
            memcpy(c->w, presets[i].w, (size_t)c->n * sizeof c->w[0]);
            return 0;
        }
    const char *s = spec;
    while (*s) {
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (end == s || errno || !isfinite(v) || v < 0 || v > 1e6)
            return vdc_error_set(err, VDC_EINPUT,
                                 "%s: expected a preset (%s) or a list of watts >= 0 like "
                                 "\"86,92.6,117\", got \"%s\"", path, vdc_power_presets, spec);
        if (c->n == VDC_POWER_MAX_POINTS)
            return vdc_error_set(err, VDC_EINPUT, "%s: at most %d points, got \"%s\"", path,
                                 VDC_POWER_MAX_POINTS, spec);
        c->w[c->n++] = v;
        while (*end == ' ')
            end++;
        if (*end == ',')
            end++;
        else if (*end)
            return vdc_error_set(err, VDC_EINPUT, "%s: bad separator '%c' in \"%s\"", path, *end,
                                 spec);
        while (*end == ' ')
            end++;
        s = end;
    }
    if (c->n < 2)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: a table needs at least 2 points (0%% and 100%%), got \"%s\"", path,
                             spec);
    return 0;
}

double vdc_power_w(const vdc_power_curve *c, const vdc_host *h, double u)
{
    if (!(u > 0))
        u = 0;
    if (u > 1)
        u = 1;
    if (c->n < 2)
        return h->power_idle_w + (h->power_peak_w - h->power_idle_w) * u;
    double x = u * (double)(c->n - 1);
    int i = (int)x;
    if (i >= c->n - 1)
        return c->w[c->n - 1];
    return c->w[i] + (c->w[i + 1] - c->w[i]) * (x - (double)i);
}
