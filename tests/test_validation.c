/* test_validation.c -- the one runner of every validation table.
 *
 * Reads every tests/validation/<model>.csv (one layout: validation.h and
 * tests/validation/README.md), computes each row's model value with the
 * function its model_source names (tests/validation/<model>.c), compares it
 * with the published value under the row's tolerance, and prints one line per
 * row and, per model and in total, "N predicted: K within tolerance, M known
 * misses" apart from the input, calibrated and derived rows.
 *
 * What it asserts: every row is well formed (known role, parsable tolerance
 * with a reason, a reason for every role but predicted, a source, a value
 * function that exists); a row without a known-miss reason holds; a row with
 * one still misses (a fixed model must update its row); only predicted rows
 * may be known misses; every value function is used by some row; every .csv
 * in the folder belongs to a registered model.  Expected values come from the
 * tables only, never from the code under test.
 */
#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "validation/validation.h"

#define DIR_ "tests/validation"

static const struct model {
    const char *name;
    const vdc_val_source *sources;
} models[] = {
    { "credit", vdc_val_credit },       { "datacenter", vdc_val_datacenter },
    { "memory", vdc_val_memory },       { "migration", vdc_val_migration },
    { "startup", vdc_val_startup },      { "io", vdc_val_io },
    { "migration_wan", vdc_val_migration_wan },
    { "resize", vdc_val_resize },
};
#define NMODEL (sizeof models / sizeof models[0])

static const char *const role_names[VDC_ROLE_COUNT] = { "input", "calibrated", "derived",
                                                        "predicted" };

static vdc_val_row *rows;
static int nrows;
static char db[256];

const char *vdc_val_db(void) { return db; }

double vdc_val_published(const char *model, const char *id)
{
    for (int i = 0; i < nrows; i++)
        if (strcmp(rows[i].model, model) == 0 && strcmp(rows[i].id, id) == 0)
            return rows[i].published;
    fprintf(stderr, "\n  %s.csv: no row %s (needed by another row)\n", model, id);
    CU_FAIL("a row builds on a missing row");
    return NAN;
}

/* ---- reading ------------------------------------------------------------- */

/* "rel:0.25", "abs:0.1", "rel:0.25 abs:0.02", "x:3.16", ">=", "<= abs:3000". */
static int parse_tolerance(vdc_val_row *r)
{
    char buf[64], *save = NULL;
    snprintf(buf, sizeof buf, "%s", r->tolerance);
    r->cmp = VDC_CMP_NEAR;
    r->rel = r->abs = r->factor = 0;
    int terms = 0;
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        char *end = NULL;
        if (strcmp(t, ">=") == 0 || strcmp(t, "<=") == 0) {
            if (terms)
                return -1;
            r->cmp = t[0] == '>' ? VDC_CMP_GE : VDC_CMP_LE;
        } else if (strncmp(t, "rel:", 4) == 0) {
            r->rel = strtod(t + 4, &end);
        } else if (strncmp(t, "abs:", 4) == 0) {
            r->abs = strtod(t + 4, &end);
        } else if (strncmp(t, "x:", 2) == 0) {
            r->factor = strtod(t + 2, &end);
            if (r->cmp != VDC_CMP_NEAR || !(r->factor > 1))
                return -1;
            r->cmp = VDC_CMP_FACTOR;
        } else {
            return -1;
        }
        if (end && (*end || end == t + 2 || r->rel < 0 || r->abs < 0))
            return -1;
        terms++;
    }
    if (r->cmp == VDC_CMP_NEAR && terms == 0)
        return -1;
    if ((r->cmp == VDC_CMP_GE || r->cmp == VDC_CMP_LE) && r->rel > 0)
        return -1;
    return 0;
}

