/* sweep.c -- `vdcsim sweep SWEEP.json`: run a sweep's points on -j
 * processes, resume, shard (sweep.h; the file itself: sweep_file.c).
 *
 * Work is handed out through a counter in shared memory (MAP_SHARED +
 * C11 atomics): each worker takes the next point, so long and short runs
 * balance.  Before running a point a worker claims it in the database
 * (sweep_claim.c), so a resumed or concurrent sweep never runs it twice;
 * each run is its own SQLite transaction (results.h), committed without
 * fsync (WAL synchronous=NORMAL: a crash of the process loses nothing, a
 * power cut may undo the last points, which a resume runs again); the
 * sweep ends with a checkpoint, which syncs them all.  Workers die with
 * the parent (PR_SET_PDEATHSIG, and a check of getppid between points);
 * SIGINT/SIGTERM sent to the parent is forwarded to them; a worker that
 * dies (OOM killer) is reported with the points it left undone.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE     /* MAP_ANONYMOUS */
#endif
#include "sweep.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "event.h"
#include "progress.h"
#include "results.h"
#include "scenario.h"
#include "sim.h"
#include "sweep_int.h"
#include "trace.h"

static const char *usage_sweep =
    "usage: vdcsim sweep SWEEP.json [-o DB] [-j JOBS] [--shard K/N] [--dry-run] [-q]\n"
    "\n"
    "Run every point of a sweep (a base scenario plus --set overrides) and append\n"
    "each run to DB (default results.db).  Points already in DB for this sweep\n"
    "are skipped, so an interrupted sweep resumes where it stopped; a point that\n"
    "another live process is running is left to it.\n"
    "\n"
    "  -o DB          results database\n"
    "  -j JOBS        worker processes (default 1; 0 = one per CPU)\n"
    "  --shard K/N    run only points K, K+N, K+2N, ... (1 <= K <= N)\n"
    "  --dry-run      print the points (one line of --set options each), run nothing\n"
    "  -q             no progress bar, no summary\n"
    "\n"
    "SWEEP.json: {\"name\": \"...\", \"base\": \"scenario.json\" (relative to SWEEP.json),\n"
    "  \"set\": [\"duration_s=30\"],                      fixed overrides\n"
    "  \"grid\": {\"vms[0].weight\": [128, 256, 512], ...},   cartesian product\n"
    "  \"list\": [{\"seed\": 3, \"vms[0].cap\": 50}, ...],       explicit points\n"
    "  \"random\": {\"samples\": 20, \"seed\": 1, \"params\": {\"vms[0].memory_gib\":\n"
    "             {\"min\": 1, \"max\": 64, \"log\": true, \"int\": false},\n"
    "             \"models.migration.policy\": {\"choices\": [\"qemu\", \"xen\"]}}},\n"
    "  \"seeds\": [1, 2, 3]}                                each point once per seed\n"
    "At most 100,000 points per sweep file.\n";

/* ---- options ----------------------------------------------------------------- */

typedef struct options {
    const char *file, *db;
    int jobs, shard_k, shard_n;
    bool quiet, dry;
} options;

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "vdcsim: sweep: %s%s (`vdcsim sweep --help` for usage)\n", what, arg);
    return 2;
}

/* A whole decimal integer in [lo, hi], or false. */
static bool int_in(const char *s, long lo, long hi, long *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return false;
    *out = (long)v;
    return true;
}

/* -1 when the options are good, else the exit status. */
static int parse_options(int argc, char **argv, options *o)
{
    *o = (options){ .db = "results.db", .jobs = 1, .shard_k = 1, .shard_n = 1 };
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        long v, k, n;
        bool value = i + 1 < argc;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_sweep, stdout);
            return 0;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && value) {
            o->db = argv[++i];
        } else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && value) {
            if (!int_in(argv[++i], 0, 1024, &v))
                return usage_error("-j: must be an integer in [0, 1024], got ", argv[i]);
            o->jobs = v == 0 ? (int)sysconf(_SC_NPROCESSORS_ONLN) : (int)v;
            o->jobs = o->jobs < 1 ? 1 : o->jobs;
        } else if (strcmp(a, "--shard") == 0 && value) {
            const char *s = argv[++i], *slash = strchr(s, '/');
            char ks[32];
            if (!slash || slash - s >= (long)sizeof ks)
                return usage_error("--shard: must be K/N with 1 <= K <= N, got ", s);
            memcpy(ks, s, (size_t)(slash - s));
            ks[slash - s] = 0;
            if (!int_in(ks, 1, VDC_SWEEP_MAX_POINTS, &k) ||
                !int_in(slash + 1, 1, VDC_SWEEP_MAX_POINTS, &n) || k > n)
                return usage_error("--shard: must be K/N with 1 <= K <= N <= 100000, got ", s);
            o->shard_k = (int)k;
            o->shard_n = (int)n;
        } else if (strcmp(a, "--dry-run") == 0) {
            o->dry = true;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = true;
        } else if (a[0] == '-') {
            return usage_error(value || a[1] == 0 ? "unknown option " : "unknown option or missing value: ", a);
        } else if (o->file) {
            return usage_error("unexpected argument ", a);
        } else {
            o->file = a;
        }
    }
    if (!o->file)
        return usage_error("missing the sweep file", "");
    return -1;
}

