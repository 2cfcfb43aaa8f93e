/* report.c -- `vdcsim report DB [--lab NAME] [-o report.html]`: one
 * self-contained HTML page for a lab's database.
 *
 * The page holds the lab's questions (the "## Questions" section of its
 * README, turned into HTML by a small Markdown subset: headings, lists,
 * paragraphs, **bold**, `code`, code blocks; links keep their text only),
 * every plot of the lab drawn by its gnuplot script as SVG and inlined, the
 * key numbers as tables (one SQL query per lab), and every run with its
 * seed, version and swept parameters, plus each scenario as given.  Nothing
 * is fetched from elsewhere: no script, no external style, font or image
 * (tests/report.sh loads it in headless Chromium and checks that).
 *
 * Where the lab's files are: the directory of the running binary, then
 * ../share/vdcsim beside it (an installed tree), or $VDCSIM_DATA; plots need
 * gnuplot on PATH and are left out with a note without it.
 */
#include "export.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "version.h"

static const char *usage_report =
    "usage: vdcsim report DB [--lab NAME] [-o FILE.html]\n"
    "\n"
    "Write one self-contained HTML page for a lab database: the lab's questions,\n"
    "its plots (inline SVG, drawn by gnuplot), key numbers as tables, and the\n"
    "scenario, seed and version of every run.  Open it in any browser; it loads\n"
    "nothing from elsewhere.\n"
    "\n"
    "  --lab NAME     credit, memory, migration, startup, datacenter or resizing (default:\n"
    "                 from the file name NAME_lab.db, else from the run names)\n"
    "  -o FILE        output (default report.html)\n"
    "\n"
    "The lab's README and plot scripts are found beside the binary (source tree)\n"
    "or in PREFIX/share/vdcsim (installed), or in $VDCSIM_DATA.\n";

typedef struct lab {
    const char *name, *title, *run_prefix;
    const char *key_title, *key_sql;   /* the key numbers */
} lab;

static const lab lab_list[] = {
    { "credit", "Xen's Credit scheduler", "credit_", "CPU share of each VM, mean over the runs of each sweep",
      "SELECT r.scenario_name AS sweep, m.entity AS vm, count(*) AS runs,"
      " round(min(m.value), 4) AS min_share, round(avg(m.value), 4) AS mean_share,"
      " round(max(m.value), 4) AS max_share FROM metrics m JOIN runs r USING (run_id)"
      " WHERE m.name = 'share' AND m.entity IN (SELECT entity FROM metrics WHERE kind = 'vm'"
      " OR kind IS NULL) GROUP BY 1, 2 ORDER BY min(r.run_id), 2" },
    { "memory", "Memory and CPU virtualization costs", "mem_", "Overhead over native, by sweep and mode",
      "SELECT r.scenario_name AS sweep, o.hw, o.mode, o.cpu_virt, count(*) AS rows,"
      " round(min(o.overhead), 4) AS min_overhead, round(max(o.overhead), 4) AS max_overhead"
      " FROM mem_overhead o JOIN runs r USING (run_id) GROUP BY 1, 2, 3, 4"
      " ORDER BY min(r.run_id), 2, 3, 4" },
    { "migration", "Live migration", "mig_", "Migrations per sweep: downtime and total time",
      "SELECT r.scenario_name AS sweep, count(*) AS migrations,"
      " round(min(m.downtime_s), 3) AS min_downtime_s, round(max(m.downtime_s), 3) AS max_downtime_s,"
      " round(min(m.total_s), 2) AS min_total_s, round(max(m.total_s), 2) AS max_total_s,"
      " round(sum(m.bytes_sent) / 1073741824.0, 2) AS gib_sent"
      " FROM migrations m JOIN runs r USING (run_id) GROUP BY 1 ORDER BY min(r.run_id)" },
    { "startup", "Starting VMs, containers, microVMs and unikernels", "st_",
      "Time to start, by run and preset",
      "SELECT r.scenario_name AS run, b.preset, count(*) AS instances,"
      " round(min(b.start_time_s), 4) AS min_s, round(avg(b.start_time_s), 4) AS mean_s,"
      " round(max(b.start_time_s), 4) AS max_s FROM boots b JOIN runs r USING (run_id)"
      " GROUP BY r.run_id, 2 ORDER BY r.run_id, 2" },
    { "datacenter", "Server consolidation: energy against SLA over a day", "dc_",
      "One row per policy variant",
      "SELECT r.scenario_name AS variant,"
      " (SELECT round(value, 1) FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'energy_kwh') AS energy_kwh,"
      " (SELECT round(value, 1) FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'active_hosts_mean') AS hosts_on_mean,"
      " (SELECT value FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'migrations_requested') AS migrations,"
      " (SELECT round(coalesce(sum(downtime_s), 0), 1) FROM migrations WHERE run_id = r.run_id) AS downtime_s,"
      " (SELECT round(100 * value, 3) FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'sla_violation') AS sla_violation_pct,"
      " (SELECT round(100 * value, 2) FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'slatah') AS slatah_pct"
      " FROM runs r ORDER BY r.run_id" },
    { "resizing", "Resizing and memory overcommit", "rz_",
      "Per run: time lost to swap-ins, memory swapped by the host and saved by sharing",
      "SELECT r.scenario_name AS run,"
      " (SELECT round(avg(value), 3) FROM metrics WHERE run_id = r.run_id AND name = 'swap_wait_s') AS swap_wait_s_per_vm,"
      " (SELECT round(sum(value), 1) FROM metrics WHERE run_id = r.run_id AND name = 'host_swapped_mib') AS host_swapped_mib,"
      " (SELECT round(sum(value), 1) FROM metrics WHERE run_id = r.run_id AND name = 'shared_mib') AS shared_mib"
      " FROM runs r ORDER BY r.run_id" },
};
#define NLABS (sizeof lab_list / sizeof *lab_list)

