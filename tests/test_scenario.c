/* test_scenario.c -- scenario files (sim/scenario.h): defaults, `count`
 * expansion, --set overrides, and bad inputs, each checked for the exact
 * JSON path in its one-line message and for the input error code (exit 2). */
#include <string.h>

#include "scenario.h"
#include "test_util.h"

#define MINI "\"hosts\": [{\"name\": \"h\", \"count\": 2}]"

static vdc_scenario *load(const char *json, const char *const *sets, size_t n)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    int rc = vdc_scenario_parse(json, strlen(json), "t.json", sets, n, &sc, &err);
    if (rc)
        fprintf(stderr, "\n  unexpected error: %s\n", err.msg);
    CU_ASSERT_EQUAL(rc, 0);
    return sc;
}

static void test_defaults(void)
{
    vdc_scenario *sc = load("{" MINI ", \"vms\": [{}]}", NULL, 0);
    if (!sc)
        return;
    CU_ASSERT_EQUAL(sc->seed, 1);
    VDC_ASSERT_NEAR(sc->duration_s, 60, 0);
    CU_ASSERT_EQUAL(sc->nhost, 2);
    CU_ASSERT_STRING_EQUAL(sc->hosts[1].name, "h-1");
    CU_ASSERT_EQUAL(sc->hosts[0].pcpus, 4);
    VDC_ASSERT_NEAR(sc->hosts[0].bandwidth_gbps, 10, 0);
    CU_ASSERT_EQUAL(sc->nvm, 1);
    CU_ASSERT_STRING_EQUAL(sc->vms[0].name, "vm-0");
    CU_ASSERT_EQUAL(sc->vms[0].weight, 256);
    CU_ASSERT_EQUAL(sc->vms[0].cap, 0);
    CU_ASSERT_EQUAL(sc->vms[0].host, -1);
    CU_ASSERT_EQUAL(sc->vms[0].wl.type, VDC_WL_CPU);
    VDC_ASSERT_NEAR(sc->vms[0].wl.demand, 1, 0);
    CU_ASSERT_STRING_EQUAL(sc->name, "t");              /* from the file name */
    CU_ASSERT_PTR_NOT_NULL(sc->model[VDC_KIND_SCHED].type);
    CU_ASSERT_STRING_EQUAL(sc->model[VDC_KIND_SCHED].type->name, "fluid");
    /* defaults are written into the resolved tree, not into the given one */
    cJSON *h0 = cJSON_GetArrayItem(cJSON_GetObjectItem(sc->resolved, "hosts"), 0);
    CU_ASSERT_PTR_NOT_NULL(cJSON_GetObjectItem(h0, "memory_gib"));
    char *text = vdc_scenario_text(sc);
    CU_ASSERT_PTR_NULL(strstr(text, "memory_gib"));
    free(text);
    vdc_scenario_free(sc);
}

static void test_count(void)
{
    vdc_scenario *sc = load("{" MINI ", \"vms\": [{\"name\": \"web\", \"count\": 3, \"vcpus\": 2},"
                            " {\"name\": \"db\", \"host\": \"h-1\"}, {}]}", NULL, 0);
    if (!sc)
        return;
    CU_ASSERT_EQUAL(sc->nvm, 5);
    const char *want[] = { "web-0", "web-1", "web-2", "db", "vm-4" };
    for (int i = 0; i < 5; i++)
        CU_ASSERT_STRING_EQUAL(sc->vms[i].name, want[i]);
    CU_ASSERT_EQUAL(sc->vms[2].vcpus, 2);
    CU_ASSERT_EQUAL(sc->vms[3].host, 1);
    vdc_scenario_free(sc);
}

/* per_host: VM k of the group on host (k / per_host) from `host` on;
 * hand-derived: 5 VMs at 2 a host from h-1 of h-0..h-3 -> 1, 1, 2, 2, 3. */
