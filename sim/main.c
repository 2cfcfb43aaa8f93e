/* main.c -- the `vdcsim` command line: run, check, models, rerun.
 *
 * Conventions of Unix tools: results summary on stdout, errors on stderr
 * (one line: "vdcsim: file: json.path: problem, got value"; a usage error is
 * one line and a hint), a progress bar
 * only when stderr is a terminal, exit 0 ok / 1 simulation failure / 2 bad
 * input or usage / 130 interrupted.  See man/vdcsim.1.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rerun.h"
#include "results.h"
#include "scenario.h"
#include "export.h"
#include "param.h"
#include "progress.h"
#include "sim.h"
#include "sweep.h"
#include "version.h"
#include "fault.h"

#define MAX_SETS 256

static const char *usage_top =
    "usage: vdcsim COMMAND [ARGS]\n"
    "\n"
    "A discrete-event simulator of a virtualized data center.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.json [-o DB] [--set PATH=VALUE]... [--seed N] [-q]\n"
    "                      simulate and append one run to the results database\n"
    "  check SCENARIO.json [--set PATH=VALUE]...   validate only\n"
    "  models [NAME]       list models, or one model's parameters\n"
    "  rerun DB RUN_ID [-o DB] [-q]   run a stored run again and compare\n"
    "  sweep SWEEP.json [-o DB] [-j JOBS] [--shard K/N]   many runs, resumable\n"
    "  merge OUT.db IN.db...          join results databases (sweep shards)\n"
    "  export DB [TABLE | --wide] [-o FILE.csv]   a table, or one row per run, as CSV\n"
    "  report DB [--lab NAME] [-o FILE.html]      a lab's page: questions, plots, numbers\n"
    "  --version           print the version\n"
    "\n"
    "`vdcsim COMMAND --help` for details; `man vdcsim` for everything.\n";

static const char *usage_run =
    "usage: vdcsim run SCENARIO.json [-o DB] [--set PATH=VALUE]... [--seed N] [-q]\n"
    "\n"
    "Simulate SCENARIO.json and append the run to DB (default results.db): one\n"
    "row in `runs`, its resolved parameters in `params`, and its metrics,\n"
    "samples and model tables.  Nothing is written if the run fails or is\n"
    "interrupted.\n"
    "\n"
    "  -o, --output DB        results database (SQLite; created if missing)\n"
    "  -s, --set PATH=VALUE   override a scenario value, e.g. vms[0].memory_gib=8,\n"
    "                         models.sched.name=fluid, duration_s=30 (repeatable)\n"
    "  --seed N               same as --set seed=N\n"
    "  -q, --quiet            no summary line and no progress bar\n";

static const char *usage_check =
    "usage: vdcsim check SCENARIO.json [--set PATH=VALUE]... [--seed N]\n"
    "\n"
    "Validate the scenario (with overrides) and print what it contains.\n"
    "Exit 0 if valid, 2 with a one-line error otherwise.\n";

static const char *usage_models =
    "usage: vdcsim models [NAME | KIND | KIND/NAME]\n"
    "\n"
    "Without argument, list every model by kind.  With a name, print its\n"
    "parameters (type, default, range, unit, help), its action verbs and the\n"
    "per-VM block of its kind.  `vdcsim models scenario` prints the keys of\n"
    "the scenario file itself.\n";

static const char *usage_rerun =
    "usage: vdcsim rerun DB RUN_ID [-o OUT] [-q]\n"
    "\n"
    "Run the scenario stored in DB's run RUN_ID again (same scenario, same\n"
    "seed), append it to OUT (default DB) and compare metrics with the stored\n"
    "run: exit 0 if identical, 1 if they differ.\n";

static void on_signal(int sig)
{
    (void)sig;
    vdc_engine_interrupted = 1;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* A usage error is one line and a hint, not the whole usage text (which
 * would push the actual complaint off the screen).  `usage` starts with
 * "usage: vdcsim CMD": the command named in the hint. */
