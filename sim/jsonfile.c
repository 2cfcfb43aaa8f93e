/* jsonfile.c -- reading and checking JSON input (jsonfile.h).
 *
 * The duplicate-key check walks the whole tree once after the parse: each
 * object's keys are compared pairwise, O(k^2) for k keys, which is cheap for
 * the objects people write (tens of keys) and bounded by the file size
 * limit for generated ones (a 64 MiB object of 4-byte keys would be slow,
 * but still finishes; the fuzzer's inputs are 8 KiB).
 */
#include "jsonfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- allocation hooks -------------------------------------------------- */

static int parse_oom;                   /* set by hook_malloc on failure */

static void *hook_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        parse_oom = 1;
    return p;
}

static void hook_free(void *p)
{
    free(p);
}

void vdc_jsonfile_hooks(void)
{
    static int done;
    if (!done) {
        cJSON_Hooks h = { hook_malloc, hook_free };
        cJSON_InitHooks(&h);
        done = 1;
    }
}

/* ---- reading ------------------------------------------------------------ */

int vdc_jsonfile_read(const char *path, char **text, size_t *len, vdc_error *err)
{
    struct stat st;
    *text = NULL;
    *len = 0;
    if (stat(path, &st) != 0)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return vdc_error_set(err, VDC_EINPUT, "%s: is a directory, expected a JSON file", path);
    if (st.st_size > VDC_JSONFILE_MAX_BYTES)
        return vdc_error_set(err, VDC_EINPUT, "%s: file too large (%lld bytes, limit %ld)", path,
                             (long long)st.st_size, VDC_JSONFILE_MAX_BYTES);
    FILE *f = fopen(path, "rb");
    if (!f)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s", path, strerror(errno));
    /* Size from stat, plus room to notice a file that grew (or a pipe). */
    size_t cap = (size_t)(S_ISREG(st.st_mode) ? st.st_size : 0) + 4096, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf) {
            fclose(f);
            return vdc_error_set(err, VDC_ENOMEM, "%s: out of memory", path);
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || ferror(f) || n > (size_t)VDC_JSONFILE_MAX_BYTES)
            break;
        char *b = realloc(buf, 2 * cap + 1);
        if (!b)
            free(buf);
        buf = b;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad || n > (size_t)VDC_JSONFILE_MAX_BYTES) {
        free(buf);
        return bad ? vdc_error_set(err, VDC_EINPUT, "%s: read error", path)
                   : vdc_error_set(err, VDC_EINPUT, "%s: file too large (limit %ld bytes)", path,
                                   VDC_JSONFILE_MAX_BYTES);
    }
    buf[n] = 0;
    *text = buf;
    *len = n;
    return 0;
}

/* ---- checks ---------------------------------------------------------------- */

/* Line and column (1-based) of byte `off` in text. */
static void line_col(const char *text, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

/* First duplicate key under `node`; its path is written into path[cap]. */
static const cJSON *find_dup(const cJSON *node, char *path, size_t at, size_t cap)
{
    int i = 0;
    for (const cJSON *c = node->child; c; c = c->next, i++) {
        size_t len = at;
        if (cJSON_IsObject(node) && c->string) {
            for (const cJSON *o = node->child; o != c; o = o->next)
                if (o->string && strcmp(o->string, c->string) == 0) {
                    snprintf(path + at, cap - at, "%s%s", at ? "." : "", c->string);
                    return c;
                }
            len += (size_t)snprintf(path + at, cap - at, "%s%s", at ? "." : "", c->string);
        } else {
            len += (size_t)snprintf(path + at, cap - at, "[%d]", i);
        }
        if (len >= cap)
            len = cap - 1;
        if (c->child) {
            const cJSON *d = find_dup(c, path, len, cap);
            if (d)
                return d;
        }
        path[at] = 0;
    }
    return NULL;
}

static int parse_copy(const char *text, size_t len, const char *label, cJSON **out,
                      vdc_error *err);

int vdc_jsonfile_parse(const char *text, size_t len, const char *label, cJSON **out,
                       vdc_error *err)
{
    *out = NULL;
    vdc_jsonfile_hooks();
    const char *nul = memchr(text, 0, len);
    if (nul)
        return vdc_error_set(err, VDC_EINPUT, "%s: not a text file (contains a NUL byte at offset %zu)",
                             label, (size_t)(nul - text));
    /* Work on a NUL-terminated copy: the caller's buffer (a fuzzer's) may not be. */
    char *copy = malloc(len + 1);
    if (!copy)
        return vdc_error_set(err, VDC_ENOMEM, "%s: out of memory", label);
    memcpy(copy, text, len);
    copy[len] = 0;
    int rc = parse_copy(copy, len, label, out, err);
    free(copy);
    return rc;
}

static int parse_copy(const char *text, size_t len, const char *label, cJSON **out,
                      vdc_error *err)
{
    if (strspn(text, " \t\r\n") == len)
        return vdc_error_set(err, VDC_EINPUT, "%s: empty file, expected a JSON value", label);
    const char *end = NULL;
    parse_oom = 0;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (!root) {
        if (parse_oom)
            return vdc_error_set(err, VDC_ENOMEM, "%s: out of memory while parsing", label);
        size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        int line, col;
        line_col(text, off, &line, &col);
        char near[16] = "end of file";
        if (off < len) {
            size_t k = 0;
            for (; k < 12 && off + k < len && text[off + k] != '\n'; k++)
                near[k] = (unsigned char)text[off + k] < 32 ? ' ' : text[off + k];
            near[k] = 0;
        }
        return vdc_error_set(err, VDC_EINPUT, "%s:%d:%d: JSON syntax error near \"%s\"", label,
                             line, col, near);
    }
    size_t used = end ? (size_t)(end - text) : len;
    if (used < len && strspn(end, " \t\r\n") < len - used) {
        int line, col;
        line_col(text, used, &line, &col);
        cJSON_Delete(root);
        return vdc_error_set(err, VDC_EINPUT, "%s:%d:%d: JSON syntax error: text after the end",
                             label, line, col);
    }
    char path[256] = "";
    const cJSON *d = find_dup(root, path, 0, sizeof path);
    if (d) {
        cJSON_Delete(root);
        return vdc_error_set(err, VDC_EINPUT, "%s: %s: duplicate key", label, path);
    }
    *out = root;
    return 0;
}

int vdc_jsonfile_load(const char *path, cJSON **out, vdc_error *err)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = vdc_jsonfile_read(path, &text, &len, err);
    if (rc)
        return rc;
    rc = vdc_jsonfile_parse(text, len, path, out, err);
    free(text);
    return rc;
}

int vdc_jsonfile_value(const char *text, const char *what, cJSON **out, vdc_error *err)
{
    return vdc_jsonfile_parse(text, strlen(text), what, out, err);
}
