/* jsonfile.h -- the one reader of JSON input files (scenarios, sweeps) and
 * of JSON values given on the command line (--set).
 *
 * Why one reader: limits, error messages and the out-of-memory verdict must
 * be the same for every file the user writes.  A file is read whole (at most
 * VDC_JSONFILE_MAX_BYTES, refused before allocating if larger), parsed with
 * cJSON, and checked: not empty, no NUL byte, nothing after the value, no
 * object with the same key twice (anywhere in the tree).  Errors:
 * "file:line:col: JSON syntax error near "..."" (VDC_EINPUT, exit 2), or
 * "out of memory" (VDC_ENOMEM, exit 1) when the allocator failed during the
 * parse: cJSON reports both as a NULL tree, so its allocations go through
 * hooks that record a failure (vdc_jsonfile_hooks).
 */
#ifndef VDC_JSONFILE_H
#define VDC_JSONFILE_H

#include <stddef.h>

#include <cJSON.h>

#include "error.h"

#define VDC_JSONFILE_MAX_BYTES (64L << 20)   /* 64 MiB: far above any real scenario */

/* Install the allocation hooks (idempotent; every parse below calls it). */
void vdc_jsonfile_hooks(void);

/* Read `path` into a NUL-terminated buffer (*len bytes, caller frees). */
int vdc_jsonfile_read(const char *path, char **text, size_t *len, vdc_error *err);

/* Parse `len` bytes (need not be NUL-terminated); `label` names the source
 * in messages.  On success *out is the tree (caller cJSON_Delete's it). */
int vdc_jsonfile_parse(const char *text, size_t len, const char *label, cJSON **out,
                       vdc_error *err);

/* read + parse */
int vdc_jsonfile_load(const char *path, cJSON **out, vdc_error *err);

/* A value given on the command line: its JSON text, checked like a file's;
 * `what` names it in messages (e.g. "--set: vms[0]"). */
int vdc_jsonfile_value(const char *text, const char *what, cJSON **out, vdc_error *err);

#endif
