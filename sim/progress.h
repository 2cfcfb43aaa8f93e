/* progress.h -- progress bars and summary lines that fit the terminal.
 *
 * A line wider than the terminal wraps, and a bar redrawn with '\r' then
 * scrolls one new line per update instead of overwriting itself.  Every
 * line drawn here is at most `cols - 1` characters (the last column is left
 * free: some terminals wrap on writing it).  Fields are dropped, lowest
 * priority first, until the line fits; the bar shrinks down to 10 cells and
 * goes when even that does not fit.  Pure functions, unit-tested in
 * tests/test_progress.c; vdc_term_columns is the only one reading the system.
 */
#ifndef VDC_PROGRESS_H
#define VDC_PROGRESS_H

#include <stddef.h>

#define VDC_PROGRESS_BAR_MAX 30         /* cells of a bar with room to spare */
#define VDC_PROGRESS_BAR_MIN 10         /* narrower than this: no bar at all */

/* Width of the terminal on `fd`: the window size if fd is a terminal, else
 * $COLUMNS if a positive number, else 80.  Never below 20. */
int vdc_term_columns(int fd);

/* Join parts[0..n) with `sep` into buf, leaving out parts, lowest prio[]
 * first (the latest part among equals), until the line holds in cols - 1
 * characters; the order of the parts kept is unchanged.  A part of priority
 * >= 100 is never left out (the line may then be longer).  Returns the
 * length written (buf is always NUL-terminated when n > 0). */
size_t vdc_fit_line(char *buf, size_t n, int cols, const char *const *parts, const int *prio,
                    int nparts, const char *sep);

/* Shorten buf in place to at most cols - 1 characters by replacing its
 * middle with "...", keeping more of the end (where a file name is) than of
 * the start.  Returns the new length. */
size_t vdc_elide_middle(char *buf, int cols);

/* "[#####     ]  42%  field  field ..." for a fraction done in [0, 1]:
 * fields as for vdc_fit_line (prio NULL: all equal, later ones dropped
 * first), then the bar as wide as the room left allows. */
size_t vdc_progress_format(char *buf, size_t n, int cols, double frac,
                           const char *const *fields, const int *prio, int nfields);

#endif
