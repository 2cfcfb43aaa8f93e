/* bench_scale.c -- issue 8, Performance 1-2: the data-center scale scenario.
 *
 * N hosts x 8 single-vCPU CPU-bound VMs (RAM 1/2/4 GiB at random, dirtying
 * at 0.2 x the 10 Gbit/s link over 90% of RAM), migration waves of 30
 * random VMs at 30 s + k x 60 s (placement `waves`, precopy_fluid, 2:1
 * core): scenarios/bench/gen_scale.py's recipe, generated here in C for any
 * N (RAM drawn from the stream "bench/ram").  Figures:
 *  1. scenarios/bench/scale-300x8.json, 120 s: parse and run wall time,
 *     in-process, db_path NULL, best of 5 (goal < 0.5 s; the peer 12.8 s);
 *  2. 10,000 x 8, 600 s in a child process: wall and peak RSS (getrusage
 *     (VmHWM of the child, /proc/self/status) (goal < 10 s, < 2 GB);
 *  3. N = 100 ... 10,000 (600 s), one child each: parse s, run s, events,
 *     peak RSS, and run time per host, to show near-linear growth;
 *  4. the cost of writing results: the 300 x 8 and 10,000 x 8 runs again
 *     with a database (sample_window_s 10 and 60 s);
 *  5. the placement policies alone: 80,000 VMs (1 vCPU, 1-4 GiB) onto
 *     10,000 hosts by first/best/worst-fit (vdc_place_all), best of 5;
 *  6. the cost of the consolidation model's monitor and steps under a
 *     dynamic load: the 10,000 x 8 scenario with onoff workloads (1.1 M
 *     fluid events in 600 s), fluid alone vs consolidate (period 0 and 60 s).
 * Set BENCH_SCALE_QUICK=1 to stop the table at 3,000 hosts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "models/placement/place.h"
#include "rng.h"
#include "scenario.h"
#include "sim.h"
#include "bench_util.h"

/* ---- the scenario text ---------------------------------------------------------- */

/* placement: NULL = the waves scenario; else a placement model JSON object
 * and onoff workloads (on 20/40/60 s, off 20/60/120 s, random phase). */
static char *gen_dc(int hosts, double dur, double window, const char *placement)
{
    buf b = { malloc(1 << 16), 0, 1 << 16 };
    const double dirty = 10e9 / 8 * 0.2 / 4096;     /* pages/s: 0.2 x 10 Gbit/s */
    gsl_rng *r = vdc_rng_stream(1, "bench/ram");
    put(&b, "{\"name\": \"scale-%dx8\", \"seed\": 1, \"duration_s\": %g, \"sample_window_s\": %g,"
            " \"hosts\": [{\"name\": \"h\", \"count\": %d, \"pcpus\": 4, \"memory_gib\": 64,"
            " \"bandwidth_gbps\": 10}], \"vms\": [", hosts, dur, window, hosts);
    for (int h = 0; h < hosts; h++)
        for (int k = 0; k < 8; k++) {
            static const int gib[] = { 1, 2, 4 };
            put(&b, "%s{\"name\": \"vm-%d-%d\", \"memory_gib\": %d, \"host\": \"h-%d\","
                    " \"migration\": {\"dirty_rate_pages_s\": %.5f, \"wws_fraction\": 0.9}",
                h || k ? "," : "", h, k, gib[gsl_rng_uniform_int(r, 3)], h, dirty);
            if (placement) {
                static const int on[] = { 20, 40, 60 }, off[] = { 20, 60, 120 };
                put(&b, ", \"workload\": {\"type\": \"onoff\", \"on_s\": %d, \"off_s\": %d,"
                        " \"phase_s\": %d}", on[gsl_rng_uniform_int(r, 3)],
                    off[gsl_rng_uniform_int(r, 3)], (int)gsl_rng_uniform_int(r, 60));
            }
            put(&b, "}");
        }
    put(&b, "], \"models\": {\"sched\": {\"name\": \"fluid\"}, \"placement\": %s,"
            " \"migration\": {\"name\": \"precopy_fluid\", \"policy\": \"qemu\","
            " \"oversubscription\": 2, \"round_samples\": false}}}",
        placement ? placement
                  : "{\"name\": \"waves\", \"start_s\": 30, \"period_s\": 60, \"vms\": 30}");
    gsl_rng_free(r);
    return b.p;
}

