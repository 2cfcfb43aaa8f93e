/* trace.c -- reading utilisation traces (trace.h).
 *
 * A file is read whole (at most VDC_TRACE_MAX_FILE_BYTES, regular files
 * only, so /dev/zero or a FIFO cannot hang a run) and parsed line by line
 * with strtod; samples are counted first and stored once.  Every error is
 * one line naming the file and the line.  Folders are listed with readdir
 * and sorted with strcmp, so the order is the same on every file system.
 * Bitbrains: vms.csv gives each VM's capacity; fragments.csv its samples
 * (id, duration_ms, cpu_usage_mhz), a VM's fragments in file order from its
 * submission.  Durations are kept exactly (end_ns), and the part of the
 * VM's duration that no fragment covers becomes one final idle sample.
 * Limits: no quoted CSV fields (none of the supported formats has any).
 */
#include "trace.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- files and lines ------------------------------------------------------ */

static int slurp(const char *path, char **buf, size_t *len, vdc_error *err)
{
    struct stat st;
    *buf = NULL;
    if (stat(path, &st) != 0)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return vdc_error_set(err, VDC_EINPUT, "%s: not a regular file", path);
    if (st.st_size > VDC_TRACE_MAX_FILE_BYTES)
        return vdc_error_set(err, VDC_EINPUT, "%s: file too large (%lld bytes, limit %ld)", path,
                             (long long)st.st_size, VDC_TRACE_MAX_FILE_BYTES);
    FILE *f = fopen(path, "rb");
    if (!f)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s", path, strerror(errno));
    char *b = malloc((size_t)st.st_size + 1);
    if (!b) {
        fclose(f);
        return vdc_error_set(err, VDC_ENOMEM, "%s: out of memory", path);
    }
    size_t n = fread(b, 1, (size_t)st.st_size, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return vdc_error_set(err, VDC_EINPUT, "%s: read error", path);
    }
    b[n] = 0;
    *buf = b;
    *len = n;
    return 0;
}

/* Cut the next line out of *p (NUL-terminates it, strips \r); NULL at end. */
static char *next_line(char **p)
{
    char *s = *p;
    if (!*s)
        return NULL;
    char *e = strchr(s, '\n');
    if (e) {
        *e = 0;
        *p = e + 1;
    } else {
        *p = s + strlen(s);
    }
    size_t l = strlen(s);
    if (l && s[l - 1] == '\r')
        s[l - 1] = 0;
    return s;
}

static bool blank(const char *s) { return s[strspn(s, " \t")] == 0; }

/* Field k (0-based) of a comma-separated line, cut in place; NULL if short. */
static char *field(char *line, int k)
{
    char *s = line;
    for (int i = 0; i < k; i++) {
        s = strchr(s, ',');
        if (!s)
            return NULL;
        s++;
    }
    char *e = strchr(s, ',');
    if (e)
        *e = 0;
    return s;
}

/* A whole field as a finite number (spaces around allowed).  Plain
 * integers of up to 15 digits (PlanetLab's whole percentages: every sample
 * of a day) are converted here: exact below 2^53, so the double is the one
 * strtod returns; anything else goes to strtod. */
static bool number(const char *s, double *v)
{
    const char *q = s + strspn(s, " \t");
    int64_t x = 0;
    int digits = 0;
    while (*q >= '0' && *q <= '9' && digits < 16) {
        x = 10 * x + (*q++ - '0');
        digits++;
    }
    if (digits > 0 && digits <= 15 && (*q == 0 || *q == ' ' || *q == '\t') && blank(q)) {
        *v = (double)x;
        return true;
    }
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(*v))
        return false;
    return blank(end);
}

static void show(const char *s, char *out, size_t n)
{
    snprintf(out, n, "%.40s%s", s, strlen(s) > 40 ? "..." : "");
}

/* ---- one file --------------------------------------------------------------- */

/* Column index of `column` given the file's first data line. */
static int column_index(const char *path, const char *column, char *first, int line, bool *header,
                        vdc_error *err)
{
    char *endp;
    long k = strtol(column, &endp, 10);
    if (*column && !*endp) {
        if (k < 1 || k > 10000)
            return vdc_error_set(err, VDC_EINPUT, "%s: column: must be >= 1, got %s", path, column);
        char *copy = strdup(first);
        if (!copy)
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        char *f = field(copy, (int)k - 1);
        double v;
        *header = !f || !number(f, &v);
        free(copy);
        return (int)k - 1;
    }
    char *copy = strdup(first);
    if (!copy)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    char *s = copy;
    for (int i = 0; s; i++) {
        char *e = strchr(s, ',');
        if (e)
            *e = 0;
        s += strspn(s, " \t");
        if (strcmp(s, column) == 0) {
            free(copy);
            *header = true;
            return i;
        }
        s = e ? e + 1 : NULL;
    }
    free(copy);
    return vdc_error_set(err, VDC_EINPUT, "%s:%d: no column named \"%s\" in the header", path,
                         line, column);
}