static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    char cmd[32] = "";
    sscanf(usage, "usage: vdcsim %31s", cmd);
    fprintf(stderr, "vdcsim: %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (`vdcsim %s --help` for usage)\n", cmd);
    return 2;
}

/* "unknown option --sed (did you mean --seed?)": the nearest of a
 * command's options (vdc_param_suggest: edit distance <= 2). */
static const char *unknown_option(const char *a, const char *const *opts_of_cmd)
{
    static char msg[256];
    size_t n = 0;
    while (opts_of_cmd[n])
        n++;
    const char *s = vdc_param_suggest(a, opts_of_cmd, n);
    snprintf(msg, sizeof msg, "unknown option %s%s%s%s", a, s ? " (did you mean " : "",
             s ? s : "", s ? "?)" : "");
    return msg;
}

static const char *const run_opts[] = { "--output", "--set", "--seed", "--quiet", "--help", NULL };
static const char *const check_opts[] = { "--set", "--seed", "--help", NULL };
static const char *const rerun_opts[] = { "--output", "--quiet", "--help", NULL };

static bool is_help(const char *a)
{
    return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

typedef struct opts {
    const char *file;
    const char *out;
    const char *sets[MAX_SETS];
    size_t nsets;
    char seedbuf[64];
    bool quiet;
} opts;

/* Parse the options shared by run and check; returns -1 ok, else exit code. */
static int parse_opts(int argc, char **argv, opts *o, const char *usage, bool want_out)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage, stdout);
            return 0;
        } else if (want_out && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)) {
            if (++i == argc)
                return usage_error(usage, "%s needs a file name", a);
            o->out = argv[i];
        } else if (strcmp(a, "--set") == 0 || strcmp(a, "-s") == 0) {
            if (++i == argc)
                return usage_error(usage, "%s needs PATH=VALUE", a);
            if (o->nsets == MAX_SETS)
                return usage_error(usage, "too many --set options (limit %s)", "256");
            o->sets[o->nsets++] = argv[i];
        } else if (strncmp(a, "--set=", 6) == 0) {
            if (o->nsets == MAX_SETS)
                return usage_error(usage, "too many --set options (limit %s)", "256");
            o->sets[o->nsets++] = a + 6;
        } else if (strcmp(a, "--seed") == 0) {
            if (++i == argc)
                return usage_error(usage, "%s needs a number", a);
            char *end;
            unsigned long long s = strtoull(argv[i], &end, 10);
            if (*end || argv[i][0] == '-' || end == argv[i] || s > 9007199254740991ULL)
                return usage_error(usage, "--seed: must be an integer in [0, 2^53-1], got %s",
                                   argv[i]);
            snprintf(o->seedbuf, sizeof o->seedbuf, "seed=%llu", s);
            if (o->nsets == MAX_SETS)
                return usage_error(usage, "too many --set options (limit %s)", "256");
            o->sets[o->nsets++] = o->seedbuf;
        } else if (want_out && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error(usage, "%s", unknown_option(a, want_out ? run_opts : check_opts));
        } else if (!o->file) {
            o->file = a;
        } else {
            return usage_error(usage, "unexpected argument %s", a);
        }
    }
    if (!o->file)
        return usage_error(usage, "missing the scenario file%s", "");
    return -1;
}

static int fail(const vdc_error *err, int code)
{
    fprintf(stderr, "vdcsim: %s\n", err->msg);
    return vdc_error_exit_status(code);
}

/* The run's summary line on stdout.  To a terminal it fits the width (the
 * least useful fields go first: events, wall time, seed); to a pipe or a
 * file it is always complete, for scripts. */