static char *gen(int hosts, double dur, double window) { return gen_dc(hosts, dur, window, NULL); }

/* The same data center written compactly (issue 15): three `count` groups
 * placed by `per_host` ranges, 3 + 3 + 2 VMs of 1, 2 and 4 GiB on every
 * host (a fixed mix, mean 2.25 GiB, instead of the random draw: 2.33). */
static char *gen_compact(int hosts, double dur, double window)
{
    buf b = { malloc(4096), 0, 4096 };
    static const struct { const char *name; int per, gib; } grp[] = {
        { "a", 3, 1 }, { "b", 3, 2 }, { "c", 2, 4 } };
    put(&b, "{\"name\": \"scale-%dx8c\", \"seed\": 1, \"duration_s\": %g, \"sample_window_s\": %g,"
            " \"hosts\": [{\"name\": \"h\", \"count\": %d, \"pcpus\": 4, \"memory_gib\": 64,"
            " \"bandwidth_gbps\": 10}], \"vms\": [", hosts, dur, window, hosts);
    for (int g = 0; g < 3; g++)
        put(&b, "%s{\"name\": \"%s\", \"count\": %d, \"host\": \"h-0\", \"per_host\": %d,"
                " \"memory_gib\": %d, \"migration\": {\"dirty_rate_pages_s\": %.5f,"
                " \"wws_fraction\": 0.9}}", g ? ", " : "", grp[g].name, grp[g].per * hosts,
            grp[g].per, grp[g].gib, 10e9 / 8 * 0.2 / 4096);
    put(&b, "], \"models\": {\"sched\": {\"name\": \"fluid\"}, \"placement\": {\"name\": \"waves\","
            " \"start_s\": 30, \"period_s\": 60, \"vms\": 30}, \"migration\": {\"name\":"
            " \"precopy_fluid\", \"policy\": \"qemu\", \"oversubscription\": 2,"
            " \"round_samples\": false}}}");
    return b.p;
}

static void tmpdb(char *p, size_t n, const char *tag);
static void rmdb(const char *p);

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = 0;
    fclose(f);
    return s;
}

/* ---- one run -------------------------------------------------------------------- */

typedef struct fig { double parse_s, run_s, events, hwm_mib, parse_cpu, cpu; } fig;

/* CPU time (user + system) of this process, s. */
static double cpu_s(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec +
           (double)u.ru_stime.tv_sec + 1e-6 * (double)u.ru_stime.tv_usec;
}

/* Peak resident set of this process (VmHWM), MiB; 0 if unknown. */
static double hwm_mib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = atof(line + 6);
    if (f)
        fclose(f);
    return kb / 1024;
}

static int run_text(const char *text, const char *db, fig *out)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    double c0 = cpu_s();
    double t0 = now_s();
    if (vdc_scenario_parse(text, strlen(text), "bench", NULL, 0, &sc, &err)) {
        fprintf(stderr, "parse: %s\n", err.msg);
        return 1;
    }
    double t1 = now_s(), c1 = cpu_s();
    vdc_run_opts o = { .db_path = db };
    vdc_run_summary sum = { 0 };
    int rc = vdc_sim_run(sc, &o, &sum, &err);
    double t2 = now_s();
    vdc_scenario_free(sc);
    if (rc) {
        fprintf(stderr, "run: %s\n", err.msg);
        return 1;
    }
    out->parse_s = t1 - t0;
    out->run_s = t2 - t1;
    out->events = (double)sum.events;
    out->hwm_mib = hwm_mib();
    out->parse_cpu = c1 - c0;
    out->cpu = cpu_s() - c0;
    return 0;
}

