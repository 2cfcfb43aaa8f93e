/* progress.c -- lines that fit the terminal: see progress.h. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MAX_PARTS 16

int vdc_term_columns(int fd)
{
    int cols = 0;
#ifdef TIOCGWINSZ
    struct winsize ws;
    if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        cols = ws.ws_col;
#else
    (void)fd;
#endif
    if (cols <= 0) {
        const char *c = getenv("COLUMNS");
        char *end;
        long v = c ? strtol(c, &end, 10) : 0;
        if (c && *c && !*end && v > 0 && v < 10000)
            cols = (int)v;
    }
    if (cols <= 0)
        cols = 80;
    return cols < 20 ? 20 : cols;
}

/* Length of the parts kept (keep[i]) joined by a separator of length ls. */
static size_t joined_len(const char *const *parts, const unsigned char *keep, int n, size_t ls);

size_t vdc_fit_line(char *buf, size_t n, int cols, const char *const *parts, const int *prio,
                    int nparts, const char *sep)
{
    if (n == 0)
        return 0;
    if (nparts > MAX_PARTS)
        nparts = MAX_PARTS;
    unsigned char keep[MAX_PARTS];
    for (int i = 0; i < nparts; i++)
        keep[i] = parts[i] && parts[i][0];
    size_t ls = strlen(sep), room = cols > 1 ? (size_t)cols - 1 : 0;
    while (joined_len(parts, keep, nparts, ls) > room) {
        int drop = -1;
        for (int i = 0; i < nparts; i++) {
            int p = prio ? prio[i] : 0;
            if (keep[i] && p < 100 && (drop < 0 || p <= (prio ? prio[drop] : 0)))
                drop = i;
        }
        if (drop < 0)
            break;                      /* only must-keep parts left */
        keep[drop] = 0;
    }
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < nparts; i++) {
        if (!keep[i])
            continue;
        int w = snprintf(buf + len, n - len, "%s%s", len ? sep : "", parts[i]);
        if (w < 0 || (size_t)w >= n - len) {
            len = n - 1;
            break;
        }
        len += (size_t)w;
    }
    return len;
}

static size_t joined_len(const char *const *parts, const unsigned char *keep, int n, size_t ls)
{
    size_t len = 0;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (keep[i])
            len += (k++ ? ls : 0) + strlen(parts[i]);
    return len;
}

size_t vdc_progress_format(char *buf, size_t n, int cols, double frac,
                           const char *const *fields, const int *prio, int nfields)
{
    if (n == 0)
        return 0;
    if (!(frac >= 0))
        frac = 0;
    if (frac > 1)
        frac = 1;
    char pct[8];
    snprintf(pct, sizeof pct, "%3.0f%%", frac * 100);
    int room = cols - 1;
    /* The fields get what is left after a minimal bar and the percentage;
     * then the bar takes whatever the fields left over, up to its maximum. */
    int fixed = (int)strlen(pct);
    int minbar = VDC_PROGRESS_BAR_MIN + 3;      /* "[" bar "] " */
    char rest[512];
    int avail = room - fixed - minbar - 2;      /* two spaces before the fields */
    size_t lr = avail > 0 ? vdc_fit_line(rest, sizeof rest, avail + 1, fields, prio, nfields, "  ")
                          : (rest[0] = '\0', 0);
    if (avail > 0 && (int)lr > avail)           /* must-keep fields too long */
        lr = 0, rest[0] = '\0';
    int bar = room - fixed - (lr ? 2 + (int)lr : 0) - 3;
    if (bar > VDC_PROGRESS_BAR_MAX)
        bar = VDC_PROGRESS_BAR_MAX;
    static const char hashes[] = "##############################";
    int w;
    if (bar >= VDC_PROGRESS_BAR_MIN) {
        int full = (int)(frac * bar);
        w = snprintf(buf, n, "[%.*s%*s] %s%s%s", full, hashes, bar - full, "", pct,
                     lr ? "  " : "", rest);
    } else {
        w = snprintf(buf, n, "%s%s%s", pct, lr ? "  " : "", rest);
    }
    return w < 0 ? 0 : (size_t)w >= n ? n - 1 : (size_t)w;
}

size_t vdc_elide_middle(char *buf, int cols)
{
    size_t len = strlen(buf), room = cols > 4 ? (size_t)cols - 1 : 3;
    if (len <= room)
        return len;
    size_t keep = room - 3, head = keep * 2 / 5, tail = keep - head;
    memmove(buf + head + 3, buf + len - tail, tail + 1);
    memcpy(buf + head, "...", 3);
    return room;
}
