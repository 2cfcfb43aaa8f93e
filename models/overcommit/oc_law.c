/* oc_law.c -- the laws of overcommit (overcommit.h): miss ratios of guest
 * and host swapping, the speed they leave, pages merged by a scan.
 * Known answers (tests/test_overcommit.c): guest miss (768, 512) = 1/3;
 * host miss (256, 1024) = 1/4; speed(1000/s, 1/4, 1 ms) = 0.8; merged(2,
 * 0.5) = 0.25, merged(n, 1) = n - 1.
 */
#include "overcommit.h"

#include <math.h>

double vdc_oc_guest_miss(double ws, double mem)
{
    if (!(ws > 0) || mem >= ws)
        return 0;
    return mem > 0 ? (ws - mem) / ws : 1;
}

double vdc_oc_host_miss(double evicted, double mem)
{
    if (!(evicted > 0) || !(mem > 0))
        return 0;
    return evicted >= mem ? 1 : evicted / mem;
}

double vdc_oc_speed(double touch_per_s, double miss, double fault_s)
{
    double stall = touch_per_s * miss * fault_s;
    return stall > 0 ? 1 / (1 + stall) : 1;
}

double vdc_oc_merged(double n, double x)
{
    if (!(n > 1) || !(x > 0))
        return 0;
    if (x >= 1)
        return n - 1;
    /* expected scanned copies minus the first of them, when any is scanned */
    return n * x - (1 - pow(1 - x, n));
}