/* Run in a child; fill *f and the child's peak RSS in MiB. */
static int run_child(const char *text, const char *db, fig *f, double *rss_mib)
{
    int fd[2];
    if (pipe(fd))
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        fig g = { 0 };
        int rc = run_text(text, db, &g);
        if (write(fd[1], &g, sizeof g) != (ssize_t)sizeof g)
            rc = 1;
        _exit(rc);
    }
    close(fd[1]);
    fig g = { 0 };
    ssize_t k = read(fd[0], &g, sizeof g);
    close(fd[0]);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) ||
        k != (ssize_t)sizeof g)
        return 1;
    *f = g;
    *rss_mib = g.hwm_mib;
    return 0;
}

static void tmpdb(char *p, size_t n, const char *tag)
{
    snprintf(p, n, "/tmp/bench-scale-%s-%ld.db", tag, (long)getpid());
    unlink(p);
}

static void rmdb(const char *p)
{
    char s[300];
    unlink(p);
    snprintf(s, sizeof s, "%s-wal", p);
    unlink(s);
    snprintf(s, sizeof s, "%s-shm", p);
    unlink(s);
}

/* 5. vdc_place_all of V one-vCPU VMs on H hosts of 4 pCPUs, overcommit 2 */
static double place_time(int policy, int nh, int nv)
{
    vdc_sim sim;
    memset(&sim, 0, sizeof sim);
    vdc_host *hosts = calloc((size_t)nh, sizeof *hosts);
    vdc_vm *vms = calloc((size_t)nv, sizeof *vms);
    for (int h = 0; h < nh; h++) {
        hosts[h].name = "h";
        hosts[h].pcpus = 4;
        hosts[h].memory_gib = 64;
    }
    for (int v = 0; v < nv; v++) {
        vms[v].name = "v";
        vms[v].host = -1;
        vms[v].vcpus = 1;
        vms[v].memory_gib = 1 << (v % 3);
    }
    vdc_error err = { 0 };
    double best = 1e9;
    for (int rep = 0; rep < 5; rep++) {
        if (vdc_world_init(&sim.world, hosts, nh, vms, nv, &err))
            exit(1);
        vdc_place_params p = { policy, VDC_PLACE_BY_CPU, 2, 1 };
        vdc_place pl;
        double t0 = now_s();
        if (vdc_place_init(&pl, &sim.world, &p) || vdc_place_all(&pl, &sim, -1, "bench", &err)) {
            fprintf(stderr, "place: %s\n", err.msg);
            exit(1);
        }
        double t = now_s() - t0;
        best = t < best ? t : best;
        vdc_place_free(&pl);
        vdc_world_release(&sim.world);
    }
    free(hosts);
    free(vms);
    return best;
}

static long long file_bytes(const char *p)
{
    FILE *f = fopen(p, "rb");
    long long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        n = ftell(f);
    if (f)
        fclose(f);
    return n;
}

/* The compact scenario of `hosts` x 8, 600 s, window 60 s, with and without
 * a database, each in a child: CPU ratio, loading share, peak RSS. */
static int compact_pair(int hosts, fig *with, fig *without)
{
    char *t = gen_compact(hosts, 600, 60);
    char db[256];
    double rss;
    tmpdb(db, sizeof db, "compact");
    int rc = run_child(t, NULL, without, &rss) || run_child(t, db, with, &rss);
    if (!rc)
        printf("| %d | %d | %.2f (load %.2f) | %.2f (load %.2f) | **%.2f** | %.0f%% | %.0f / %.0f |"
               " %.1f |\n", hosts, 8 * hosts, without->cpu, without->parse_cpu, with->cpu,
               with->parse_cpu, with->cpu / without->cpu, 100 * without->parse_cpu / without->cpu,
               without->hwm_mib, with->hwm_mib, (double)file_bytes(db) / (1 << 20));
    rmdb(db);
    free(t);
    return rc;
}