static void test_per_host(void)
{
    vdc_scenario *sc = load("{\"hosts\": [{\"name\": \"h\", \"count\": 4}], \"vms\": [{\"name\": "
                            "\"v\", \"count\": 5, \"host\": \"h-1\", \"per_host\": 2}]}", NULL, 0);
    if (!sc)
        return;
    const int want[] = { 1, 1, 2, 2, 3 };
    CU_ASSERT_EQUAL(sc->nvm, 5);
    for (int i = 0; i < 5 && i < sc->nvm; i++)
        CU_ASSERT_EQUAL(sc->vms[i].host, want[i]);
    vdc_scenario_free(sc);
}

static void test_set(void)
{
    const char *sets[] = { "vms[0].memory_gib=8", "models.sched.name=fluid", "seed=7",
                           "vms[0].workload.type=onoff", "name=swept", "hosts[0].pcpus=16",
                           "models.sched.samples=false", "vms[1]={\"name\": \"extra\"}" };
    /* seed exists and is replaced; keys after it must survive */
    vdc_scenario *sc = load("{" MINI ", \"seed\": 3, \"vms\": [{}], \"duration_s\": 10}", sets, 8);
    if (!sc)
        return;
    VDC_ASSERT_NEAR(sc->duration_s, 10, 0);
    VDC_ASSERT_NEAR(sc->vms[0].memory_gib, 8, 0);
    CU_ASSERT_EQUAL(sc->seed, 7);
    CU_ASSERT_EQUAL(sc->vms[0].wl.type, VDC_WL_ONOFF);
    CU_ASSERT_STRING_EQUAL(sc->name, "swept");
    CU_ASSERT_EQUAL(sc->hosts[1].pcpus, 16);
    CU_ASSERT_EQUAL(sc->nvm, 2);
    CU_ASSERT_STRING_EQUAL(sc->vms[1].name, "extra");
    /* the stored scenario is the one with overrides applied */
    char *text = vdc_scenario_text(sc);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"seed\":7"));
    free(text);
    vdc_scenario_free(sc);
}

static int flat_count(void *ctx, const char *path, const char *value, const double *num)
{
    int *n = ctx;
    if (strcmp(path, "vms[0].workload.demand") == 0 && !value && num && *num == 0.5)
        n[0]++;
    if (strcmp(path, "models.sched.name") == 0 && !num && strcmp(value, "fluid") == 0)
        n[1]++;
    n[2]++;
    return 0;
}

static void test_flatten(void)
{
    vdc_scenario *sc = load("{" MINI ", \"vms\": [{\"workload\": {\"demand\": 0.5}}]}", NULL, 0);
    if (!sc)
        return;
    int n[3] = { 0 };
    CU_ASSERT_EQUAL(vdc_scenario_flatten(sc, flat_count, n), 0);
    CU_ASSERT_EQUAL(n[0], 1);
    CU_ASSERT_EQUAL(n[1], 1);
    CU_ASSERT(n[2] > 20);
    vdc_scenario_free(sc);
}

/* ---- bad inputs: (scenario, --set, substring the message must contain) -- */

typedef struct bad {
    const char *json;
    const char *set;
    const char *want;
} bad;

