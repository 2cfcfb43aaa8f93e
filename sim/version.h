/* version.h -- the simulator's version, stored with every run (runs.version).
 * Bump it whenever a model's results can change for the same scenario. */
#ifndef VDC_VERSION_H
#define VDC_VERSION_H
#define VDC_VERSION "0.1.0"
#endif