/* Load one table; returns the rows read, or -1 (after failing the test). */
static int load(const char *model)
{
    char path[256];
    snprintf(path, sizeof path, DIR_ "/%s.csv", model);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "\n  %s: cannot open\n", path);
        CU_FAIL("missing validation table");
        return -1;
    }
    static const char header[] = "id,figure,source,setup,published,unit,tolerance,"
                                 "tolerance_reason,role,role_reason,model_source,known_miss";
    char *line = NULL;
    size_t cap = 0;
    int n = 0, lineno = 0;
    while (getline(&line, &cap, fp) > 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (lineno == 1) {
            if (strcmp(line, header) != 0) {
                fprintf(stderr, "\n  %s: header is not the common layout:\n    %s\n", path, header);
                CU_FAIL("a table has another layout");
                break;
            }
            continue;
        }
        if (!line[0])
            continue;
        char *f[13];
        int k = vdc_test_csv_fields(line, f, 13);
        if (k != 12) {
            fprintf(stderr, "\n  %s:%d: %d fields, want 12\n", path, lineno, k);
            CU_FAIL("a row has the wrong number of fields");
            continue;
        }
        rows = realloc(rows, (size_t)(nrows + 1) * sizeof *rows);
        CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
        vdc_val_row *r = &rows[nrows];
        memset(r, 0, sizeof *r);
        snprintf(r->model, sizeof r->model, "%s", model);
        const char *bad = NULL;
#define TXT(field, i)                                                               \
        do {                                                                        \
            if (strlen(f[i]) >= sizeof r->field)                                   \
                bad = "a field is longer than the runner keeps (VDC_VAL_TEXT)";     \
            snprintf(r->field, sizeof r->field, "%s", f[i]);                        \
        } while (0)
        TXT(id, 0); TXT(figure, 1); TXT(source, 2); TXT(setup, 3); TXT(unit, 5);
        TXT(tolerance, 6); TXT(tolerance_reason, 7); TXT(role_name, 8); TXT(role_reason, 9);
        TXT(model_source, 10); TXT(known_miss, 11);
#undef TXT
        char *end = NULL;
        r->published = strtod(f[4], &end);
        r->role = VDC_ROLE_COUNT;
        for (int j = 0; j < VDC_ROLE_COUNT; j++)
            if (strcmp(r->role_name, role_names[j]) == 0)
                r->role = (vdc_val_role)j;
        if (bad)
            ;
        else if (!f[4][0] || *end)
            bad = "published value is not a number";
        else if (r->role == VDC_ROLE_COUNT)
            bad = "role is not input, calibrated, derived or predicted";
        else if (parse_tolerance(r))
            bad = "tolerance does not parse";
        else if (!r->tolerance_reason[0])
            bad = "tolerance without a reason";
        else if (r->role != VDC_ROLE_PREDICTED && !r->role_reason[0])
            bad = "a non-predicted row must say why (role_reason)";
        else if (!r->source[0] || !r->figure[0])
            bad = "no source or figure";
        else if (r->known_miss[0] && r->role != VDC_ROLE_PREDICTED)
            bad = "only a predicted row can be a known miss";
        else if (strcmp(r->model_source, "-") == 0 && r->role != VDC_ROLE_INPUT)
            bad = "only an input row may have no model value";
        for (int j = 0; j < nrows && !bad; j++)
            if (strcmp(rows[j].model, model) == 0 && strcmp(rows[j].id, r->id) == 0)
                bad = "duplicate id";
        if (bad) {
            fprintf(stderr, "\n  %s:%d (%s): %s\n", path, lineno, r->id, bad);
            CU_FAIL("a malformed validation row");
            continue;
        }
        nrows++;
        n++;
    }
    free(line);
    fclose(fp);
    return n;
}

/* ---- comparing ----------------------------------------------------------- */