/* ---- resume: the points already in the database ------------------------------- */

static const vdc_sweep *sort_ctx;   /* qsort has no context argument in C11 */
static int cmp_key(const void *a, const void *b)
{
    return strcmp(sort_ctx->pts[*(const int *)a].key, sort_ctx->pts[*(const int *)b].key);
}

/* Mark done[i] for every point of this sweep in `db`: one pass over its
 * rows, each found by binary search (O((P + R) log P), not P x R). */
static int mark_done(const char *db, const vdc_sweep *sw, char *done, vdc_error *err)
{
    struct stat st;
    if (stat(db, &st) != 0)
        return 0;
    int *ord = malloc(((size_t)sw->npts + 1) * sizeof *ord);
    if (!ord)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    for (int i = 0; i < sw->npts; i++)
        ord[i] = i;
    sort_ctx = sw;
    qsort(ord, (size_t)sw->npts, sizeof *ord, cmp_key);
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(h, 60000);
        rc = sqlite3_prepare_v2(h, "SELECT point FROM sweep_points WHERE sweep = ?1", -1, &q, NULL);
        if (rc == SQLITE_ERROR && strncmp(sqlite3_errmsg(h), "no such table", 13) == 0)
            rc = SQLITE_DONE;           /* no sweep ran here yet: nothing done */
    }
    if (q) {
        sqlite3_bind_text(q, 1, sw->name, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            const char *k = (const char *)sqlite3_column_text(q, 0);
            int lo = 0, hi = sw->npts - 1;
            while (k && lo <= hi) {
                int mid = lo + (hi - lo) / 2, c = strcmp(sw->pts[ord[mid]].key, k);
                if (c == 0) {
                    done[ord[mid]] = 1;
                    break;
                }
                if (c < 0)
                    lo = mid + 1;
                else
                    hi = mid - 1;
            }
        }
    }
    if (rc != SQLITE_DONE)
        rc = vdc_error_set(err, VDC_EINPUT, "%s: cannot read: %s", db,
                           h ? sqlite3_errmsg(h) : "out of memory");
    else
        rc = 0;
    sqlite3_finalize(q);
    sqlite3_close(h);
    free(ord);
    return rc;
}

/* ---- running -------------------------------------------------------------------- */

typedef struct shared {
    atomic_int next, done, failed;
} shared;

typedef struct job {
    const vdc_sweep *sw;
    const int *todo;
    int ntodo;
    const char *db;
    shared *sh;
    bool bar;                   /* draw the progress bar between points */
    double t0;
    pid_t parent;               /* a worker stops when it is orphaned */
} job;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The sweep's bar, fitted to the terminal (sim/progress.h).  bar_shown is
 * the length drawn, so that the next redraw and the final clear cover it
 * (one bar per process: -j 1 draws it between points, -j N in the parent). */
static int bar_shown;

static void bar(int done, int total, double t0)
{
    double el = now_s() - t0, f = total ? (double)done / total : 1;
    char pts[64], elf[32], eta[32], line[256];
    snprintf(pts, sizeof pts, "%d/%d points", done, total);
    snprintf(elf, sizeof elf, "%.0f s", el);
    snprintf(eta, sizeof eta, "ETA %.0f s", done ? el * (total - done) / done : 0.0);
    const char *fields[] = { pts, elf, eta };
    static const int prio[] = { 3, 1, 2 };
    int len = (int)vdc_progress_format(line, sizeof line, vdc_term_columns(2), f, fields, prio, 3);
    fprintf(stderr, "\r%s%*s", line, bar_shown > len ? bar_shown - len : 0, "");
    bar_shown = len > bar_shown ? len : bar_shown;
}

static bool stop(const job *j)
{
    return vdc_engine_interrupted || (j->parent && getppid() != j->parent);
}

