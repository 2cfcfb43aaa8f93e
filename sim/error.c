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
    }
    return code;
}

void vdc_error_prefix(vdc_error *err, const char *prefix)
{
    char tmp[VDC_ERROR_MAX];
    if (!err || !prefix)
        return;
    snprintf(tmp, sizeof tmp, "%s%s", prefix, err->msg);
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
