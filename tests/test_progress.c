/* test_progress.c -- lines fitted to the terminal (sim/progress.h): every
 * width from 20 to 200 columns gives a line of at most cols - 1 characters
 * with the percentage in it; fields go lowest priority first, in order;
 * a must-keep part stays; eliding keeps the end of a long path. */
#include <string.h>

#include "progress.h"
#include "test_util.h"

static void test_bar_fits_every_width(void)
{
    const char *f[] = { "sim 123456.7/1000000.0 s", "wall 12345.6 s", "ETA 99999 s" };
    static const int prio[] = { 3, 1, 2 };
    char line[512];
    for (int cols = 20; cols <= 200; cols++) {
        for (double fr = 0; fr <= 1.0; fr += 0.25) {
            size_t n = vdc_progress_format(line, sizeof line, cols, fr, f, prio, 3);
            CU_ASSERT_EQUAL(n, strlen(line));
            CU_ASSERT(n <= (size_t)cols - 1);
            CU_ASSERT_PTR_NOT_NULL(strchr(line, '%'));
        }
    }
    /* wide: the bar at full width and every field */
    vdc_progress_format(line, sizeof line, 200, 0.5, f, prio, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "[###############               ]  50%"));
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "wall"));
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "ETA"));
    /* 60 columns: the lowest priority (wall) is the first to go */
    vdc_progress_format(line, sizeof line, 60, 0.5, f, prio, 3);
    CU_ASSERT_PTR_NULL(strstr(line, "wall"));
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "sim 123456.7"));
    /* 20 columns: a short bar and the percentage only */
    vdc_progress_format(line, sizeof line, 20, 1.0, f, prio, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "100%"));
    CU_ASSERT_PTR_NULL(strstr(line, "sim"));
}

static void test_fit_line_order_and_keep(void)
{
    const char *p[] = { "run 12: name", "seed 1", "60 s simulated", "68 events", "0.1 s wall" };
    static const int prio[] = { 100, 2, 3, 1, 1 };
    char line[256];
    vdc_fit_line(line, sizeof line, 200, p, prio, 5, ", ");
    CU_ASSERT_STRING_EQUAL(line, "run 12: name, seed 1, 60 s simulated, 68 events, 0.1 s wall");
    /* 45 columns: the two priority-1 parts go, the later one first */
    vdc_fit_line(line, sizeof line, 45, p, prio, 5, ", ");
    CU_ASSERT_STRING_EQUAL(line, "run 12: name, seed 1, 60 s simulated");
    vdc_fit_line(line, sizeof line, 20, p, prio, 5, ", ");
    CU_ASSERT_STRING_EQUAL(line, "run 12: name");
    /* must-keep longer than the room: kept anyway */
    vdc_fit_line(line, sizeof line, 5, p, prio, 5, ", ");
    CU_ASSERT_STRING_EQUAL(line, "run 12: name");
}

static void test_elide_middle(void)
{
    char s[128] = "run 1: a-very-long-scenario-name -> /a/long/path/to/results.db";
    size_t n = vdc_elide_middle(s, 40);
    CU_ASSERT_EQUAL(n, 39);
    CU_ASSERT_EQUAL(strlen(s), 39);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "..."));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "results.db"));
    CU_ASSERT_EQUAL(strncmp(s, "run 1: ", 7), 0);
    char t[] = "short";
    CU_ASSERT_EQUAL(vdc_elide_middle(t, 40), 5);
    CU_ASSERT_STRING_EQUAL(t, "short");
}

static const vdc_test tests[] = {
    { "progress bar fits 20..200 columns", test_bar_fits_every_width },
    { "fit_line: priorities, order, must-keep", test_fit_line_order_and_keep },
    { "elide the middle of a long line", test_elide_middle },
    { 0 },
};

VDC_TEST_MAIN("progress", tests)
