/* sweep_claim.c -- who is running which point of a sweep (sweep_int.h).
 *
 * Why in the database: it is the one thing every process of a sweep --
 * workers, a resumed sweep, a concurrent sweep, shards on one machine --
 * already shares and locks.  Taking a claim is one short IMMEDIATE
 * transaction (check done, check claim, write claim), so two processes
 * cannot both take a point; a run's own commit (results.c) records it as
 * done.  Liveness on this host is checked from /proc (pid plus its start
 * time, so a reused pid does not hold a claim); a claim from another host
 * (a database on a shared disk) holds for a lease, as there is no way to
 * see that process.
 *
 * Cost per point (issue 15: these transactions serialised the workers of
 * `-j 2` on the write lock and on fsync): claims are advisory, so their
 * commits do not fsync (WAL synchronous=NORMAL; a claim lost to a power cut
 * only lets the point run again), and a finished point's claim is dropped
 * in the transaction that takes the next one, or at close -- one write
 * transaction per point instead of two.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE     /* gethostname */
#endif
#include "sweep_int.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "results.h"

struct vdc_claims {
    sqlite3 *db;
    sqlite3_stmt *done, *get, *put, *del;
    char *last;                 /* released point whose claim is still to drop */
    char host[256];
    long long pid, start;       /* this process */
};

int vdc_claims_setup(void *db, vdc_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS sweep_points(run_id INTEGER, sweep TEXT, point TEXT);"
                     "CREATE INDEX IF NOT EXISTS sweep_points_key ON sweep_points(sweep, point);"
                     "CREATE TABLE IF NOT EXISTS sweep_claims(sweep TEXT, point TEXT, host TEXT,"
                     " pid INTEGER, pid_start INTEGER, claimed_at REAL, PRIMARY KEY(sweep, point))",
                     NULL, NULL, &msg) != SQLITE_OK) {
        vdc_error_set(err, VDC_EIO, "sweep tables: %s", msg ? msg : "out of memory");
        sqlite3_free(msg);
        return VDC_EIO;
    }
    return 0;
}

/* Start time of process pid (clock ticks since boot, /proc/PID/stat field
 * 22), 0 if unknown; -1 if the process does not exist or is a zombie. */
static long long proc_start(long long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%lld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        if (kill((pid_t)pid, 0) == 0 || errno == EPERM)
            return 0;                           /* alive, no /proc */
        return -1;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')');          /* the name may hold spaces */
    if (!p || p[1] != ' ')
        return 0;
    if (p[2] == 'Z' || p[2] == 'X')
        return -1;
    p += 2;
    for (int field = 3; field < 22 && p; field++) {
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    return p ? strtoll(p, NULL, 10) : 0;
}

static double wall_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