/* ---- HTML helpers ---------------------------------------------------------- */

static void esc(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; s && i < n && s[i]; i++) {
        switch (s[i]) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(s[i], f);
        }
    }
}
#define ESC(f, s) esc((f), (s), (size_t)-1)

/* One line of Markdown text: `code`, **bold**, [text](link) -> text. */
static void inline_md(FILE *f, const char *s)
{
    while (*s) {
        const char *e;
        if (*s == '`' && (e = strchr(s + 1, '`'))) {
            fputs("<code>", f);
            esc(f, s + 1, (size_t)(e - s - 1));
            fputs("</code>", f);
            s = e + 1;
        } else if (s[0] == '*' && s[1] == '*' && (e = strstr(s + 2, "**"))) {
            fputs("<b>", f);
            esc(f, s + 2, (size_t)(e - s - 2));
            fputs("</b>", f);
            s = e + 2;
        } else if (*s == '[' && (e = strstr(s, "](")) && strchr(e, ')')) {
            esc(f, s + 1, (size_t)(e - s - 1));     /* the text, not the link */
            s = strchr(e, ')') + 1;
        } else {
            esc(f, s, 1);
            s++;
        }
    }
}

/* The "## Questions" section of a lab README as HTML. */
static int questions(FILE *f, const char *readme)
{
    FILE *in = fopen(readme, "r");
    if (!in)
        return -1;
    char line[4096];
    bool on = false, para = false, list = false, code = false;
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = 0;
        if (strncmp(line, "## ", 3) == 0) {
            if (on)
                break;                      /* the next section */
            on = strcmp(line + 3, "Questions") == 0;
            continue;
        }
        if (!on)
            continue;
        if (strncmp(line, "```", 3) == 0) {
            if (para) fputs("</p>\n", f), para = false;
            fputs(code ? "</pre>\n" : "<pre>", f);
            code = !code;
            continue;
        }
        if (code) {
            ESC(f, line);
            fputc('\n', f);
            continue;
        }
        const char *t = line + strspn(line, " ");
        bool item = (t[0] == '*' || t[0] == '-') && t[1] == ' ';
        size_t digits = strspn(t, "0123456789");
        bool num = digits > 0 && t[digits] == '.' && t[digits + 1] == ' ';
        if (!*t) {
            if (para) fputs("</p>\n", f), para = false;
            if (list) fputs("</li></ul>\n", f), list = false;
        } else if (strncmp(t, "### ", 4) == 0) {
            if (para) fputs("</p>\n", f), para = false;
            if (list) fputs("</li></ul>\n", f), list = false;
            fputs("<h3>", f);
            inline_md(f, t + 4);
            fputs("</h3>\n", f);
        } else if (item || num) {
            if (para) fputs("</p>\n", f), para = false;
            fputs(list ? "</li>\n<li>" : "<ul>\n<li>", f);
            if (num) {
                fprintf(f, "%.*s. ", (int)digits, t);
                inline_md(f, t + digits + 2);
            } else {
                inline_md(f, t + 2);
            }
            list = true;
        } else if (list && line[0] == ' ') {
            fputc(' ', f);                  /* continuation of an item */
            inline_md(f, t);
        } else {
            if (list) fputs("</li></ul>\n", f), list = false;
            fputs(para ? "\n" : "<p>", f);
            para = true;
            inline_md(f, t);
        }
    }
    if (code) fputs("</pre>\n", f);
    if (para) fputs("</p>\n", f);
    if (list) fputs("</li></ul>\n", f);
    fclose(in);
    return on ? 0 : -1;
}

