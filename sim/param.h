/* param.h -- declarative parameter tables: one source of truth for parsing,
 * validation, defaults, `vdcsim models` and the docs.
 *
 * A table is an array of vdc_param ending with {0}.  vdc_param_fill() reads
 * one JSON object against a table: it rejects unknown keys (with a "did you
 * mean"), wrong types and out-of-range values with "file: path.key: ...",
 * writes every value (given or default) into a typed struct at `offset`, and
 * adds the defaults to the JSON object, so the object becomes the resolved
 * configuration that the results database stores.
 *
 * Storage per type: INT int64_t, NUM double, BOOL bool, STR const char *
 * (points into the JSON tree, which outlives the run), ENUM int (index into
 * `choices`, "a|b|c"), VM and HOST int (index of the named entity, resolved
 * after `count` expansion; -1 when not given), LIST vdc_intlist (integers),
 * OBJLIST vdc_objlist (structs filled by the `sub` table).
 */
#ifndef VDC_PARAM_H
#define VDC_PARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cJSON.h>

#include "error.h"

typedef enum vdc_param_type {
    VDC_PARAM_END = 0,
    VDC_PARAM_INT,
    VDC_PARAM_NUM,
    VDC_PARAM_BOOL,
    VDC_PARAM_STR,
    VDC_PARAM_ENUM,
    VDC_PARAM_VM,      /* name of a VM, stored as its index   */
    VDC_PARAM_HOST,    /* name of a host, stored as its index */
    VDC_PARAM_LIST,    /* array of integers in [min, max]      */
    VDC_PARAM_SKIP,    /* key allowed here, parsed by the caller */
    VDC_PARAM_VM_LATE, /* name of a VM that may be created at run time
                          (by a startup model): vdc_vmref          */
    VDC_PARAM_OBJLIST  /* array of objects, each filled by `sub` into
                          an element of `sub_size` bytes: vdc_objlist */
} vdc_param_type;

enum {
    VDC_PARAM_MIN_EXCL = 1 << 0,   /* value must be > min, not >= min */
    VDC_PARAM_REQUIRED = 1 << 1,   /* no default: the user must say   */
    VDC_PARAM_NULLABLE = 1 << 2,   /* STR/VM/HOST may be absent: NULL / -1 */
    VDC_PARAM_MAX_EXCL = 1 << 3    /* value must be < max, not <= max */
};

typedef struct vdc_param {
    const char *name;      /* JSON key; unit in the name where one exists */
    vdc_param_type type;
    size_t offset;         /* offsetof(struct, field) of the typed value   */
    double def;            /* default of INT, NUM, BOOL (0/1), ENUM (index) */
    const char *def_str;   /* default of STR                               */
    double min, max;       /* inclusive range of INT, NUM, LIST items;
                              STR: min 1 refuses ""                         */
    const char *choices;   /* ENUM: "exact|sampled"                        */
    const char *unit;      /* shown by `vdcsim models`                     */
    const char *help;
    unsigned flags;
    const struct vdc_param *sub;  /* OBJLIST: the table of each element */
    size_t sub_size;              /* OBJLIST: struct size that table fills */
} vdc_param;

/* A VM named in an action: its index when the scenario defines it, else
 * -1 and the name, resolved when the action runs (vdc_vmref_resolve). */
typedef struct vdc_vmref {
    int index;
    const char *name;
} vdc_vmref;

typedef struct vdc_intlist {
    int64_t *v;            /* owned by the scenario */
    size_t n;
} vdc_intlist;

/* n elements of the OBJLIST's sub_size bytes each, in the array's order.
 * Defaults fill the elements but are not written into the JSON: the stored
 * configuration keeps the list as given. */
typedef struct vdc_objlist {
    void *v;               /* owned by the scenario; NULL when n == 0 */
    size_t n;
} vdc_objlist;

/* Names that VM/HOST parameters resolve against.  `*_order` (optional) are
 * the indices sorted by name, for O(log n) lookup in large data centers. */
typedef struct vdc_names {
    const char *const *vm; size_t nvm; const int *vm_order;
    const char *const *host; size_t nhost; const int *host_order;
    bool late_ok;      /* VM_LATE may name VMs created at run time */
} vdc_names;

/* Index of `name` in a names array (binary search when `order` is given). */
int vdc_names_find(const char *const *names, size_t n, const int *order, const char *name);

/* Read `obj` (NULL or a JSON object) against `tbl` into `out`.  `file` and
 * `path` ("vms[2]") only label messages.  `names` may be NULL when the table
 * has no VM/HOST parameters.  Returns 0 or VDC_EINPUT / VDC_ENOMEM. */
int vdc_param_fill(const vdc_param *tbl, cJSON *obj, void *out, const char *file,
                   const char *path, const vdc_names *names, vdc_error *err);

/* Free what vdc_param_fill allocated in `out` (LIST and OBJLIST arrays). */
void vdc_param_release(const vdc_param *tbl, void *out);

/* Find a key that `key` is close to (edit distance <= 2), or NULL. */
const char *vdc_param_suggest(const char *key, const char *const *cands, size_t n);

/* "did you mean" against a table's names; NULL if nothing is close. */
const char *vdc_param_suggest_in(const char *key, const vdc_param *tbl);

/* Print a table for humans: name, type, default, range, unit, help. */
void vdc_param_print(FILE *f, const vdc_param *tbl, const char *indent);

/* The textual JSON type of a node, for messages ("string", "number"...). */
const char *vdc_param_json_type(const cJSON *v);

/* Render a value for an error message ("-4", "\"abc\"", "[...]"). */
void vdc_param_show(const cJSON *v, char *buf, size_t n);

#endif