static void print_summary(const vdc_scenario *sc, const vdc_run_summary *sum, const char *db)
{
    char head[320], seed[48], simd[48], ev[48], wall[48], tail[320], line[1024];
    snprintf(head, sizeof head, "run %lld: %s", (long long)sum->run_id, sc->name);
    snprintf(seed, sizeof seed, "seed %lld", (long long)sc->seed);
    snprintf(simd, sizeof simd, "%.6g s simulated", sum->sim_s);
    snprintf(ev, sizeof ev, "%llu events", (unsigned long long)sum->events);
    snprintf(wall, sizeof wall, "%.3f s wall", sum->wall_s);
    snprintf(tail, sizeof tail, " -> %s", db);
    const char *parts[] = { head, seed, simd, ev, wall };
    static const int prio[] = { 100, 2, 3, 1, 1 };
    int cols = isatty(1) ? vdc_term_columns(1) - (int)strlen(tail) : 100000;
    size_t len = vdc_fit_line(line, sizeof line, cols, parts, prio, 5, ", ");
    if (isatty(1)) {                    /* a long name or path: elide its middle */
        snprintf(line + len, sizeof line - len, "%s", tail);
        vdc_elide_middle(line, vdc_term_columns(1));
        printf("%s\n", line);
    } else {
        printf("%s%s\n", line, tail);
    }
}

static int run_loaded(vdc_scenario *sc, const char *db, bool quiet, int64_t *run_id)
{
    vdc_error err = { 0 };
    vdc_run_opts ro = { .db_path = db, .progress = !quiet && isatty(2) };
    vdc_run_summary sum = { 0 };
    /* An output that cannot take the results is found before the work. */
    int rc = vdc_results_check(db, &err);
    if (rc)
        return fail(&err, rc);
    rc = vdc_sim_run(sc, &ro, &sum, &err);
    if (rc == VDC_EINTR) {
        fprintf(stderr, "vdcsim: interrupted; nothing written to %s\n", db);
        return 130;
    }
    if (rc)
        return fail(&err, rc);
    if (!quiet)
        print_summary(sc, &sum, db);
    if (run_id)
        *run_id = sum.run_id;
    return 0;
}

/* Options, then the scenario: returns -1 with *sc loaded, else an exit code. */
static int load_cmd(int argc, char **argv, const char *usage, bool want_out, opts *o,
                    vdc_scenario **sc)
{
    int x = parse_opts(argc, argv, o, usage, want_out);
    if (x >= 0)
        return x;
    /* Input errors are collected (up to VDC_ERRORS_MAX), so that a scenario
     * with several mistakes is fixed in one round, each with its JSON path. */
    static vdc_errlist list;
    vdc_error err = { .list = &list };
    int rc = vdc_scenario_load(o->file, o->sets, o->nsets, sc, &err);
    if (!rc)
        return -1;
    if (rc != VDC_EINPUT || list.n <= 1)
        return fail(&err, rc);
    for (int i = 0; i < list.n; i++)
        fprintf(stderr, "vdcsim: %s\n", list.msg[i]);
    fprintf(stderr, "vdcsim: %d errors%s\n", list.n,
            list.full ? " shown; there are more (fix these and check again)" : "");
    return vdc_error_exit_status(rc);
}

static int cmd_run(int argc, char **argv)
{
    opts o;
    vdc_scenario *sc;
    int rc = load_cmd(argc, argv, usage_run, true, &o, &sc);
    if (rc >= 0)
        return rc;
    rc = run_loaded(sc, o.out ? o.out : "results.db", o.quiet, NULL);
    vdc_scenario_free(sc);
    return rc;
}

/* check's view of the initial placement: one line per VM, at most
 * CHECK_SHOW_VMS of them (a 10,000-host scenario stays readable). */
#define CHECK_SHOW_VMS 40
typedef struct check_ctx {
    int n;
    char line[CHECK_SHOW_VMS][160];
} check_ctx;

static void check_place(void *ctx, const char *vm, const char *host, const char *reason)
{
    check_ctx *c = ctx;
    if (c->n < CHECK_SHOW_VMS)
        snprintf(c->line[c->n], sizeof c->line[0], "  %-20s -> %-20s (%s)", vm, host, reason);
    c->n++;
}