static int run_point(const job *j, int i)
{
    const vdc_sweep *sw = j->sw;
    size_t n;
    const char **sets = vdc_sweep_point_sets(sw, i, &n);
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    int rc = sets ? vdc_scenario_load(sw->base, sets, n, &sc, &err)
                  : vdc_error_set(&err, VDC_ENOMEM, "out of memory");
    if (!rc) {
        vdc_run_opts o = { .db_path = j->db, .sweep = sw->name, .point = sw->pts[i].key,
                           .sync_normal = true };
        rc = vdc_sim_run(sc, &o, NULL, &err);
    }
    if (rc && rc != VDC_EINTR)
        fprintf(stderr, "vdcsim: sweep point %d (%s): %s\n", i + 1, sw->pts[i].key, err.msg);
    vdc_scenario_free(sc);
    free(sets);
    return rc;
}

/* Claim, run, release one point; VDC_CLAIM_HELD if another process has it. */
static int claim_and_run(const job *j, vdc_claims *cl, int i)
{
    vdc_error err = { 0 };
    int c = vdc_claims_take(cl, j->sw->pts[i].key, &err);
    if (c < 0) {
        fprintf(stderr, "vdcsim: sweep point %d: %s\n", i + 1, err.msg);
        atomic_fetch_add(&j->sh->failed, 1);
        atomic_fetch_add(&j->sh->done, 1);
        return 0;
    }
    if (c == VDC_CLAIM_HELD)
        return VDC_CLAIM_HELD;
    int rc = c == VDC_CLAIM_DONE ? 0 : run_point(j, i);
    vdc_claims_release(cl, j->sw->pts[i].key);
    if (rc == VDC_EINTR)
        return rc;
    if (rc)
        atomic_fetch_add(&j->sh->failed, 1);
    atomic_fetch_add(&j->sh->done, 1);
    if (j->bar)
        bar(atomic_load(&j->sh->done), j->ntodo, j->t0);
    return 0;
}

/* The loop of a worker (or of the sweep itself with -j 1): points from the
 * shared counter; those another process holds are retried at the end,
 * every 200 ms, until done there or free.  Returns an exit status. */
static int work(const job *j)
{
    vdc_error err = { 0 };
    vdc_claims *cl = vdc_claims_open(j->db, j->sw->name, &err);
    int *held = malloc(((size_t)j->ntodo + 1) * sizeof *held), nheld = 0, status = 0;
    if (!cl || !held) {
        fprintf(stderr, "vdcsim: sweep: %s\n", cl ? "out of memory" : err.msg);
        vdc_claims_close(cl);
        free(held);
        return 1;
    }
    for (;;) {
        int k = atomic_fetch_add(&j->sh->next, 1);
        if (k >= j->ntodo || stop(j))
            break;
        int rc = claim_and_run(j, cl, j->todo[k]);
        if (rc == VDC_CLAIM_HELD)
            held[nheld++] = j->todo[k];
        else if (rc == VDC_EINTR)
            break;
    }
    while (nheld > 0 && !stop(j)) {
        int left = 0;
        for (int h = 0; h < nheld && !stop(j); h++) {
            int rc = claim_and_run(j, cl, held[h]);
            if (rc == VDC_CLAIM_HELD)
                held[left++] = held[h];
        }
        nheld = left;
        if (nheld > 0)
            nanosleep(&(struct timespec){ 0, 200 * 1000 * 1000 }, NULL);
    }
    if (stop(j))
        status = 130;
    vdc_claims_close(cl);
    free(held);
    return status;
}

/* What became of the workers. */
typedef struct outcome {
    int died;                   /* workers that exited abnormally */
} outcome;

static void forward(const pid_t *kids, int n, int sig)
{
    for (int w = 0; w < n; w++)
        if (kids[w] > 0)
            kill(kids[w], sig);
}

/* Fork the workers and wait for them, drawing the bar and forwarding a
 * SIGINT/SIGTERM the sweep receives; report any that died. */