vdc_claims *vdc_claims_open(const char *db_path, const char *sweep, vdc_error *err)
{
    vdc_claims *c = calloc(1, sizeof *c);
    if (!c) {
        vdc_error_set(err, VDC_ENOMEM, "out of memory");
        return NULL;
    }
    if (gethostname(c->host, sizeof c->host - 1) != 0)
        snprintf(c->host, sizeof c->host, "?");
    c->pid = (long long)getpid();
    c->start = proc_start(c->pid);
    if (sqlite3_open_v2(db_path, &c->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_busy_timeout(c->db, 120000);
    if (sqlite3_exec(c->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    if (sqlite3_prepare_v2(c->db, "SELECT 1 FROM sweep_points WHERE sweep = ?1 AND point = ?2",
                           -1, &c->done, NULL) ||
        sqlite3_prepare_v2(c->db, "SELECT host, pid, pid_start, claimed_at FROM sweep_claims"
                           " WHERE sweep = ?1 AND point = ?2", -1, &c->get, NULL) ||
        sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO sweep_claims VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &c->put, NULL) ||
        sqlite3_prepare_v2(c->db, "DELETE FROM sweep_claims WHERE sweep = ?1 AND point = ?2"
                           " AND host = ?3 AND pid = ?4", -1, &c->del, NULL))
        goto fail;
    sqlite3_stmt *all[] = { c->done, c->get, c->put, c->del };
    for (size_t i = 0; i < 4; i++)
        sqlite3_bind_text(all[i], 1, sweep, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(c->put, 3, c->host, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->put, 4, c->pid);
    sqlite3_bind_int64(c->put, 5, c->start);
    sqlite3_bind_text(c->del, 3, c->host, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->del, 4, c->pid);
    return c;
fail:
    vdc_error_set(err, VDC_EIO, "%s: sweep claims: %s", db_path,
                  c->db ? sqlite3_errmsg(c->db) : "out of memory");
    vdc_claims_close(c);
    return NULL;
}

/* Is the claim in c->get's current row held by a live process other than us? */
static int held(const vdc_claims *c)
{
    const char *host = (const char *)sqlite3_column_text(c->get, 0);
    long long pid = sqlite3_column_int64(c->get, 1), start = sqlite3_column_int64(c->get, 2);
    double at = sqlite3_column_double(c->get, 3);
    if (!host || strcmp(host, c->host) != 0)
        return wall_now() - at < VDC_SWEEP_LEASE_S;
    if (pid == c->pid)
        return 0;
    long long s = proc_start(pid);
    return s >= 0 && (s == 0 || start == 0 || s == start);
}

static int step_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc;
}

/* Drop the claim of the point released last (inside a transaction or not). */
static int drop_last(vdc_claims *c)
{
    if (!c->last)
        return SQLITE_DONE;
    sqlite3_bind_text(c->del, 2, c->last, -1, SQLITE_STATIC);
    int rc = step_reset(c->del);
    sqlite3_bind_null(c->del, 2);
    free(c->last);
    c->last = NULL;
    return rc;
}

int vdc_claims_take(vdc_claims *c, const char *point, vdc_error *err)
{
    int rc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL), out = VDC_CLAIM_OK;
    if (rc == SQLITE_OK && drop_last(c) != SQLITE_DONE)
        rc = SQLITE_ERROR;
    sqlite3_bind_text(c->done, 2, point, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->get, 2, point, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->put, 2, point, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) {
        rc = step_reset(c->done);
        if (rc == SQLITE_ROW)
            out = VDC_CLAIM_DONE;
    }
    if (rc == SQLITE_DONE) {
        rc = sqlite3_step(c->get);
        if (rc == SQLITE_ROW && held(c))
            out = VDC_CLAIM_HELD;
        sqlite3_reset(c->get);
        rc = rc == SQLITE_ROW ? SQLITE_DONE : rc;
    }
    if (rc == SQLITE_DONE && out == VDC_CLAIM_OK) {
        sqlite3_bind_double(c->put, 6, wall_now());
        rc = step_reset(c->put);
    }
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        out = vdc_error_set(err, rc == SQLITE_NOMEM ? VDC_ENOMEM : VDC_EIO, "sweep claim: %s",
                            sqlite3_errmsg(c->db));
        if (!sqlite3_get_autocommit(c->db))
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_bind_null(c->done, 2);
    sqlite3_bind_null(c->get, 2);
    sqlite3_bind_null(c->put, 2);
    return out;
}

void vdc_claims_release(vdc_claims *c, const char *point)
{
    /* Dropped with the next take or at close.  Meanwhile the point is done
     * (its run committed: takers see it done first) or failed and held by
     * this live process a few ms longer.  Best effort: a claim left behind
     * is dead once this process is. */
    free(c->last);
    if ((c->last = strdup(point)))
        return;
    sqlite3_bind_text(c->del, 2, point, -1, SQLITE_STATIC);   /* no memory: drop it now */
    step_reset(c->del);
    sqlite3_bind_null(c->del, 2);
}

void vdc_claims_close(vdc_claims *c)
{
    if (!c)
        return;
    if (c->db && c->del)
        drop_last(c);
    free(c->last);
    sqlite3_finalize(c->done);
    sqlite3_finalize(c->get);
    sqlite3_finalize(c->put);
    sqlite3_finalize(c->del);
    sqlite3_close(c->db);
    free(c);
}
