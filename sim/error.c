/* error.c -- see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Messages are one line: control characters (from user-written keys or
 * values) become '?'. */
static void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

int vdc_error_set(vdc_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        one_line(err->msg);
        err->code = code;
        vdc_errlist *l = err->list;
        if (l && code == VDC_EINPUT &&
            (l->n == 0 || strcmp(l->msg[l->n - 1], err->msg) != 0)) {
            if (l->n < VDC_ERRORS_MAX)
                memcpy(l->msg[l->n++], err->msg, sizeof err->msg);
            else
                l->full = 1;
        }
    }
    return code;
}

int vdc_error_more(const vdc_error *err, int rc)
{
    return rc == VDC_EINPUT && err && err->list && !err->list->full;
}

void vdc_error_prefix(vdc_error *err, const char *prefix)
{
    char tmp[VDC_ERROR_MAX];
    if (!err || !prefix)
        return;
    snprintf(tmp, sizeof tmp, "%s%s", prefix, err->msg);
    vdc_errlist *l = err->list;
    if (l && l->n > 0 && strcmp(l->msg[l->n - 1], err->msg) == 0)
        memcpy(l->msg[l->n - 1], tmp, sizeof tmp);     /* the list says the same */
    memcpy(err->msg, tmp, sizeof tmp);
    one_line(err->msg);
}

int vdc_error_exit_status(int code)
{
    switch (code) {
    case VDC_OK: return 0;
    case VDC_EINPUT: return 2;
    case VDC_EINTR: return 130;
    default: return 1;
    }
}