int vdc_trace_read(vdc_trace *t, const char *path, const char *column, double lo, double hi,
                   vdc_error *err)
{
    vdc_trace_stamp stamp;
    if (vdc_trace_cache_get(t, path, column, lo, hi, &stamp))
        return 0;
    memset(t, 0, sizeof *t);
    char *buf;
    size_t len;
    int rc = slurp(path, &buf, &len, err);
    if (rc)
        return rc;
    if (memchr(buf, 0, len)) {
        free(buf);
        return vdc_error_set(err, VDC_EINPUT, "%s: not a text file (NUL byte)", path);
    }
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += buf[i] == '\n';
    t->v = malloc(cap * sizeof *t->v);
    t->file = strdup(path);
    if (!t->v || !t->file) {
        free(buf);
        vdc_trace_free(t);
        return vdc_error_set(err, VDC_ENOMEM, "%s: out of memory", path);
    }
    char *p = buf, *line;
    int ln = 0, col = 0;
    bool first = true, ended = false;
    while ((line = next_line(&p))) {
        ln++;
        if (line[strspn(line, " \t")] == '#')
            continue;
        if (blank(line)) {
            ended = true;           /* only blank lines may follow */
            continue;
        }
        if (ended) {
            rc = vdc_error_set(err, VDC_EINPUT, "%s:%d: empty line inside the samples", path,
                               ln - 1);
            goto fail;
        }
        if (first && column) {
            bool header = false;
            if ((col = column_index(path, column, line, ln, &header, err)) < 0) {
                rc = col;
                goto fail;
            }
            first = false;
            if (header)
                continue;
        }
        first = false;
        char *f = column ? field(line, col) : line;
        char got[64];
        double v;
        if (!f) {
            rc = vdc_error_set(err, VDC_EINPUT, "%s:%d: no column %d", path, ln, col + 1);
            goto fail;
        }
        if (!number(f, &v)) {
            show(f, got, sizeof got);
            rc = vdc_error_set(err, VDC_EINPUT, "%s:%d: not a number: \"%s\"%s", path, ln, got,
                               !column && strchr(f, ',') ? " (a CSV file needs \"column\")" : "");
            goto fail;
        }
        if (v < lo || v > hi) {
            rc = vdc_error_set(err, VDC_EINPUT, "%s:%d: %g is out of range [%g, %g]", path, ln, v,
                               lo, hi);
            goto fail;
        }
        t->v[t->n++] = (float)v;
    }
    if (t->n == 0) {
        rc = vdc_error_set(err, VDC_EINPUT, "%s: empty trace (no samples)", path);
        goto fail;
    }
    free(buf);
    vdc_trace_cache_put(t, path, column, lo, hi, &stamp);
    return 0;
fail:
    free(buf);
    vdc_trace_free(t);
    return rc;
}

void vdc_trace_free(vdc_trace *t)
{
    if (!t)
        return;
    free(t->file);
    free(t->v);
    free(t->end_ns);
    memset(t, 0, sizeof *t);
}

/* ---- folders ---------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int vdc_trace_list_dir(const char *dir, char ***names, int *n, vdc_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s", dir, strerror(errno));
    size_t bytes = 0;
    int count = 0;
    struct dirent *e;
    char path[4096];
    /* pass 1: count regular files and their name bytes */
    for (int pass = 0; pass < 2; pass++) {
        char **out = pass ? *names : NULL;
        char *pool = pass ? (char *)(out + count + 1) : NULL;
        int k = 0;
        rewinddir(d);
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            struct stat st;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            size_t l = strlen(e->d_name) + 1;
            if (!pass) {
                bytes += l;
                count++;
            } else if (k < count) {
                memcpy(pool, e->d_name, l);
                out[k++] = pool;
                pool += l;
            }
        }
        if (!pass) {
            *names = malloc((size_t)(count + 1) * sizeof(char *) + bytes + 1);
            if (!*names) {
                closedir(d);
                return vdc_error_set(err, VDC_ENOMEM, "%s: out of memory", dir);
            }
        } else {
            count = k;          /* the folder may have shrunk in between */
            out[k] = NULL;
        }
    }
    closedir(d);
    if (count == 0) {
        free(*names);
        *names = NULL;
        return vdc_error_set(err, VDC_EINPUT, "%s: no trace files in the folder", dir);
    }
    qsort(*names, (size_t)count, sizeof **names, cmp_str);
    *n = count;
    return 0;
}

/* ---- Bitbrains ---------------------------------------------------------------- */