static int cmd_check(int argc, char **argv)
{
    opts o;
    vdc_scenario *sc;
    int rc = load_cmd(argc, argv, usage_check, false, &o, &sc);
    if (rc >= 0)
        return rc;
    /* Initialise the models too (no clock, no results): placement refuses
     * here what `run` would refuse, with the same message. */
    static check_ctx c;
    vdc_error err = { 0 };
    if ((rc = vdc_sim_check(sc, check_place, &c, &err))) {
        vdc_scenario_free(sc);
        return fail(&err, rc);
    }
    printf("%s: ok: %d hosts, %d VMs, %d actions, %.6g s; models:", o.file, sc->nhost, sc->nvm,
           sc->naction, sc->duration_s);
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        if (sc->model[k].type)
            printf(" %s=%s", vdc_kind_name(k), sc->model[k].type->name);
    printf("\ninitial placement (VM -> host, why):\n");
    for (int i = 0; i < c.n && i < CHECK_SHOW_VMS; i++)
        printf("%s\n", c.line[i]);
    if (c.n > CHECK_SHOW_VMS)
        printf("  ... and %d more VMs (all in the placements table after a run)\n",
               c.n - CHECK_SHOW_VMS);
    if (c.n == 0)
        printf("  (none: no VM is placed at the start)\n");
    vdc_scenario_free(sc);
    return 0;
}

/* Two parameter rows that print the same (a parameter the models of a kind
 * share, e.g. the memory models' hardware profile fields). */
static bool same_param(const vdc_param *a, const vdc_param *b)
{
    return strcmp(a->name, b->name) == 0 && a->type == b->type && a->def == b->def &&
           a->min == b->min && a->max == b->max &&
           !strcmp(a->def_str ? a->def_str : "", b->def_str ? b->def_str : "") &&
           !strcmp(a->choices ? a->choices : "", b->choices ? b->choices : "") &&
           !strcmp(a->unit ? a->unit : "", b->unit ? b->unit : "") &&
           !strcmp(a->help ? a->help : "", b->help ? b->help : "");
}

/* Is p in every model of its kind (listing a whole kind prints it once)? */
static bool shared_by_kind(const vdc_param *p, int kind)
{
    int n = 0;
    for (const vdc_model_type *const *m = vdc_registry_list(kind); *m; m++, n++) {
        bool found = false;
        for (const vdc_param *q = (*m)->params; q && q->name && !found; q++)
            found = same_param(p, q);
        if (!found)
            return false;
    }
    return n > 1;
}

#define MODELS_MAX_PARAMS 256

/* A model's parameters; with `skip_shared`, only those its kind does not
 * share (they were printed once above). */
static void print_model_params(const vdc_model_type *m, bool skip_shared)
{
    vdc_param tbl[MODELS_MAX_PARAMS + 1];
    size_t n = 0;
    for (const vdc_param *p = m->params; p && p->name && n < MODELS_MAX_PARAMS; p++)
        if (!skip_shared || !shared_by_kind(p, m->kind))
            tbl[n++] = *p;
    tbl[n] = (vdc_param){ 0 };
    if (n) {
        printf(skip_shared ? "  its own parameters (and the shared ones above):\n"
                           : "  parameters:\n");
        vdc_param_print(stdout, tbl, "    ");
    } else if (skip_shared) {
        printf("  parameters: the shared ones above only\n");
    }
}

static void print_model_as(const vdc_model_type *m, bool skip_shared)
{
    printf("%s/%s: %s\n", vdc_kind_name(m->kind), m->name, m->help ? m->help : "");
    printf("  set in a scenario as \"models\": {\"%s\": {\"name\": \"%s\", ...}}\n",
           vdc_kind_name(m->kind), m->name);
    print_model_params(m, skip_shared);
    for (const vdc_action_type *const *a = m->actions; a && *a; a++) {
        printf("  action \"%s\": %s\n", (*a)->verb, (*a)->help ? (*a)->help : "");
        vdc_param_print(stdout, (*a)->params, "    ");
    }
    const vdc_vm_block *b = vdc_kind_vm_block(m->kind);
    if (b && !skip_shared) {
        printf("  per-VM block \"vms[i].%s\":\n", vdc_kind_name(m->kind));
        vdc_param_print(stdout, b->params, "    ");
    }    if (m->print_presets && !skip_shared)
        m->print_presets(stdout);
}