static bool holds(const vdc_val_row *r, double m, char *how, size_t n)
{
    double v = r->published;
    if (!isfinite(m)) {
        snprintf(how, n, "no model value");
        return false;
    }
    switch (r->cmp) {
    case VDC_CMP_GE:
    case VDC_CMP_LE: {
        bool ok = r->cmp == VDC_CMP_GE ? m >= v - r->abs : m <= v + r->abs;
        snprintf(how, n, "%s %g%s: %s", r->cmp == VDC_CMP_GE ? ">=" : "<=", v,
                 r->abs > 0 ? " (slack)" : "", ok ? "yes" : "no");
        return ok;
    }
    case VDC_CMP_FACTOR: {
        bool ok = v > 0 && m >= v / r->factor && m <= v * r->factor;
        snprintf(how, n, "ratio %.3g (x/ %g)", v != 0 ? m / v : NAN, r->factor);
        return ok;
    }
    case VDC_CMP_NEAR:
    default: {
        double tol = fmax(r->rel * fabs(v), r->abs);
        bool ok = fabs(m - v) <= tol * (1 + 1e-9) + 1e-12;
        if (r->abs > 0 && r->rel == 0)
            snprintf(how, n, "diff %+.3g (+-%g)", m - v, r->abs);
        else if (v != 0)
            snprintf(how, n, "err %+.1f%% (+-%g%%%s)", 100 * (m - v) / fabs(v), 100 * r->rel,
                     r->abs > 0 ? " or abs" : "");
        else
            snprintf(how, n, "diff %+.3g", m - v);
        return ok;
    }
    }
}

static const vdc_val_source *find_source(const vdc_val_row *r, const char **arg,
                                         const struct model *md)
{
    static char fname[128];
    char file[64];
    size_t fl = strcspn(r->model_source, ":");
    snprintf(file, sizeof file, "%.*s", (int)fl, r->model_source);
    char want[64];
    snprintf(want, sizeof want, "%s.c", r->model);
    if (strcmp(file, want) != 0 || !r->model_source[fl])
        return NULL;
    const char *fn = r->model_source + fl + 1;
    size_t nl = strcspn(fn, " ");
    snprintf(fname, sizeof fname, "%.*s", (int)nl, fn);
    *arg = fn[nl] ? fn + nl + 1 : "";
    for (const vdc_val_source *s = md->sources; s->name; s++)
        if (strcmp(s->name, fname) == 0)
            return s;
    return NULL;
}

typedef struct tally {
    int n[VDC_ROLE_COUNT], ok[VDC_ROLE_COUNT], miss[VDC_ROLE_COUNT], unmeasured;
} tally;

static void print_tally(const char *who, const tally *t)
{
    int p = VDC_ROLE_PREDICTED;
    fprintf(stderr, "  %-11s %d predicted: %d within tolerance, %d known misses", who, t->n[p],
            t->ok[p], t->miss[p]);
    if (t->n[p])
        fprintf(stderr, " (%.0f%% within)", 100.0 * t->ok[p] / t->n[p]);
    fprintf(stderr, "\n  %-11s   apart: %d derived (%d hold), %d calibrated (%d reproduce),"
            " %d input (%d reproduce, %d feed other rows)\n", "",
            t->n[VDC_ROLE_DERIVED], t->ok[VDC_ROLE_DERIVED], t->n[VDC_ROLE_CALIBRATED],
            t->ok[VDC_ROLE_CALIBRATED], t->n[VDC_ROLE_INPUT], t->ok[VDC_ROLE_INPUT],
            t->unmeasured);
}