#define VM1 "{" MINI ", \"vms\": [{\"name\": \"a\"}, {\"name\": \"b\"}, "
static const bad bads[] = {
    { "", NULL, "t.json: empty file" },
    { "   \n  ", NULL, "t.json: empty file" },
    { "{\"hosts\": [}", NULL, "t.json:1:12: JSON syntax error" },
    { "{\n  \"hosts\": [\n    {\"pcpus\": 4,}\n  ]\n}", NULL, "t.json:3:" },
    { "[1, 2]", NULL, "(top level): must be an object" },
    { "{} trailing", NULL, "text after the end" },
    { "{\"hosts\": []}", NULL, "hosts: must list at least one host" },
    { "{}", NULL, "hosts: required, missing" },
    { "{\"hosts\": {}}", NULL, "hosts: must be an array of objects" },
    { "{\"hosts\": [3]}", NULL, "hosts[0]: must be an object, got 3" },
    { "{\"hostz\": []}", NULL, "hostz: unknown key (did you mean \"hosts\"?)" },
    { "{" MINI ", \"duration_s\": -5}", NULL, "duration_s: must be > 0, got -5" },
    { "{" MINI ", \"duration_s\": 1e300}", NULL, "duration_s: must be <= 1000000000, got 1e+300" },
    { "{" MINI ", \"duration_s\": \"10\"}", NULL, "duration_s: must be a number, got \"10\"" },
    { "{" MINI ", \"seed\": 1.5}", NULL, "seed: must be an integer, got 1.5" },
    { "{" MINI ", \"seed\": -1}", NULL, "seed: must be >= 0, got -1" },
    { "{\"hosts\": [{\"pcpus\": 0}]}", NULL, "hosts[0].pcpus: must be >= 1, got 0" },
    { "{\"hosts\": [{\"name\": \"\"}]}", NULL, "hosts[0].name: must be a non-empty string, got \"\"" },
    { VM1 "{\"name\": \"\"}]}", NULL, "vms[2].name: must be a non-empty string, got \"\"" },
    { "{\"hosts\": [{\"memory_gib\": -4}]}", NULL, "hosts[0].memory_gib: must be > 0, got -4" },
    { "{\"hosts\": [{\"count\": 1e12}]}", NULL, "hosts[0].count: must be an integer in [1, 1000000]" },
    { "{\"sample_window_s\": 0, \"hosts\": [{\"count\": 600000}, {\"count\": 600000}]}", NULL, "more than 1000000 hosts" },
    { "{\"hosts\": [{\"power_idle_w\": 300, \"power_peak_w\": 200}]}", NULL,
      "hosts[0].power_peak_w: must be >= power_idle_w" },
    { "{\"hosts\": [{\"name\": \"x\"}, {\"name\": \"x\"}]}", NULL, "two hosts are named \"x\"" },
    { "{" MINI ", \"vms\": [{\"count\": 1000000000000}]}", NULL, "vms[0].count: must be an integer in [1, 8000000]" },
    { "{" MINI ", \"vms\": [{}, {}, {\"memory_gib\": -4}]}", NULL, "t.json: vms[2].memory_gib: must be > 0, got -4" },
    { "{" MINI ", \"vms\": [{\"memory\": 4}]}", NULL, "vms[0].memory: must be an object (the memory model's per-VM block); did you mean \"memory_gib\"?, got 4" },
    { "{" MINI ", \"vms\": [{\"weight\": 0}]}", NULL, "vms[0].weight: must be >= 1, got 0" },
    { "{" MINI ", \"vms\": [{\"count\": 5, \"host\": \"h-0\", \"per_host\": 2}]}", NULL,
      "vms[0].per_host: 5 VMs at 2 a host from h-0 need 3 hosts, but only 2 are listed from it on" },
    { "{" MINI ", \"vms\": [{\"count\": 2, \"per_host\": 2}]}", NULL, "vms[0].per_host: needs \"host\"" },
    { "{" MINI ", \"vms\": [{\"count\": 2, \"host\": \"h-0\", \"per_host\": 0}]}", NULL,
      "vms[0].per_host: must be an integer in [1, 8000000], got 0" },
    { "{" MINI ", \"vms\": [{\"weight\": 70000}]}", NULL, "vms[0].weight: must be <= 65535, got 70000" },
    { "{" MINI ", \"vms\": [{\"cap\": 150}]}", NULL, "vms[0].cap: must be <= 100 x vcpus = 100, got 150" },
    { "{" MINI ", \"vms\": [{\"host\": \"h-9\"}]}", NULL, "vms[0].host: no host named \"h-9\" (did you mean \"h-0\"?)" },
    { "{" MINI ", \"vms\": [{\"pin\": [0, 9]}]}", NULL, "vms[0].pin[1]: must be < 4" },
    { "{" MINI ", \"vms\": [{\"pin\": [\"a\"]}]}", NULL, "vms[0].pin[0]: must be an integer" },
    { "{" MINI ", \"vms\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}", NULL, "two vms are named \"a\"" },
    { "{" MINI ", \"vms\": [{\"workload\": {\"type\": \"gpu\"}}]}", NULL, "vms[0].workload.type: must be one of cpu,onoff,io,ping,idle,trace, got \"gpu\"" },
    { "{" MINI ", \"vms\": [{\"workload\": {\"demand\": 2}}]}", NULL, "vms[0].workload.demand: must be <= 1, got 2" },
    { "{" MINI ", \"vms\": [{\"workload\": {\"on_s\": 2}}]}", NULL, "vms[0].workload.on_s: unknown key" },
    { "{" MINI ", \"vms\": [{\"workload\": {\"type\": \"ping\"}}]}", NULL, "vms[0].workload.peer: required, missing" },
    { "{" MINI ", \"vms\": [{\"name\": \"a\", \"workload\": {\"type\": \"ping\", \"peer\": \"a\"}}]}", NULL, "workload.peer: must be another VM" },
    { "{" MINI ", \"vms\": [{\"workload\": 5}]}", NULL, "vms[0].workload: must be an object, got 5" },
    { "{" MINI ", \"vms\": [{\"workload\": {\"type\": \"io\", \"burst_ms\": 0}}]}", NULL, "vms[0].workload.burst_ms: must be > 0, got 0" },
    { "{" MINI ", \"models\": {\"shed\": {}}}", NULL, "models.shed: unknown model kind (did you mean \"sched\"?)" },
    { "{" MINI ", \"models\": {\"sched\": {\"name\": \"cfs\"}}}", NULL, "models.sched.name: no sched model \"cfs\" (valid: " },
    { "{" MINI ", \"models\": {\"sched\": {\"name\": \"fluid\", \"tslice\": 5}}}", NULL, "models.sched.tslice: unknown key" },
    { "{" MINI ", \"models\": {\"sched\": \"fluid\"}}", NULL, "models.sched: must be an object" },
    { "{" MINI ", \"actions\": [{\"at_s\": 1}]}", NULL, "actions[0]: missing a verb" },
    { "{" MINI ", \"actions\": [{\"fly\": {}}]}", NULL, "actions[0].at_s: required, missing" },
    { "{" MINI ", \"actions\": [{\"at_s\": 99, \"fly\": {}}]}", NULL, "actions[0].at_s: must be a time in [0, duration_s=60], got 99" },
    { "{" MINI ", \"actions\": [{\"at_s\": 1, \"fly\": {}}]}", NULL, "actions[0].fly: unknown action verb" },
    { VM1 "{}], \"actions\": [{\"at_s\": 1, \"set_workload\": {\"vm\": \"zz\"}}]}", NULL, "actions[0].set_workload.vm: no VM named \"zz\"" },
    { VM1 "{}], \"actions\": [{\"at_s\": 1, \"set_workload\": {\"vm\": \"a\", \"workload\": {\"demand\": -1}}}]}", NULL, "actions[0].set_workload.workload.demand: must be >= 0, got -1" },
    { "{" MINI ", \"sample_window_s\": 1e-6, \"duration_s\": 1e6}", NULL, "sample_window_s: 1e-06 s gives" },
    { "{" MINI ", \"name\": \"a\", \"name\": \"b\"}", NULL, "name: duplicate key" },
    { "{" MINI ", \"a\nb\": 1}", NULL, "t.json: a?b: unknown key" },
    { "{" MINI ", \"vms\": [{\"memory\": {\"phases\": [{\"at_s\": 1}, {\"at_s\": 2, \"tlb_mpkk\": 3}]}}]}", NULL,
      "vms[0].memory.phases[1].tlb_mpkk: unknown key (did you mean \"tlb_mpki\"?)" },
    { "{" MINI ", \"vms\": [{\"memory\": {\"phases\": [7]}}]}", NULL,
      "vms[0].memory.phases[0]: must be an object, got 7" },
    /* a need declared in a descriptor (VDC_CAP_VM_CHURN), checked at load */
    { VM1 "{}], \"models\": {\"sched\": {\"name\": \"credit\"}, \"placement\": {\"name\": \"consolidate\", \"arrival_template\": \"a\"}}}", NULL,
      "t.json: models.placement.arrival_template: consolidate needs a sched model that follows VMs arriving and leaving at run time; models.sched.name = credit does not (choose: fluid)" },
    { "{" MINI "}", "vms[3].memory_gib=8", "--set: vms[3].memory_gib: index 3 out of range (0 elements)" },
    { "{" MINI ", \"vms\": [{}]}", "vms[5].memory_gib=8", "--set: vms[5].memory_gib: index 5 out of range (1 elements)" },
    { "{" MINI ", \"vms\": [{}]}", "vms[0].memory_gib", "--set: \"vms[0].memory_gib\": expected path=value" },
    { "{" MINI ", \"vms\": [{}]}", "vms[0].memory_gib=abc", "vms[0].memory_gib: must be a number, got \"abc\"" },
    { "{" MINI ", \"seed\": 3}", "seed.x=1", "--set: seed.x: cannot set key \"x\" in a number" },
    { "{\"a\":" "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", NULL, "JSON syntax error" },
};