/* A query's result as a table; returns rows, or -1 if it could not run. */
static int sql_table(FILE *f, sqlite3 *db, const char *sql, int max_rows)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int n = sqlite3_column_count(st), rows = 0, rc;
    fputs("<div class=\"scroll\"><table>\n<tr>", f);
    for (int c = 0; c < n; c++) {
        fputs("<th>", f);
        ESC(f, sqlite3_column_name(st, c));
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows++ >= max_rows)
            continue;
        fputs("<tr>", f);
        for (int c = 0; c < n; c++) {
            int t = sqlite3_column_type(st, c);
            fputs(t == SQLITE_INTEGER || t == SQLITE_FLOAT ? "<td class=\"n\">" : "<td>", f);
            ESC(f, (const char *)sqlite3_column_text(st, c));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
    if (rows > max_rows)
        fprintf(f, "<p class=\"note\">%d more rows not shown (<code>vdcsim export</code>"
                   " writes them all).</p>\n", rows - max_rows);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? rows : -1;
}

/* ---- plots ---------------------------------------------------------------- */

static bool have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* Single-quote s for sh (and for gnuplot's -e string: no ' allowed there). */
static bool shell_safe(const char *s)
{
    return !strchr(s, '\'') && !strchr(s, '\n');
}

/* Draw analysis/<script> as SVG and copy it inline, without its XML prolog. */
static void plot(FILE *f, const char *share, const char *script, const char *db)
{
    char tmp[] = "/tmp/vdcsim-report-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(f, "<p class=\"note\">%s: no temporary file</p>\n", script);
        return;
    }
    close(fd);
    char cmd[3 * PATH_MAX];
    snprintf(cmd, sizeof cmd,
             "gnuplot -e \"db='%s'; fmt='svg'; out='%s'\" '%s/analysis/%s' 2>%s.err", db, tmp,
             share, script, tmp);
    int rc = system(cmd);
    FILE *in = fopen(tmp, "r");
    char *svg = NULL;
    size_t len = 0;
    if (in) {
        fseek(in, 0, SEEK_END);
        long sz = ftell(in);
        fseek(in, 0, SEEK_SET);
        if (sz > 0 && (svg = malloc((size_t)sz + 1))) {
            len = fread(svg, 1, (size_t)sz, in);
            svg[len] = 0;
        }
        fclose(in);
    }
    char *start = svg ? strstr(svg, "<svg") : NULL;
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(strlen(script) - 3), script);
    fprintf(f, "<figure id=\"plot-%s\">\n", name);
    if (rc == 0 && start) {
        fputs(start, f);
    } else {
        char errf[64], msg[512] = "";
        snprintf(errf, sizeof errf, "%s.err", tmp);
        FILE *e = fopen(errf, "r");
        if (e) {
            size_t k = fread(msg, 1, sizeof msg - 1, e);
            msg[k] = 0;
            fclose(e);
        }
        fputs("<p class=\"note\">this plot could not be drawn: ", f);
        ESC(f, msg[0] ? msg : "no output");
        fputs("</p>\n", f);
    }
    fprintf(f, "<figcaption>%s (<code>analysis/%s</code>)</figcaption>\n</figure>\n", name,
            script);
    free(svg);
    remove(tmp);
    char errf[64];
    snprintf(errf, sizeof errf, "%s.err", tmp);
    remove(errf);
}

/* ---- where the lab's files are -------------------------------------------- */

static bool is_dir_with(const char *dir, const char *sub)
{
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/%s", dir, sub);
    return access(p, R_OK) == 0;
}

static bool find_share(char *out, size_t n)
{
    const char *env = getenv("VDCSIM_DATA");
    if (env && is_dir_with(env, "analysis")) {
        snprintf(out, n, "%s", env);
        return true;
    }
    char exe[PATH_MAX];
    ssize_t l = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (l <= 0)
        return false;
    exe[l] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = 0;
    char cand[PATH_MAX];
    snprintf(cand, sizeof cand, "%.*s", (int)(sizeof cand - 32), exe);   /* source tree */
    if (is_dir_with(cand, "analysis") && is_dir_with(cand, "scenarios/labs")) {
        snprintf(out, n, "%s", cand);
        return true;
    }
    snprintf(cand, sizeof cand, "%.*s/../share/vdcsim", (int)(sizeof cand - 32), exe);
    if (is_dir_with(cand, "analysis")) {
        snprintf(out, n, "%s", cand);
        return true;
    }
    return false;
}