static void test_tables(void)
{
    /* every table in the folder is a registered model */
    DIR *d = opendir(DIR_);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    for (struct dirent *e; (e = readdir(d));) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".csv") != 0)
            continue;
        bool known = false;
        for (size_t m = 0; m < NMODEL; m++)
            known |= strlen(models[m].name) == l - 4 && !strncmp(models[m].name, e->d_name, l - 4);
        if (!known) {
            fprintf(stderr, "\n  %s/%s: no value functions registered for it\n", DIR_, e->d_name);
            CU_FAIL("an unregistered validation table");
        }
    }
    closedir(d);

    tally all = { 0 };
    fprintf(stderr, "\n");
    for (size_t m = 0; m < NMODEL; m++) {
        int first = nrows;
        if (load(models[m].name) <= 0)
            continue;
        tally t = { 0 };
        fprintf(stderr, "  == %s.csv\n  %-34s %-10s %11s %11s %-8s  %-30s %s\n", models[m].name,
                "id", "role", "published", "model", "unit", "comparison", "verdict");
        for (int i = first; i < nrows; i++) {
            const vdc_val_row *r = &rows[i];
            t.n[r->role]++;
            if (strcmp(r->model_source, "-") == 0) {
                t.unmeasured++;
                fprintf(stderr, "  %-34s %-10s %11.6g %11s %-8s  %-30s %s\n", r->id, r->role_name,
                        r->published, "-", r->unit, "", "feeds other rows");
                continue;
            }
            const char *arg = "";
            const vdc_val_source *s = find_source(r, &arg, &models[m]);
            if (!s) {
                fprintf(stderr, "  %s.csv %s: model_source '%s' names no function of "
                        "tests/validation/%s.c\n", r->model, r->id, r->model_source, r->model);
                CU_FAIL("a row names an unknown value function");
                continue;
            }
            double got = s->fn(r, arg);
            char how[96];
            bool ok = holds(r, got, how, sizeof how);
            bool known = r->known_miss[0] != 0;
            fprintf(stderr, "  %-34s %-10s %11.6g %11.6g %-8s  %-30s %s\n", r->id, r->role_name,
                    r->published, got, r->unit, how,
                    ok ? (known ? "HOLDS, but listed as a known miss: update the row" : "ok")
                       : (known ? "known miss" : "MISS"));
            CU_ASSERT(isfinite(got));
            CU_ASSERT(ok != known);
            t.ok[r->role] += ok && !known;
            t.miss[r->role] += known;
        }
        print_tally(models[m].name, &t);
        for (int j = 0; j < VDC_ROLE_COUNT; j++) {
            all.n[j] += t.n[j];
            all.ok[j] += t.ok[j];
            all.miss[j] += t.miss[j];
        }
        all.unmeasured += t.unmeasured;
    }
    fprintf(stderr, "  ==\n");
    print_tally("total", &all);
    /* issue 13's goal, reported (not asserted: it is a target, not a fact) */
    int np = all.n[VDC_ROLE_PREDICTED], ok = all.ok[VDC_ROLE_PREDICTED];
    fprintf(stderr, "  goal (>= 50 predicted rows, >= 80%% within tolerance): %s (%d, %.0f%%)\n",
            np >= 50 && ok >= 0.8 * np ? "met" : "not met", np, np ? 100.0 * ok / np : 0.0);
    CU_ASSERT(all.n[VDC_ROLE_PREDICTED] > 0);
}

/* Every value function is named by at least one row (else it is dead code or
 * a row was lost). */
static void test_sources_used(void)
{
    for (size_t m = 0; m < NMODEL; m++)
        for (const vdc_val_source *s = models[m].sources; s->name; s++) {
            bool used = false;
            for (int i = 0; i < nrows && !used; i++) {
                const char *arg;
                used = strcmp(rows[i].model, models[m].name) == 0 &&
                       find_source(&rows[i], &arg, &models[m]) == s;
            }
            if (!used) {
                fprintf(stderr, "\n  tests/validation/%s.c: %s is used by no row\n",
                        models[m].name, s->name);
                CU_FAIL("an unused value function");
            }
        }
}

static const vdc_test tests[] = {
    { "every table: rows hold, known misses still miss", test_tables },
    { "every value function is used", test_sources_used },
    { 0 }
};

int main(void)
{
    vdc_test_tmpdb(db, sizeof db, "validation");
    int rc = vdc_test_main("validation", tests);
    free(rows);
    unlink(db);
    return rc;
}
