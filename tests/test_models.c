/* test_models.c -- one generic suite over every registered model (STYLE.md
 * #10): registering a model puts it under these tests.  For each model:
 * its parameter table is well formed (defaults within range, units, help),
 * a small scenario choosing it with default parameters validates and runs,
 * and two runs with the same seed give identical metrics and samples while
 * another seed is allowed to differ. */
#include "test_util.h"

#include "sim_int.h"

static char db[256];

/* The scenario every model runs in (action examples name its entities:
 * sim/model.h), without its closing brace so that actions can follow. */
#define BASE_BODY                                                                         \
    "{\"duration_s\": 5, \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 2}],"         \
    " \"vms\": [{\"name\": \"a\", \"count\": 2, \"host\": \"h-0\"},"                           \
    " {\"name\": \"b\", \"vcpus\": 2, \"cap\": 120, \"workload\": {\"type\": \"onoff\"}},"       \
    " {\"name\": \"c\", \"workload\": {\"type\": \"io\"}},"                                    \
    " {\"name\": \"p\", \"workload\": {\"type\": \"ping\", \"peer\": \"c\"}}]"
static const char *base = BASE_BODY "}";

static void test_param_tables(void)
{
    int checked = 0;
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        for (const vdc_model_type *const *m = vdc_registry_list(k); *m; m++) {
            CU_ASSERT_EQUAL((int)(*m)->kind, k);
            CU_ASSERT_PTR_NOT_NULL((*m)->name);
            CU_ASSERT_PTR_NOT_NULL((*m)->help);
            CU_ASSERT_PTR_NOT_NULL((*m)->init);
            CU_ASSERT_PTR_EQUAL(vdc_registry_find(k, (*m)->name), *m);
            for (const vdc_param *p = (*m)->params; p && p->name; p++, checked++) {
                CU_ASSERT_PTR_NOT_NULL(p->help);
                if (p->type == VDC_PARAM_INT || p->type == VDC_PARAM_NUM) {
                    bool in = p->def <= p->max &&
                              ((p->flags & VDC_PARAM_MIN_EXCL) ? p->def > p->min : p->def >= p->min);
                    if (!in)
                        fprintf(stderr, "\n  %s/%s.%s: default %g out of range", vdc_kind_name(k),
                                (*m)->name, p->name, p->def);
                    CU_ASSERT(in || (p->flags & VDC_PARAM_REQUIRED));
                }
            }
        }
    CU_ASSERT(checked > 0);
}

static void test_every_model_runs_deterministically(void)
{
    int ran = 0;
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        for (const vdc_model_type *const *m = vdc_registry_list(k); *m; m++) {
            char set[128];
            snprintf(set, sizeof set, "models.%s.name=%s", vdc_kind_name(k), (*m)->name);
            const char *sets[] = { set };
            int64_t a = vdc_test_run(base, sets, 1, db);
            int64_t b = vdc_test_run(base, sets, 1, db);
            if (a <= 0 || b <= 0) {
                fprintf(stderr, "\n  model %s/%s failed to run with defaults", vdc_kind_name(k),
                        (*m)->name);
                CU_FAIL("model failed with defaults");
                continue;
            }
            double d = vdc_test_diff_runs(db, a, b);
            if (d != 0)
                fprintf(stderr, "\n  model %s/%s: %g rows differ between identical runs",
                        vdc_kind_name(k), (*m)->name, d);
            CU_ASSERT_EQUAL(d, 0);
            char sql[256];
            snprintf(sql, sizeof sql, "SELECT count(*) FROM metrics WHERE run_id=%lld", (long long)a);
            CU_ASSERT(vdc_test_query(db, sql) > 0);
            ran++;
        }
    CU_ASSERT(ran >= 2);
}

/* Edge shapes every model must take without crashing: no VM at all, and a
 * single 1-pCPU host with one idle VM (found by the fuzzer: consolidation
 * with no VM dereferenced an array it never allocated). */