static void print_model(const vdc_model_type *m)
{
    print_model_as(m, false);
}

/* A whole kind: what its models share once, then each model's own part,
 * then the kind's per-VM block once. */
static void print_kind(int k)
{
    const vdc_model_type *const *list = vdc_registry_list(k);
    vdc_param tbl[MODELS_MAX_PARAMS + 1];
    size_t n = 0;
    if (list[0] && list[1])
        for (const vdc_param *p = list[0]->params; p && p->name && n < MODELS_MAX_PARAMS; p++)
            if (shared_by_kind(p, k))
                tbl[n++] = *p;
    tbl[n] = (vdc_param){ 0 };
    if (n) {
        printf("%s: parameters shared by every %s model (printed once):\n", vdc_kind_name(k),
               vdc_kind_name(k));
        vdc_param_print(stdout, tbl, "    ");
        printf("\n");
    }
    for (const vdc_model_type *const *m = list; *m; m++) {
        if (m != list)
            printf("\n");
        print_model_as(*m, n > 0);
    }
    const vdc_vm_block *b = vdc_kind_vm_block(k);
    if (b) {
        printf("\n%s: per-VM block \"vms[i].%s\" (every %s model reads it):\n",
               vdc_kind_name(k), vdc_kind_name(k), vdc_kind_name(k));
        vdc_param_print(stdout, b->params, "    ");
    }    /* presets shared by the kind's models: printed once, from the first that has them */
    void (*pp)(FILE *) = NULL;
    for (const vdc_model_type *const *m = list; *m && !pp; m++)
        pp = (*m)->print_presets;
    if (pp) {
        printf("\n%s: presets and profiles:\n", vdc_kind_name(k));
        pp(stdout);
    }
}

static int cmd_models(int argc, char **argv)
{
    if (argc > 0 && is_help(argv[0])) {
        fputs(usage_models, stdout);
        return 0;
    }
    if (argc > 1)
        return usage_error(usage_models, "unexpected argument %s", argv[1]);
    if (argc == 0) {
        for (int k = 0; k < VDC_KIND_COUNT; k++) {
            const char *def = vdc_kind_default(k);
            printf("%s%s%s%s\n", vdc_kind_name(k), def ? " (default " : " (off unless chosen",
                   def ? def : "", ")");
            for (const vdc_model_type *const *m = vdc_registry_list(k); *m; m++)
                printf("  %-14s %s\n", (*m)->name, (*m)->help ? (*m)->help : "");
        }
        printf("\n`vdcsim models NAME` shows a model's parameters; `vdcsim models scenario`\n"
               "the keys of the scenario file itself.\n");
        return 0;
    }
    const char *q = argv[0];
    if (strcmp(q, "scenario") == 0) {
        vdc_scenario_print_keys(stdout);
        return 0;
    }
    const char *slash = strchr(q, '/');
    int found = 0;
    int kind_only = vdc_kind_find(q);
    if (kind_only >= 0) {
        print_kind(kind_only);
        return 0;
    }
    for (int k = 0; k < VDC_KIND_COUNT; k++) {
        bool kind_match = slash ? strncmp(q, vdc_kind_name(k), (size_t)(slash - q)) == 0 &&
                                      strlen(vdc_kind_name(k)) == (size_t)(slash - q)
                                : strcmp(q, vdc_kind_name(k)) == 0;
        for (const vdc_model_type *const *m = vdc_registry_list(k); *m; m++) {
            const char *name = slash ? slash + 1 : q;
            if ((kind_match && !slash) || (strcmp((*m)->name, name) == 0 && (!slash || kind_match))) {
                if (found++)
                    printf("\n");
                print_model(*m);
            }
        }
    }
    if (!found) {
        fprintf(stderr, "vdcsim: models: no model or kind named \"%s\"; `vdcsim models` lists them\n", q);
        return 2;
    }
    return 0;
}