static const lab *guess_lab(sqlite3 *db, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < NLABS; i++) {
        size_t l = strlen(lab_list[i].name);
        if (strncmp(base, lab_list[i].name, l) == 0 && strncmp(base + l, "_lab", 4) == 0)
            return &lab_list[i];
    }
    const lab *best = NULL;
    int most = 0;
    for (size_t i = 0; i < NLABS; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM runs WHERE scenario_name LIKE ?1 || '%'",
                               -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, lab_list[i].run_prefix, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > most) {
                most = sqlite3_column_int(st, 0);
                best = &lab_list[i];
            }
        }
        sqlite3_finalize(st);
    }
    return best;
}

/* ---- the page ------------------------------------------------------------- */

static const char *css =
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;"
    "line-height:1.45}h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}"
    "code{background:#f3f3f3;padding:0 .2em}pre{background:#f3f3f3;padding:.6em;overflow:auto}"
    "table{border-collapse:collapse;font-size:.85em;margin:.5em 0}"
    "th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left}td.n{text-align:right;"
    "font-variant-numeric:tabular-nums}th{background:#eee}div.scroll{overflow-x:auto}"
    "figure{margin:1.5em 0}figure svg{max-width:100%;height:auto;border:1px solid #ddd}"
    "figcaption{font-size:.85em;color:#555}.note{color:#a50}details{margin:.3em 0}";

static int page(FILE *f, sqlite3 *db, const char *dbpath, const lab *lb, const char *share)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>vdcsim lab report: %s</title>\n<style>%s</style>\n</head>\n<body>\n",
            lb ? lb->name : "runs", css);
    fputs("<h1>", f);
    ESC(f, lb ? lb->title : "vdcsim results");
    fputs("</h1>\n<p>Database <code>", f);
    ESC(f, dbpath);
    fprintf(f, "</code>; page written by vdcsim %s.", VDC_VERSION);
    fputs(" Versions that made the runs: ", f);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT group_concat(v, ', ') FROM (SELECT DISTINCT version AS v"
                               " FROM runs ORDER BY 1)", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        ESC(f, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    fputs(".</p>\n<nav><a href=\"#questions\">Questions</a> · <a href=\"#plots\">Plots</a> · "
          "<a href=\"#numbers\">Key numbers</a> · <a href=\"#runs\">Runs</a> · "
          "<a href=\"#scenarios\">Scenarios</a></nav>\n", f);

    fputs("<h2 id=\"questions\">Questions</h2>\n", f);
    char path[PATH_MAX + 256];
    if (lb && share) {
        snprintf(path, sizeof path, "%s/scenarios/labs/%s/README.md", share, lb->name);
        if (questions(f, path))
            fprintf(f, "<p class=\"note\">no questions found in %s</p>\n", path);
    } else {
        fputs("<p class=\"note\">not a lab database (or its README was not found): no"
              " questions.</p>\n", f);
    }

    fputs("<h2 id=\"plots\">Plots</h2>\n", f);
    if (!lb || !share) {
        fputs("<p class=\"note\">no lab plot scripts for this database.</p>\n", f);
    } else if (!have_gnuplot()) {
        fputs("<p class=\"note\">gnuplot is not installed (Debian: gnuplot-nox): no plots.</p>\n", f);
    } else if (!shell_safe(dbpath) || !shell_safe(share)) {
        fputs("<p class=\"note\">the database path contains a quote: no plots.</p>\n", f);
    } else {
        for (int i = 0; i < 16; i++) {
            /* the lab's scripts in the order of its README's plot table */
            static const char *const order[][8] = {
                { "credit", "weights", "cap", "boost", "balance", "latency", "cheat" },
                { "memory", "tlb", "pte", "cause", "pages" },
                { "migration", "downtime", "total", "rounds", "bandwidth", "memory", "wws",
                  "autoconverge" },
                { "startup", "kinds", "growth", "image", "density", "burst", "faas" },
                { "datacenter", "hosts", "power", "sla", "summary" },
            };
            for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
                if (strcmp(order[k][0], lb->name) != 0 || i + 1 >= 8 || !order[k][i + 1])
                    continue;
                char script[128];
                snprintf(script, sizeof script, "%s_%s.gp", lb->name, order[k][i + 1]);
                snprintf(path, sizeof path, "%s/analysis/%s", share, script);
                if (access(path, R_OK) == 0)
                    plot(f, share, script, dbpath);
            }
        }
    }

    fputs("<h2 id=\"numbers\">Key numbers</h2>\n", f);
    if (lb) {
        fputs("<h3>", f);
        ESC(f, lb->key_title);
        fputs("</h3>\n", f);
        if (sql_table(f, db, lb->key_sql, 200) < 0)
            fprintf(f, "<p class=\"note\">not available: %s</p>\n", sqlite3_errmsg(db));
    }
    fputs("<h3>Every scalar result, averaged over the runs of each name</h3>\n", f);
    sql_table(f, db,
              "SELECT r.scenario_name AS runs_named, m.kind, m.entity, m.name,"
              " count(*) AS n, round(avg(m.value), 6) AS mean, m.unit FROM metrics m"
              " JOIN runs r USING (run_id) WHERE m.kind IS NULL OR m.kind <> 'vm' OR"
              " m.name IN ('share', 'cpu_s') GROUP BY 1, 2, 3, 4 ORDER BY min(r.run_id), 2, 3, 4",
              300);

    fputs("<h2 id=\"runs\">Runs</h2>\n<p>Every run with its seed, the version that made it and"
          " the parameters that differ between runs.</p>\n", f);
    char *wide = vdc_export_wide_sql(db);
    char *q = wide ? sqlite3_mprintf("SELECT w.*, r.version, r.wall_s, r.status FROM (%s) w"
                                     " JOIN runs r USING (run_id)", wide)
                   : NULL;
    if (!q || sql_table(f, db, q, 500) < 0)
        fputs("<p class=\"note\">runs not available</p>\n", f);
    sqlite3_free(q);
    sqlite3_free(wide);

    fputs("<h2 id=\"scenarios\">Scenarios</h2>\n<p>Each scenario as given (with its --set"
          " overrides applied), one per run name: the first run of the name.</p>\n", f);
    if (sqlite3_prepare_v2(db, "SELECT scenario_name, min(run_id), count(*), scenario_json FROM runs"
                               " GROUP BY scenario_name ORDER BY min(run_id)", -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            fputs("<details><summary><code>", f);
            ESC(f, (const char *)sqlite3_column_text(st, 0));
            fprintf(f, "</code>: run %lld (%d runs of this name)</summary><pre>",
                    (long long)sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2));
            ESC(f, (const char *)sqlite3_column_text(st, 3));
            fputs("</pre></details>\n", f);
        }
    }
    sqlite3_finalize(st);
    fputs("</body>\n</html>\n", f);
    return ferror(f) ? -1 : 0;
}