static void test_every_model_edge_shapes(void)
{
    const char *shapes[] = {
        "{\"duration_s\": 3, \"hosts\": [{\"name\": \"h\", \"count\": 3}]}",
        "{\"duration_s\": 3, \"hosts\": [{\"pcpus\": 1, \"memory_gib\": 4}],"
        " \"vms\": [{\"workload\": {\"type\": \"idle\"}}]}",
    };
    int ran = 0;
    for (size_t sh = 0; sh < sizeof shapes / sizeof *shapes; sh++)
        for (int k = 0; k < VDC_KIND_COUNT; k++)
            for (const vdc_model_type *const *m = vdc_registry_list(k); *m; m++) {
                char set[128];
                snprintf(set, sizeof set, "models.%s.name=%s", vdc_kind_name(k), (*m)->name);
                /* short periods so periodic policies act within the run (the
                 * kind's other models accept and ignore the key) */
                const char *sets[] = { set, "models.placement.period_s=1" };
                int64_t r = vdc_test_run(shapes[sh], sets, 2, db);
                if (r <= 0)
                    fprintf(stderr, "\n  model %s/%s failed on shape %zu", vdc_kind_name(k),
                            (*m)->name, sh);
                CU_ASSERT(r > 0);
                ran++;
            }
    CU_ASSERT(ran >= 4);
}

/* ---- every action verb, end to end ------------------------------------------ */

enum { MAX_VERBS = 16 };

/* The verbs a scenario choosing `m` can use: the core ones, then m's. */
static int verbs_of(const vdc_model_type *m, const vdc_action_type **v)
{
    int n = 0;
    v[n++] = &vdc_core_set_workload;
    v[n++] = &vdc_core_resize_verb;
    for (const vdc_action_type *const *a = m->actions; a && *a && n < MAX_VERBS; a++)
        v[n++] = *a;
    return n;
}

/* The base scenario with the first `n` verbs, verb i at (i + 1) s with its
 * example argument. */
static void with_actions(char *buf, size_t cap, const vdc_action_type **v, int n)
{
    size_t used = (size_t)snprintf(buf, cap, "%s, \"actions\": [", BASE_BODY);
    for (int i = 0; i < n && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s{\"at_s\": %d, \"%s\": %s}",
                                 i ? ", " : "", i + 1, v[i]->verb, v[i]->example);
    if (used < cap)
        snprintf(buf + used, cap - used, "]}");
}

/* Registering a verb tests it: each verb of each model runs with its example
 * and changes the results (the run with verbs 0..i differs from the run with
 * verbs 0..i-1: migrations happen, instances boot and stop), and the run with
 * every verb gives the same rows twice. */
static void test_every_verb_acts(void)
{
    int acted = 0;
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        for (const vdc_model_type *const *m = vdc_registry_list(k); *m; m++) {
            char set[128], json[8192];
            snprintf(set, sizeof set, "models.%s.name=%s", vdc_kind_name(k), (*m)->name);
            const char *sets[] = { set, "duration_s=8" };
            const vdc_action_type *v[MAX_VERBS];
            int n = verbs_of(*m, v);
            int64_t prev = 0;
            for (int i = 0; i <= n; i++) {
                if (i > 0 && !v[i - 1]->example) {
                    fprintf(stderr, "\n  verb %s (%s/%s) has no example argument", v[i - 1]->verb,
                            vdc_kind_name(k), (*m)->name);
                    CU_FAIL("a verb without an example");
                    break;
                }
                with_actions(json, sizeof json, v, i);
                int64_t r = vdc_test_run(json, sets, 2, db);
                if (r <= 0) {
                    fprintf(stderr, "\n  %s/%s failed with %d verbs", vdc_kind_name(k),
                            (*m)->name, i);
                    CU_FAIL("a verb's example fails");
                    break;
                }
                if (i > 0) {
                    double d = vdc_test_diff_runs(db, prev, r);
                    if (!(d > 0))
                        fprintf(stderr, "\n  %s/%s: verb %s changed nothing", vdc_kind_name(k),
                                (*m)->name, v[i - 1]->verb);
                    CU_ASSERT(d > 0);
                    acted += d > 0;
                }
                if (i == n) {
                    int64_t again = vdc_test_run(json, sets, 2, db);
                    CU_ASSERT(again > 0 && vdc_test_diff_runs(db, r, again) == 0);
                }
                prev = r;
            }
        }
    /* the migration and startup verbs really ran somewhere */
    CU_ASSERT(vdc_test_query(db, "SELECT count(*) FROM migrations") > 0);
    CU_ASSERT(acted > 5);
}

static const vdc_test tests[] = {
    { "every model's parameter table is well formed", test_param_tables },
    { "every model takes a data center with no VM, and a tiny one", test_every_model_edge_shapes },
    { "every model runs with defaults, same seed same rows", test_every_model_runs_deterministically },
    { "every action verb of every model acts, same seed same rows", test_every_verb_acts },
    { 0 }
};

int main(void)
{
    vdc_test_tmpdb(db, sizeof db, "models");
    int rc = vdc_test_main("models", tests);
    unlink(db);
    return rc;
}