/* Parse n numeric fields after the first (id) of a CSV line. */
static int csv_numbers(char *line, double *out, int n, const char *path, int ln, char **id,
                       vdc_error *err)
{
    char *s = line;
    char *e = strchr(s, ',');
    if (!e)
        return vdc_error_set(err, VDC_EINPUT, "%s:%d: expected %d columns", path, ln, n + 1);
    *e = 0;
    *id = s;
    s = e + 1;
    for (int i = 0; i < n; i++) {
        e = strchr(s, ',');
        if (e)
            *e = 0;
        else if (i < n - 1)
            return vdc_error_set(err, VDC_EINPUT, "%s:%d: expected %d columns", path, ln, n + 1);
        char got[64];
        if (!number(s, &out[i]) || out[i] < 0) {
            show(s, got, sizeof got);
            return vdc_error_set(err, VDC_EINPUT, "%s:%d: column %d: not a number >= 0: \"%s\"",
                                 path, ln, i + 2, got);
        }
        s = e ? e + 1 : s + strlen(s);
    }
    return 0;
}

static int read_bb_vms(const char *path, vdc_trace_bb_vm **vms, int *n, double *t0_ms,
                       double **dur_ms, vdc_error *err)
{
    char *buf;
    size_t len;
    int rc = slurp(path, &buf, &len, err);
    if (rc)
        return rc;
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += buf[i] == '\n';
    vdc_trace_bb_vm *v = calloc(cap, sizeof *v);
    double *sub = calloc(cap, sizeof *sub), *dur = calloc(cap, sizeof *dur);
    if (!v || !sub || !dur) {
        free(buf), free(v), free(sub), free(dur);
        return vdc_error_set(err, VDC_ENOMEM, "%s: out of memory", path);
    }
    char *p = buf, *line;
    int ln = 0, k = 0;
    while ((line = next_line(&p)) && !rc) {
        if (++ln == 1) {
            if (strncmp(line, "id,submission_time_ms,duration_ms,cpu_count,cpu_capacity_mhz,"
                              "mem_capacity_kb", 71) != 0)
                rc = vdc_error_set(err, VDC_EINPUT, "%s:1: expected the header id,submission_time_ms,"
                                   "duration_ms,cpu_count,cpu_capacity_mhz,mem_capacity_kb", path);
            continue;
        }
        if (blank(line))
            continue;
        double f[5];
        char *id = NULL;   /* gcc -O3 cannot see it set */
        if ((rc = csv_numbers(line, f, 5, path, ln, &id, err)))
            break;
        if (f[2] < 1 || f[2] > 1024 || f[2] != floor(f[2]) || f[3] <= 0) {
            rc = vdc_error_set(err, VDC_EINPUT, "%s:%d: cpu_count must be an integer in [1, 1024] "
                               "and cpu_capacity_mhz > 0", path, ln);
            break;
        }
        if (!(v[k].id = strdup(id))) {
            rc = vdc_error_set(err, VDC_ENOMEM, "out of memory");
            break;
        }
        sub[k] = f[0];
        dur[k] = f[1];
        v[k].cpu_count = (int64_t)f[2];
        v[k].capacity_mhz = f[3];
        v[k].memory_gib = f[4] / (1024.0 * 1024.0);
        k++;
    }
    free(buf);
    if (!rc && k == 0)
        rc = vdc_error_set(err, VDC_EINPUT, "%s: no VMs", path);
    double t0 = INFINITY;
    for (int i = 0; i < k; i++)
        t0 = fmin(t0, sub[i]);
    /* a later submission starts with that much idle time (dur covers it) */
    for (int i = 0; i < k && !rc; i++)
        dur[i] += sub[i] - t0;
    free(sub);
    if (rc) {
        vdc_trace_bb_free(v, k);
        free(dur);
        return rc;
    }
    *vms = v;
    *n = k;
    *t0_ms = t0;
    *dur_ms = dur;
    return 0;
}

