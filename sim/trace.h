/* trace.h -- recorded utilisation samples and the files they come from.
 *
 * A trace is n samples, one per interval of the workload that replays it
 * (workload.h, type `trace`), or -- for traces whose records have their
 * own durations, as Bitbrains fragments do -- with explicit cumulative end
 * times.  Samples are stored as float (4 bytes: a PlanetLab day of ~1,000
 * VMs x 288 samples is 1.2 MB) in the unit of the file; the workload
 * converts them.  Three sources:
 *   - one file: one number a line, or one column of a CSV (by header name
 *     or 1-based index), an optional header line, '#' comments;
 *   - a folder: one trace per regular file, files sorted by name (strcmp).
 *     CloudSim 3.0.3 takes File.listFiles() order, which depends on the
 *     file system, so its VM i differs between copies of the same folder;
 *   - the Bitbrains pair vms.csv + fragments.csv (GWA-T-12 as OpenDC ships
 *     it): one trace per VM, fragments in file order from its submission,
 *     the rest of its duration idle.
 * Errors name the file and the line: "f.txt:17: not a number: \"x\"".
 */
#ifndef VDC_TRACE_H
#define VDC_TRACE_H

#include <stdint.h>

#include "error.h"

/* Limits that keep a run within one machine: samples over every trace of a
 * scenario (4 bytes each) and the size of one file. */
#define VDC_TRACE_MAX_SAMPLES 100000000L
#define VDC_TRACE_MAX_FILE_BYTES (256L << 20)

typedef struct vdc_trace {
    char *file;          /* path as opened, for messages */
    float *v;            /* n samples */
    int64_t *end_ns;     /* NULL: every sample lasts the workload's interval;
                            else end of sample i from the trace's start */
    int n;
} vdc_trace;

/* One VM of a Bitbrains pair. */
typedef struct vdc_trace_bb_vm {
    char *id;
    int64_t cpu_count;
    double capacity_mhz;     /* all cores together */
    double memory_gib;       /* mem_capacity_kb / 2^20 */
    vdc_trace trace;         /* MHz, all cores together, explicit ends */
} vdc_trace_bb_vm;

/* Read one trace file.  column: NULL (one number a line), a header name,
 * or "3" (1-based).  Values must be finite and in [lo, hi]. */
int vdc_trace_read(vdc_trace *t, const char *path, const char *column, double lo, double hi,
                   vdc_error *err);
void vdc_trace_free(vdc_trace *t);

/* A process-wide cache of parsed files (trace_cache.c), off until
 * vdc_trace_cache_on: vdc_trace_read then parses a file once and copies its
 * samples while the file's device, inode, size and mtime stay the same.
 * `vdcsim sweep` turns it on; vdc_trace_cache_clear frees it (and turns it
 * off).  get/put are vdc_trace_read's: get fills the file's stamp. */
typedef struct vdc_trace_stamp { uint64_t dev, ino; int64_t size, sec, nsec; int ok; } vdc_trace_stamp;
void vdc_trace_cache_on(void);
void vdc_trace_cache_clear(void);
int vdc_trace_cache_get(vdc_trace *t, const char *path, const char *column, double lo, double hi,
                        vdc_trace_stamp *stamp);
void vdc_trace_cache_put(const vdc_trace *t, const char *path, const char *column, double lo,
                         double hi, const vdc_trace_stamp *stamp);

/* The regular files of `dir` (hidden ones skipped), sorted by name; *names
 * is one malloc'd block (free it), NULL-terminated. */
int vdc_trace_list_dir(const char *dir, char ***names, int *n, vdc_error *err);

/* Read dir/vms.csv and dir/fragments.csv; *vms is malloc'd, free with
 * vdc_trace_bb_free. */
int vdc_trace_bitbrains(const char *dir, vdc_trace_bb_vm **vms, int *n, vdc_error *err);
void vdc_trace_bb_free(vdc_trace_bb_vm *vms, int n);

#endif