/* make bench-big: the million-host run (BENCH_BIG_HOSTS to change it). */
static int big(void)
{
    const char *e = getenv("BENCH_BIG_HOSTS");
    int hosts = e ? atoi(e) : 1000000;
    char *t = gen_compact(hosts, 600, 60);
    char db[256];
    fig f, g;
    double rss, rss0;
    tmpdb(db, sizeof db, "big");
    printf("bench-big: %d hosts x 8 VMs (%d), 600 s, migration waves, fluid, compact scenario"
           " (%zu bytes); sizeof vdc_vm %zu, vdc_host %zu, vdc_vcpu %zu\n", hosts, 8 * hosts,
           strlen(t), sizeof(vdc_vm), sizeof(vdc_host), sizeof(vdc_vcpu));
    if (run_child(t, db, &f, &rss)) {
        fprintf(stderr, "bench-big: the run failed\n");
        return 1;
    }
    long long dbb = file_bytes(db);
    rmdb(db);
    if (run_child(t, NULL, &g, &rss0)) {
        fprintf(stderr, "bench-big: the run without a database failed\n");
        return 1;
    }
    printf("with database: wall %.1f s (load %.1f s + run %.1f s), CPU %.1f s, peak RSS %.0f MiB"
           " = %.0f bytes per VM (all included), database %.0f MiB, %.0f events\n",
           f.parse_s + f.run_s, f.parse_s, f.run_s, f.cpu, rss, rss * 1048576.0 / (8.0 * hosts),
           (double)dbb / 1048576.0, f.events);
    printf("without: wall %.1f s (load %.1f s), CPU %.1f s, peak RSS %.0f MiB = %.0f bytes per VM;"
           " CPU ratio with/without %.2f\n", g.parse_s + g.run_s, g.parse_s, g.cpu, rss0,
           rss0 * 1048576.0 / (8.0 * hosts), f.cpu / g.cpu);
    printf("goal: < 60 s wall, < 8192 MiB peak: %s\n",
           f.parse_s + f.run_s < 60 && rss < 8192 ? "met" : "NOT met");
    free(t);
    return 0;
}