static int run_workers(job *j, int jobs, outcome *oc)
{
    pid_t *kids = calloc((size_t)jobs, sizeof *kids);
    if (!kids) {
        fprintf(stderr, "vdcsim: sweep: out of memory\n");
        return 1;
    }
    fflush(NULL);
    pid_t me = getpid();
    int alive = 0;
    for (int w = 0; w < jobs; w++) {
        kids[w] = fork();
        if (kids[w] == 0) {
#ifdef __linux__
            prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
            if (getppid() != me)            /* the parent died before prctl */
                _exit(130);
            j->parent = me;
            j->bar = false;
            _exit(work(j));
        }
        if (kids[w] < 0) {
            perror("vdcsim: sweep: fork");
            vdc_engine_interrupted = 1;      /* stop the others too */
            break;
        }
        alive++;
    }
    bool forwarded = false;
    bool show = j->bar;
    unsigned polls = 0;
    while (alive > 0) {
        if (vdc_engine_interrupted && !forwarded) {
            forward(kids, jobs, SIGTERM);
            forwarded = true;
        }
        int st;
        pid_t p = waitpid(-1, &st, WNOHANG);
        if (p > 0) {
            for (int w = 0; w < jobs; w++)
                if (kids[w] == p)
                    kids[w] = 0;
            alive--;
            bool ok = WIFEXITED(st) && (WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == 130);
            if (!ok) {
                oc->died++;
                if (WIFSIGNALED(st))
                    fprintf(stderr, "vdcsim: sweep: worker %d was killed by signal %d (%s)\n",
                            (int)p, WTERMSIG(st), strsignal(WTERMSIG(st)));
                else
                    fprintf(stderr, "vdcsim: sweep: worker %d exited with status %d\n", (int)p,
                            WIFEXITED(st) ? WEXITSTATUS(st) : -1);
            }
            continue;
        }
        /* Look every 10 ms (a blocking waitpid would miss a signal that
         * lands just before it, and the last worker's exit is the sweep's
         * end: 200 ms between looks cost up to 14 % of a 1.4 s sweep);
         * redraw the bar every 200 ms. */
        if (show && ++polls % 20 == 1)
            bar(atomic_load(&j->sh->done), j->ntodo, j->t0);
        nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);   /* a signal cuts it short */
    }
    free(kids);
    return 0;
}

/* ---- the command ------------------------------------------------------------------ */

/* Validate every point to run before running any: a typo fails fast. */
static int validate(const vdc_sweep *sw, const int *todo, int ntodo)
{
    for (int k = 0; k < ntodo; k++) {
        int i = todo[k];
        size_t n;
        const char **sets = vdc_sweep_point_sets(sw, i, &n);
        vdc_scenario *sc = NULL;
        vdc_error err = { 0 };
        int e = sets ? vdc_scenario_load(sw->base, sets, n, &sc, &err)
                     : vdc_error_set(&err, VDC_ENOMEM, "out of memory");
        vdc_scenario_free(sc);
        free(sets);
        if (e) {
            fprintf(stderr, "vdcsim: %s: point %d (%s): %s\n", sw->file, i + 1, sw->pts[i].key,
                    err.msg);
            return vdc_error_exit_status(e);
        }
    }
    return 0;
}

static void print_points(const vdc_sweep *sw, const int *todo, int ntodo)
{
    for (int k = 0; k < ntodo; k++) {
        for (int f = 0; f < sw->nfixed; f++)
            printf("--set '%s' ", sw->fixed[f]);
        for (int s = 0; s < sw->pts[todo[k]].n; s++)
            printf("--set '%s' ", sw->pts[todo[k]].set[s]);
        printf("\n");
    }
}

/* The results database, its schema and the sweep's tables, created once
 * before the workers start (busy-safe against concurrent sweeps). */
static int prepare_db(const char *db)
{
    sqlite3 *h = NULL;
    vdc_error err = { 0 };
    int rc = vdc_results_open(db, (void **)&h, &err);
    if (!rc)
        rc = vdc_claims_setup(h, &err);
    sqlite3_close(h);
    if (rc)
        fprintf(stderr, "vdcsim: sweep: %s\n", err.msg);
    return rc ? vdc_error_exit_status(rc) : 0;
}

/* Make every point committed without fsync durable: a checkpoint syncs the
 * WAL, then the database (SQLite's WAL mode with synchronous=NORMAL). */
static void sync_db(const char *db)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 60000);
        sqlite3_exec(h, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);
    }
    sqlite3_close(h);
}

/* After the run: the points of this run still missing from the database. */
static int count_missing(const options *o, const vdc_sweep *sw, const int *todo, int ntodo,
                         bool list)
{
    char *done = calloc((size_t)sw->npts + 1, 1);
    vdc_error err = { 0 };
    if (!done || mark_done(o->db, sw, done, &err)) {
        fprintf(stderr, "vdcsim: sweep: cannot count the points done: %s\n",
                done ? err.msg : "out of memory");
        free(done);
        return -1;
    }
    int missing = 0;
    for (int k = 0; k < ntodo; k++)
        if (!done[todo[k]]) {
            if (list && missing < 10)
                fprintf(stderr, "vdcsim: sweep: point %d not run: %s\n", todo[k] + 1,
                        sw->pts[todo[k]].key);
            missing++;
        }
    free(done);
    return missing;
}