/* ---- rerun --------------------------------------------------------------- */

static int cmd_rerun(int argc, char **argv)
{
    const char *db = NULL, *id_s = NULL, *out = NULL;
    bool quiet = false;
    for (int i = 0; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_rerun, stdout);
            return 0;
        } else if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
            if (++i == argc)
                return usage_error(usage_rerun, "%s needs a file name", argv[i - 1]);
            out = argv[i];
        } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error(usage_rerun, "%s", unknown_option(argv[i], rerun_opts));
        } else if (!db) {
            db = argv[i];
        } else if (!id_s) {
            id_s = argv[i];
        } else {
            return usage_error(usage_rerun, "unexpected argument %s", argv[i]);
        }
    }
    if (!db || !id_s)
        return usage_error(usage_rerun, "missing %s", !db ? "DB" : "RUN_ID");
    char *end;
    long long id = strtoll(id_s, &end, 10);
    if (*end || id < 1 || end == id_s)
        return usage_error(usage_rerun, "RUN_ID: must be a positive integer, got %s", id_s);
    const char *target = out ? out : db;
    vdc_error err = { 0 };
    vdc_scenario *sc;
    char *ver;
    int rc = vdc_results_check(target, &err);
    if (!rc)
        rc = vdc_rerun_load(db, id, &sc, &ver, &err);
    if (rc)
        return fail(&err, rc);
    if (strcmp(ver, VDC_VERSION) != 0)
        fprintf(stderr, "vdcsim: warning: run %lld was made by version %s, this is %s\n", id, ver,
                VDC_VERSION);
    free(ver);
    int64_t new_id = 0;
    rc = run_loaded(sc, target, quiet, &new_id);
    vdc_scenario_free(sc);
    if (rc)
        return rc;
    long diffs = 0;
    if ((rc = vdc_rerun_compare(db, id, target, new_id, &diffs, &err)))
        return fail(&err, rc);
    if (diffs) {
        printf("run %lld differs from run %lld: %ld metric/sample rows differ\n",
               (long long)new_id, id, diffs);
        return 1;
    }
    if (!quiet)
        printf("run %lld reproduces run %lld exactly (metrics and samples identical)\n",
               (long long)new_id, id);
    return 0;
}

int main(int argc, char **argv)
{
#ifdef VDC_FAULT
    vdc_fault_init();           /* test builds only (sim/fault.h) */
#endif
    if (argc < 2) {
        fprintf(stderr, "vdcsim: missing COMMAND (`vdcsim --help` lists them)\n");
        return 2;
    }
    const char *cmd = argv[1];
    if (is_help(cmd) || strcmp(cmd, "help") == 0) {
        fputs(usage_top, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("vdcsim %s\n", VDC_VERSION);
        return 0;
    }
    install_signals();
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "models") == 0)
        return cmd_models(argc - 2, argv + 2);
    if (strcmp(cmd, "rerun") == 0)
        return cmd_rerun(argc - 2, argv + 2);
    if (strcmp(cmd, "sweep") == 0)
        return vdc_sweep_main(argc - 2, argv + 2);
    if (strcmp(cmd, "merge") == 0)
        return vdc_merge_main(argc - 2, argv + 2);
    if (strcmp(cmd, "export") == 0)
        return vdc_export_main(argc - 2, argv + 2);
    if (strcmp(cmd, "report") == 0)
        return vdc_report_main(argc - 2, argv + 2);
    static const char *const cmds[] = { "run", "check", "models", "rerun", "sweep", "merge",
                                        "export", "report", "help", "version" };
    const char *s = vdc_param_suggest(cmd, cmds, sizeof cmds / sizeof *cmds);
    fprintf(stderr, "vdcsim: unknown command \"%s\"%s%s%s; `vdcsim --help` lists them\n", cmd,
            s ? " (did you mean \"" : "", s ? s : "", s ? "\"?)" : "");
    return 2;
}