int main(int argc, char **argv)
{
    int fail = 0;
    if (argc > 1 && strcmp(argv[1], "--big") == 0)
        return big();
    /* 1. the peer's scenario, from the committed file */
    char *s300 = slurp("scenarios/bench/scale-300x8.json");
    if (!s300) {
        fprintf(stderr, "run from the project root (scenarios/bench/scale-300x8.json)\n");
        return 1;
    }
    fig best = { 1e9, 1e9, 0, 0, 0, 0 };
    for (int i = 0; i < 5; i++) {
        fig f;
        if (run_text(s300, NULL, &f))
            return 1;
        if (f.parse_s + f.run_s < best.parse_s + best.run_s)
            best = f;
    }
    printf("scale-300x8 (file), 120 s, no db, best of 5: parse %.3f s + run %.3f s = %.3f s"
           " wall (%.0f events); goal < 0.5 s, peer 12.8 s: %.0fx faster\n",
           best.parse_s, best.run_s, best.parse_s + best.run_s, best.events,
           12.8 / (best.parse_s + best.run_s));
    fail |= best.parse_s + best.run_s >= 0.5;

    /* 2 + 3. growth with N, each in a child (peak RSS) */
    static const int ns[] = { 100, 300, 1000, 3000, 10000 };
    int quick = getenv("BENCH_SCALE_QUICK") != NULL;
    printf("\n| hosts | VMs | parse s | run s | wall s | events | peak RSS MiB | run us/host |\n"
           "|---|---|---|---|---|---|---|---|\n");
    double r10k = 0, rss10k = 0;
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        if (quick && ns[i] > 3000)
            break;
        char *t = gen(ns[i], 600, 60);
        fig f;
        double rss;
        if (run_child(t, NULL, &f, &rss)) {
            fprintf(stderr, "child failed at %d hosts\n", ns[i]);
            fail = 1;
            free(t);
            continue;
        }
        printf("| %d | %d | %.3f | %.3f | %.3f | %.0f | %.0f | %.1f |\n", ns[i], 8 * ns[i],
               f.parse_s, f.run_s, f.parse_s + f.run_s, f.events, rss,
               f.run_s / ns[i] * 1e6);
        if (ns[i] == 10000) {
            r10k = f.parse_s + f.run_s;
            rss10k = rss;
        }
        free(t);
    }
    if (r10k > 0) {
        printf("\n10,000 x 8, 600 s: %.2f s wall (goal < 10 s), peak RSS %.0f MiB (goal < 2048)\n",
               r10k, rss10k);
        fail |= r10k >= 10 || rss10k >= 2048;
    }

    /* 4. with a results database */
    char db[256];
    tmpdb(db, sizeof db, "300");
    fig f;
    double rss;
    if (!run_child(s300, db, &f, &rss))
        printf("\nscale-300x8 with a database (sample_window_s 10): parse %.3f s + run %.3f s "
               "(vs %.3f s without), peak RSS %.0f MiB\n", f.parse_s, f.run_s, best.run_s, rss);
    else
        fail = 1;
    rmdb(db);
    if (!quick) {
        char *t = gen(10000, 600, 60);
        tmpdb(db, sizeof db, "10k");
        if (!run_child(t, db, &f, &rss))
            printf("10,000 x 8 with a database (sample_window_s 60): parse %.3f s + run %.3f s, "
                   "peak RSS %.0f MiB\n", f.parse_s, f.run_s, rss);
        else
            fail = 1;
        rmdb(db);
        free(t);
    }
    if (!quick) {      /* 6. the data-center models under a dynamic load */
        static const char *const pl[][2] = {
            { "first_fit (fluid only)", "{\"name\": \"first_fit\"}" },
            { "consolidate, period_s 0", "{\"name\": \"consolidate\", \"period_s\": 0,"
                                         " \"cpu_overcommit\": 2}" },
            { "consolidate, period_s 60", "{\"name\": \"consolidate\", \"period_s\": 60,"
                                          " \"cpu_overcommit\": 2}" },
        };
        printf("\n10,000 x 8 onoff VMs, 600 s, no db (run s, best of 2):\n");
        for (size_t i = 0; i < sizeof pl / sizeof pl[0]; i++) {
            char *t = gen_dc(10000, 600, 0, pl[i][1]);
            fig g = { 0, 1e9, 0, 0, 0, 0 };
            for (int rep = 0; rep < 2; rep++) {
                if (run_text(t, NULL, &f)) {
                    fail = 1;
                    break;
                }
                if (f.run_s < g.run_s)
                    g = f;
            }
            printf("  %-26s run %.3f s, %.0f events\n", pl[i][0], g.run_s, g.events);
            free(t);
        }
    }
    /* 7. issue 15: the compact scenario, CPU with/without a database, loading share */
    printf("\ncompact scenario (count groups + per_host), 600 s, sample_window_s 60, one child"
           " each; CPU s (user + system):\n\n| hosts | VMs | CPU no db | CPU with db | ratio |"
           " loading share (no db) | peak RSS MiB no db / db | db MiB |\n"
           "|---|---|---|---|---|---|---|---|\n");
    static const int cs[] = { 10000, 100000 };
    for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
        fig w, wo;
        if (quick && cs[i] > 10000)
            break;
        if (compact_pair(cs[i], &w, &wo))
            fail = 1;
        else if (cs[i] == 100000)       /* reported, not failed: RESULTS.md says why */
            printf("\n100,000 hosts: database CPU ratio %.2f (goal <= 1.3: %s), loading %.0f%% of"
                   " the run (goal <= 20%%: %s)\n", w.cpu / wo.cpu,
                   w.cpu <= 1.3 * wo.cpu ? "met" : "not met", 100 * wo.parse_cpu / wo.cpu,
                   wo.parse_cpu <= 0.2 * wo.cpu ? "met" : "not met");
    }
    printf("\nplacement alone, 80,000 VMs onto 10,000 hosts (best of 5): first_fit %.1f ms,"
           " best_fit %.1f ms, worst_fit %.1f ms\n", 1e3 * place_time(VDC_PLACE_FIRST, 10000, 80000),
           1e3 * place_time(VDC_PLACE_BEST, 10000, 80000),
           1e3 * place_time(VDC_PLACE_WORST, 10000, 80000));
    printf("placement alone, 8,000 VMs onto 1,000 hosts (best of 5): first_fit %.2f ms,"
           " best_fit %.2f ms, worst_fit %.2f ms\n", 1e3 * place_time(VDC_PLACE_FIRST, 1000, 8000),
           1e3 * place_time(VDC_PLACE_BEST, 1000, 8000),
           1e3 * place_time(VDC_PLACE_WORST, 1000, 8000));
    free(s300);
    return fail;
}
