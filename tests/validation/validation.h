/* validation.h -- one format for every table in tests/validation/ and the
 * hooks that compute a row's model value (tests/test_validation.c runs them).
 *
 * Every table <model>.csv has the same columns (README.md in this folder):
 *   id, figure, source, setup, published, unit, tolerance, tolerance_reason,
 *   role, role_reason, model_source, known_miss
 * `role` says what a row proves: input (a parameter was set from the figure),
 * calibrated (a free parameter was fitted to it), derived (exact arithmetic or
 * an analytic case), predicted (the model was never told the number).
 * `model_source` is "<model>.c:<function>[ <argument>]": the function in
 * tests/validation/<model>.c that computes the model's value, or "-" for an
 * input row that only feeds other rows.
 * `tolerance`: "rel:R", "abs:A" (both: the wider wins), "x:F" (within a
 * factor F either way), ">=" or "<=" (optionally with "abs:A" slack).
 * A row without a known-miss reason must hold; a row with one must still miss.
 */
#ifndef VDC_VALIDATION_H
#define VDC_VALIDATION_H

#define VDC_VAL_TEXT 640        /* bytes per text field (the longest reasons) */

typedef enum { VDC_ROLE_INPUT, VDC_ROLE_CALIBRATED, VDC_ROLE_DERIVED, VDC_ROLE_PREDICTED,
               VDC_ROLE_COUNT } vdc_val_role;

typedef enum { VDC_CMP_NEAR, VDC_CMP_FACTOR, VDC_CMP_GE, VDC_CMP_LE } vdc_val_cmp;

/* One row of a table, as read (text fields) and parsed (the rest). */
typedef struct vdc_val_row {
    char model[32];                 /* the table: file name without .csv */
    char id[96], figure[VDC_VAL_TEXT], source[VDC_VAL_TEXT], setup[VDC_VAL_TEXT];
    char unit[32], tolerance[64], tolerance_reason[VDC_VAL_TEXT];
    char role_name[16], role_reason[VDC_VAL_TEXT], model_source[VDC_VAL_TEXT];
    char known_miss[VDC_VAL_TEXT];
    double published;
    vdc_val_role role;
    vdc_val_cmp cmp;
    double rel, abs, factor;        /* tolerance terms (0 when absent) */
} vdc_val_row;

/* Computes the model's value for `row`; `arg` is the text after the function
 * name in model_source ("" when none).  NAN when it cannot be measured. */
typedef double (*vdc_val_fn)(const vdc_val_row *row, const char *arg);

typedef struct vdc_val_source {
    const char *name;               /* function name as written in model_source */
    vdc_val_fn fn;
} vdc_val_source;

/* Each tests/validation/<model>.c exports one NULL-terminated table. */
extern const vdc_val_source vdc_val_credit[], vdc_val_datacenter[], vdc_val_memory[],
    vdc_val_migration[], vdc_val_startup[], vdc_val_io[], vdc_val_migration_wan[],
    vdc_val_resize[];

/* The published value of row `id` of table `model` (an input that other rows
 * build on); NAN, and a test failure, when there is no such row. */
double vdc_val_published(const char *model, const char *id);

/* A scratch results database for value functions (removed at exit). */
const char *vdc_val_db(void);

#endif