static int run_sweep(const options *o, const vdc_sweep *sw, const int *todo, int ntodo,
                     int inshard, int skipped)
{
    shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        perror("vdcsim: sweep: mmap");
        return 1;
    }
    atomic_init(&sh->next, 0);
    atomic_init(&sh->done, 0);
    atomic_init(&sh->failed, 0);
    int jobs = o->jobs > ntodo ? (ntodo > 0 ? ntodo : 1) : o->jobs, status = 0;
    job j = { sw, todo, ntodo, o->db, sh, !o->quiet && isatty(2), now_s(), 0 };
    outcome oc = { 0 };
    if (ntodo > 0)
        status = jobs <= 1 ? work(&j) : run_workers(&j, jobs, &oc);
    int ndone = atomic_load(&sh->done), nfail = atomic_load(&sh->failed);
    munmap(sh, sizeof *sh);
    if (ntodo > 0)
        sync_db(o->db);
    if (bar_shown)
        fprintf(stderr, "\r%*s\r", bar_shown, "");
    /* Count from the database, not from the workers' word: a worker killed
     * mid-point never says so. */
    int missing = vdc_engine_interrupted ? 0 : count_missing(o, sw, todo, ntodo, true);
    if (missing < 0)
        status = status ? status : 1;   /* said by count_missing */
    else
        missing -= nfail;
    /* jobs was lowered to the points left: say how many ran, and say so
     * plainly when there was nothing left to run. */
    if (!o->quiet && ntodo == 0)
        printf("sweep %s: %d points%s, %d already in %s: nothing left to run\n", sw->name,
               inshard, o->shard_n > 1 ? " in this shard" : "", skipped, o->db);
    else if (!o->quiet)
        printf("sweep %s: %d points%s, %d already in %s, %d run (%d failed) in %.2f s with %d job%s\n",
               sw->name, inshard, o->shard_n > 1 ? " in this shard" : "", skipped, o->db,
               ndone - nfail, nfail, now_s() - j.t0, jobs, jobs == 1 ? "" : "s");
    if (vdc_engine_interrupted) {
        fprintf(stderr, "vdcsim: interrupted; %d points done, run the same command to resume\n",
                ndone);
        return 130;
    }
    if (missing > 0 || oc.died)
        fprintf(stderr, "vdcsim: sweep: %d point%s not run%s; run the same command to resume\n",
                missing > 0 ? missing : 0, missing == 1 ? "" : "s",
                oc.died ? " (a worker died)" : "");
    return status ? status : (nfail || missing || oc.died) ? 1 : 0;
}

int vdc_sweep_main(int argc, char **argv)
{
    options o;
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    vdc_sweep sw;
    vdc_error err = { 0 };
    char *done = NULL;
    int *todo = NULL;
    if ((rc = vdc_sweep_load(o.file, &sw, &err)) ||
        (!o.dry && (rc = vdc_results_check(o.db, &err)))) {
        fprintf(stderr, "vdcsim: %s\n", err.msg);
        vdc_sweep_free(&sw);
        return vdc_error_exit_status(rc);
    }
    int ntodo = 0, skipped = 0, inshard = 0, status;
    done = calloc((size_t)sw.npts + 1, 1);
    todo = calloc((size_t)sw.npts + 1, sizeof *todo);
    if (!done || !todo) {
        fprintf(stderr, "vdcsim: sweep: out of memory\n");
        status = 1;
        goto out;
    }
    if ((rc = mark_done(o.db, &sw, done, &err))) {
        fprintf(stderr, "vdcsim: sweep: %s\n", err.msg);
        status = vdc_error_exit_status(rc);
        goto out;
    }
    for (int i = 0; i < sw.npts; i++) {
        if (i % o.shard_n != o.shard_k - 1)
            continue;
        inshard++;
        if (done[i])
            skipped++;
        else
            todo[ntodo++] = i;
    }
    /* Points of a sweep mostly share their trace files (a lab's 830 points
     * read 10 folders): parse each once here; the workers, forked after
     * validation, inherit the parsed samples (trace_cache.c). */
    vdc_trace_cache_on();
    if ((status = validate(&sw, todo, ntodo)))
        goto out;
    if (o.dry) {
        print_points(&sw, todo, ntodo);
        goto out;
    }
    if (ntodo > 0 && (status = prepare_db(o.db)))
        goto out;
    status = run_sweep(&o, &sw, todo, ntodo, inshard, skipped);
out:
    vdc_trace_cache_clear();
    free(done);
    free(todo);
    vdc_sweep_free(&sw);
    return status;
}