static void test_bad_inputs(void)
{
    int n = (int)(sizeof bads / sizeof *bads), failed = 0;
    CU_ASSERT(n >= 30);
    for (int i = 0; i < n; i++) {
        vdc_scenario *sc = NULL;
        vdc_error err = { 0 };
        const char *sets[1] = { bads[i].set };
        int rc = vdc_scenario_parse(bads[i].json, strlen(bads[i].json), "t.json", sets,
                                    bads[i].set ? 1 : 0, &sc, &err);
        bool ok = rc == VDC_EINPUT && vdc_error_exit_status(rc) == 2 && sc == NULL &&
                  strstr(err.msg, bads[i].want) && !strchr(err.msg, '\n');
        if (!ok) {
            failed++;
            fprintf(stderr, "\n  bad input %d: rc=%d msg=\"%s\"\n    wanted \"%s\"", i, rc,
                    err.msg, bads[i].want);
        }
        vdc_scenario_free(sc);
    }
    CU_ASSERT_EQUAL(failed, 0);
}

/* Deep nesting: refused, no stack overflow (cJSON's nesting limit). */
static void test_deep_nesting(void)
{
    size_t n = 200000;
    char *s = malloc(2 * n + 16);
    strcpy(s, "{\"a\":");
    size_t at = strlen(s);
    for (size_t i = 0; i < n; i++)
        s[at++] = '[';
    for (size_t i = 0; i < n; i++)
        s[at++] = ']';
    s[at++] = '}';
    s[at] = 0;
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    CU_ASSERT_EQUAL(vdc_scenario_parse(s, at, "deep.json", NULL, 0, &sc, &err), VDC_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "deep.json:1:"));
    free(s);
}