int vdc_report_main(int argc, char **argv)
{
    const char *dbp = NULL, *out = "report.html", *labname = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_report, stdout);
            return 0;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(a, "--lab") == 0 && i + 1 < argc) {
            labname = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "vdcsim: report: unknown option or missing value: %s"
                            " (`vdcsim report --help` for usage)\n", a);
            return 2;
        } else if (!dbp) {
            dbp = a;
        } else {
            fprintf(stderr, "vdcsim: report: unexpected argument %s\n", a);
            return 2;
        }
    }
    if (!dbp) {
        fprintf(stderr, "vdcsim: report: missing the database (`vdcsim report --help`)\n");
        return 2;
    }
    const lab *lb = NULL;
    if (labname) {
        for (size_t i = 0; i < NLABS; i++)
            if (strcmp(lab_list[i].name, labname) == 0)
                lb = &lab_list[i];
        if (!lb) {
            fprintf(stderr, "vdcsim: report: --lab: no lab \"%s\" (valid: credit, memory,"
                            " migration, startup, datacenter)\n", labname);
            return 2;
        }
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *probe = NULL;
    if (access(dbp, R_OK) != 0 || sqlite3_open_v2(dbp, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT count(*) FROM runs", -1, &probe, NULL) != SQLITE_OK) {
        fprintf(stderr, "vdcsim: %s: not a vdcsim results database\n", dbp);
        sqlite3_finalize(probe);
        sqlite3_close(db);
        return 2;
    }
    sqlite3_finalize(probe);
    sqlite3_busy_timeout(db, 60000);
    if (!lb)
        lb = guess_lab(db, dbp);
    char share[PATH_MAX];
    bool have_share = find_share(share, sizeof share);
    /* write to a temporary file beside the output, then rename: no half page */
    char tmp[PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        perror(out);
        sqlite3_close(db);
        return 2;
    }
    int rc = page(f, db, dbp, lb, have_share ? share : NULL);
    if (fclose(f) != 0 || rc != 0 || rename(tmp, out) != 0) {
        perror(out);
        remove(tmp);
        sqlite3_close(db);
        return 1;
    }
    sqlite3_close(db);
    fprintf(stderr, "report: %s (%s lab)\n", out, lb ? lb->name : "no");
    return 0;
}
