/* bench_sweep.c -- a 256-point sweep with -j 1 and with -j 2 (issue 8 goal:
 * -j 2 takes <= 0.6x the time of -j 1 on this 2-core machine).
 *
 * Each point is a credit-scheduler run of 16 vCPUs on 4 pCPUs for 20 s
 * (tens of ms of work, so that process start-up and the SQLite commit do not
 * dominate).  Runs ./vdcsim as a user would; run from the project root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double timed(const char *cmd)
{
    double t0 = now_s();
    if (system(cmd) != 0) {
        fprintf(stderr, "bench_sweep: failed: %s\n", cmd);
        exit(1);
    }
    return now_s() - t0;
}

int main(void)
{
    char dir[] = "/tmp/vdc-bench-sweep.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[256], cmd[1024];
    snprintf(path, sizeof path, "%s/base.json", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "{\"duration_s\": 20, \"sample_window_s\": 0, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4}],"
               " \"vms\": [{\"name\": \"c\", \"count\": 8}, {\"name\": \"io\", \"count\": 8,"
               " \"workload\": {\"type\": \"io\", \"burst_ms\": 2, \"wait_ms\": 6}}],"
               " \"models\": {\"sched\": {\"name\": \"credit\", \"samples\": false}}}\n");
    fclose(f);
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    f = fopen(path, "w");
    fprintf(f, "{\"name\": \"bench\", \"base\": \"base.json\", \"grid\": {\"vms[0].weight\":"
               " [64, 128, 256, 512, 768, 1024, 2048, 4096], \"models.sched.tslice_ms\": [5, 10, 30, 60]},"
               " \"seeds\": [1, 2, 3, 4, 5, 6, 7, 8]}\n");
    fclose(f);
    double t[2][3];
    for (int rep = 0; rep < 3; rep++)
        for (int j = 1; j <= 2; j++) {
            snprintf(cmd, sizeof cmd, "rm -f %s/j.db* && ./vdcsim sweep %s -o %s/j.db -j %d -q",
                     dir, path, dir, j);
            t[j - 1][rep] = timed(cmd);
        }
    double b1 = t[0][0], b2 = t[1][0];
    for (int r = 1; r < 3; r++) {
        b1 = t[0][r] < b1 ? t[0][r] : b1;
        b2 = t[1][r] < b2 ? t[1][r] : b2;
    }
    printf("sweep: 256 points (credit, 16 vCPUs on 4 pCPUs, 20 s each), best of 3\n");
    printf("  -j 1: %.2f s   -j 2: %.2f s   ratio j2/j1: %.2f (goal <= 0.6)\n", b1, b2, b2 / b1);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) != 0;
}