int vdc_trace_bitbrains(const char *dir, vdc_trace_bb_vm **vms, int *nvm, vdc_error *err)
{
    char path[4096], fpath[4096];
    *vms = NULL;
    *nvm = 0;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return vdc_error_set(err, VDC_EINPUT, "%s: %s", dir,
                             errno && stat(dir, &st) != 0 ? strerror(errno) : "not a folder");
    snprintf(path, sizeof path, "%s/vms.csv", dir);
    snprintf(fpath, sizeof fpath, "%s/fragments.csv", dir);
    vdc_trace_bb_vm *v = NULL;
    int n = 0;
    double t0 = 0, *dur = NULL;
    int rc = read_bb_vms(path, &v, &n, &t0, &dur, err);
    if (rc)
        return rc;
    (void)t0;
    /* index by id: sort a copy of the order, then binary-search */
    int *ord = malloc((size_t)n * sizeof *ord);
    int *cnt = calloc((size_t)n, sizeof *cnt);
    char *buf = NULL;
    size_t len;
    if (!ord || !cnt) {
        rc = vdc_error_set(err, VDC_ENOMEM, "out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++)
        ord[i] = i;
    for (int i = 1; i < n; i++)          /* insertion sort: n is small */
        for (int j = i; j > 0 && strcmp(v[ord[j - 1]].id, v[ord[j]].id) > 0; j--) {
            int x = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = x;
        }
    for (int i = 1; i < n; i++)
        if (strcmp(v[ord[i - 1]].id, v[ord[i]].id) == 0) {
            rc = vdc_error_set(err, VDC_EINPUT, "%s: VM id \"%s\" appears twice", path,
                               v[ord[i]].id);
            goto out;
        }
    if ((rc = slurp(fpath, &buf, &len, err)))
        goto out;
    /* two passes: count fragments per VM, then store them */
    for (int pass = 0; pass < 2 && !rc; pass++) {
        char *copy = pass ? buf : strdup(buf);
        if (!copy) {
            rc = vdc_error_set(err, VDC_ENOMEM, "out of memory");
            break;
        }
        char *p = copy, *line;
        int ln = 0;
        while ((line = next_line(&p)) && !rc) {
            if (++ln == 1) {
                if (strncmp(line, "id,duration_ms,cpu_usage_mhz", 28) != 0)
                    rc = vdc_error_set(err, VDC_EINPUT,
                                       "%s:1: expected the header id,duration_ms,cpu_usage_mhz", fpath);
                continue;
            }
            if (blank(line))
                continue;
            double f[2];
            char *id = NULL;   /* gcc -O3 cannot see it set */
            if ((rc = csv_numbers(line, f, 2, fpath, ln, &id, err)))
                break;
            int lo = 0, hi = n - 1, at = -1;
            while (lo <= hi) {
                int mid = (lo + hi) / 2, c = strcmp(v[ord[mid]].id, id);
                if (c == 0) {
                    at = ord[mid];
                    break;
                }
                if (c < 0)
                    lo = mid + 1;
                else
                    hi = mid - 1;
            }
            if (at < 0) {
                rc = vdc_error_set(err, VDC_EINPUT, "%s:%d: VM id \"%s\" is not in vms.csv", fpath,
                                   ln, id);
                break;
            }
            if (f[0] <= 0) {
                rc = vdc_error_set(err, VDC_EINPUT, "%s:%d: duration_ms must be > 0", fpath, ln);
                break;
            }
            if (!pass) {
                cnt[at]++;
                continue;
            }
            vdc_trace *t = &v[at].trace;
            int64_t prev = t->n ? t->end_ns[t->n - 1] : 0;
            int64_t end = prev + (int64_t)llround(f[0] * 1e6);
            if ((double)end > dur[at] * 1e6 + 0.5) {
                rc = vdc_error_set(err, VDC_EINPUT, "%s:%d: VM %s's fragments last longer than its "
                                   "duration_ms in vms.csv (%.0f ms)", fpath, ln, id, dur[at]);
                break;
            }
            t->v[t->n] = (float)f[1];
            t->end_ns[t->n++] = end;
        }
        if (!pass) {
            free(copy);
            for (int i = 0; i < n && !rc; i++) {
                vdc_trace *t = &v[i].trace;
                t->v = malloc((size_t)(cnt[i] + 1) * sizeof *t->v);
                t->end_ns = malloc((size_t)(cnt[i] + 1) * sizeof *t->end_ns);
                t->file = strdup(fpath);
                if (!t->v || !t->end_ns || !t->file)
                    rc = vdc_error_set(err, VDC_ENOMEM, "out of memory");
            }
        }
    }
    /* the part of the duration no fragment covers: idle */
    for (int i = 0; i < n && !rc; i++) {
        vdc_trace *t = &v[i].trace;
        int64_t prev = t->n ? t->end_ns[t->n - 1] : 0;
        int64_t end = (int64_t)llround(dur[i] * 1e6);
        if (end > prev) {
            t->v[t->n] = 0;
            t->end_ns[t->n++] = end;
        }
        if (t->n == 0)
            rc = vdc_error_set(err, VDC_EINPUT, "%s: VM %s has no fragments and no duration",
                               fpath, v[i].id);
    }
out:
    free(buf);
    free(ord);
    free(cnt);
    free(dur);
    if (rc) {
        vdc_trace_bb_free(v, n);
        return rc;
    }
    *vms = v;
    *nvm = n;
    return 0;
}

void vdc_trace_bb_free(vdc_trace_bb_vm *vms, int n)
{
    for (int i = 0; vms && i < n; i++) {
        free(vms[i].id);
        vdc_trace_free(&vms[i].trace);
    }
    free(vms);
}