static void test_files(void)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    CU_ASSERT_EQUAL(vdc_scenario_load("/nonexistent/x.json", NULL, 0, &sc, &err), VDC_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent/x.json: No such file"));
    CU_ASSERT_EQUAL(vdc_scenario_load("tests", NULL, 0, &sc, &err), VDC_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "tests: is a directory"));
    const char bin[] = "{\"hosts\": \x00\x01\x02";
    CU_ASSERT_EQUAL(vdc_scenario_parse(bin, sizeof bin - 1, "bin", NULL, 0, &sc, &err), VDC_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a text file"));
    /* every bundled scenario loads */
    CU_ASSERT_EQUAL(vdc_scenario_load("scenarios/quickstart.json", NULL, 0, &sc, &err), 0);
    vdc_scenario_free(sc);
}

static const vdc_test tests[] = {
    { "defaults fill every field", test_defaults },
    { "count expands to name-0..name-N-1", test_count },
    { "per_host generates a group's placements", test_per_host },
    { "--set overrides numbers, strings, booleans, objects", test_set },
    { "resolved scenario flattens to params", test_flatten },
    { "bad inputs: exact path, one line, input error", test_bad_inputs },
    { "deep nesting is refused", test_deep_nesting },
    { "missing file, directory, binary", test_files },
    { 0 }
};
VDC_TEST_MAIN("scenario", tests)
