/* test_migration_wan.c -- sites, WAN links and the network cut-over.
 *
 * Setting: sites dc-a and dc-b, two hosts each (10 Gbit/s NICs, 50 us), one
 * WAN link of 1 Gbit/s (C = 1.25e8 B/s) and 20 ms one way.  A 1 GiB VM
 * (no headers, no state) moves from a-0 to b-0 by stop-and-copy at t = 1 s.
 * Known answers:
 *  - the WAN link is the bottleneck and adds its latency:
 *      total = downtime = 2^30 / C + 50 us + 20 ms;
 *  - two migrations at once share it: each 2^30 / (C/2) + latency;
 *  - cut-over (cutover.c): client downtime = pause + dns_ttl_s (tunnel),
 *    + vpn_route_update_s (vpn), + sdn_delay_ms (sdn); within one site the
 *    client sees the pause only and no byte crosses the WAN;
 *  - disk pre-copy over the WAN, no writes: total = (D + M) / C + latency;
 *  - bad input: a site pair without a link, an unknown site, a duplicate
 *    link are refused with the JSON path and the value.
 */
#include <string.h>

#include "scenario.h"
#include "test_util.h"

static char db[256];

#define WAN_BPS 1.25e8
#define MEM 1073741824.0
#define LAT (50e-6 + 20e-3)

static const char *hosts_json =
    " \"hosts\": [{\"name\": \"a\", \"count\": 2, \"site\": \"dc-a\", \"pcpus\": 4,"
    "   \"memory_gib\": 64, \"bandwidth_gbps\": 10, \"latency_us\": 50},"
    "  {\"name\": \"b\", \"count\": 2, \"site\": \"dc-b\", \"pcpus\": 4,"
    "   \"memory_gib\": 64, \"bandwidth_gbps\": 10, \"latency_us\": 50}],"
    " \"wan_links\": [{\"between\": [\"dc-a\", \"dc-b\"], \"bandwidth_gbps\": 1,"
    "   \"latency_ms\": 20}],";

static int64_t run(const char *vms, const char *model, const char *actions)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"name\": \"t\", \"seed\": 1, \"duration_s\": 600, %s"
             " \"vms\": [%s],"
             " \"models\": {\"migration\": {\"name\": \"stopcopy\", \"page_header_bytes\": 0,"
             "   \"state_mib\": 0, %s}},"
             " \"actions\": [%s]}", hosts_json, vms, model, actions);
    int64_t id = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT(id > 0);
    return id;
}

static double col(int64_t id, const char *c, const char *vm)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM migrations WHERE run_id=%lld AND vm='%s'", c,
             (long long)id, vm);
    return vdc_test_query(db, sql);
}

#define VM1 "{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"a-0\"}"
#define TO_B0 "{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"b-0\"}}"

static void t_wan_bottleneck(void)
{
    int64_t id = run(VM1, "\"cutover\": \"tunnel\"", TO_B0);
    double down = MEM / WAN_BPS + LAT;
    VDC_ASSERT_NEAR(col(id, "total_s", "v"), down, 2e-9);
    VDC_ASSERT_NEAR(col(id, "downtime_s", "v"), down, 2e-9);
    CU_ASSERT_EQUAL(col(id, "wan_bytes", "v"), MEM);
    /* tunnel: a reconnecting client waits out the DNS TTL */
    VDC_ASSERT_NEAR(col(id, "client_downtime_s", "v"), down + 60, 2e-9);
    CU_ASSERT_EQUAL(col(id, "tunnel_s", "v"), 60);
    VDC_ASSERT_NEAR(col(id, "tunnel_ms", "v"), 1e3 * LAT, 1e-9);
}

static void t_cutover_methods(void)
{
    double down = MEM / WAN_BPS + LAT;
    int64_t id = run(VM1, "\"cutover\": \"vpn\", \"vpn_route_update_s\": 2.5", TO_B0);
    VDC_ASSERT_NEAR(col(id, "client_downtime_s", "v"), down + 2.5, 2e-9);
    CU_ASSERT_EQUAL(col(id, "tunnel_s", "v"), 0);
    id = run(VM1, "\"cutover\": \"sdn\"", TO_B0);
    VDC_ASSERT_NEAR(col(id, "client_downtime_s", "v"), down + 0.1, 2e-9);
    /* within a site: the pause only, nothing over the WAN */
    id = run(VM1, "\"cutover\": \"tunnel\"",
             "{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"a-1\"}}");
    double local = MEM / 1.25e9 + 50e-6;
    VDC_ASSERT_NEAR(col(id, "client_downtime_s", "v"), local, 2e-9);
    CU_ASSERT_EQUAL(col(id, "wan_bytes", "v"), 0);
}

static void t_wan_shared(void)
{
    int64_t id = run(VM1 ", {\"name\": \"w\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"a-1\"}",
                     "\"cutover\": \"sdn\"",
                     TO_B0 ", {\"at_s\": 1, \"migrate\": {\"vm\": \"w\", \"to\": \"b-1\"}}");
    VDC_ASSERT_NEAR(col(id, "total_s", "v"), MEM / (WAN_BPS / 2) + LAT, 2e-9);
    VDC_ASSERT_NEAR(col(id, "total_s", "w"), MEM / (WAN_BPS / 2) + LAT, 2e-9);
}

static void t_disk_over_wan(void)
{
    int64_t id = run("{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"a-0\","
                     " \"migration\": {\"disk_gib\": 2}}",
                     "\"storage_mode\": \"precopy\"", TO_B0);
    VDC_ASSERT_NEAR(col(id, "total_s", "v"), (2 * MEM + MEM) / WAN_BPS + LAT, 3e-9);
    CU_ASSERT_EQUAL(col(id, "wan_bytes", "v"), 3 * MEM);
    CU_ASSERT_EQUAL(col(id, "disk_rounds", "v"), 1);
}

/* The scenario loader refuses what the network cannot route. */
static void expect_error(const char *hosts, const char *wan, const char *needle)
{
    char json[2048];
    snprintf(json, sizeof json, "{\"hosts\": [%s], \"wan_links\": [%s]}", hosts, wan);
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    int rc = vdc_scenario_parse(json, strlen(json), "wan.json", NULL, 0, &sc, &err);
    CU_ASSERT_EQUAL(rc, VDC_EINPUT);
    CU_ASSERT_PTR_NULL(sc);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
    if (!strstr(err.msg, needle))
        fprintf(stderr, "\n  message: %s (wanted %s)\n", err.msg, needle);
    vdc_scenario_free(sc);
}

static void t_bad_input(void)
{
    const char *two = "{\"name\": \"a\", \"site\": \"x\"}, {\"name\": \"b\", \"site\": \"y\"}";
    expect_error(two, "", "wan.json: wan_links: no link between sites \"x\" and \"y\"");
    expect_error(two, "{\"between\": [\"x\", \"z\"]}",
                 "wan.json: wan_links[0].between[1]: no host is at site, got \"z\"");
    expect_error(two, "{\"between\": [\"x\", \"y\"]}, {\"between\": [\"y\", \"x\"]}",
                 "wan.json: wan_links[1].between: sites \"y\" and \"x\" are already linked");
    expect_error(two, "{\"between\": [\"x\", \"y\"], \"bandwidth_gbps\": 0}",
                 "wan_links[0].bandwidth_gbps");
    expect_error("{\"name\": \"a\", \"site\": \"x\"}, {\"name\": \"b\"}", "",
                 "host b has no site but host a has one");
}

static void setup_db(void) { vdc_test_tmpdb(db, sizeof db, "migration_wan"); }

static const vdc_test tests[] = {
    { "setup", setup_db },
    { "the WAN link is the bottleneck and adds its latency; tunnel", t_wan_bottleneck },
    { "cut-over: vpn and sdn delays; same site sees the pause only", t_cutover_methods },
    { "two migrations share the WAN link", t_wan_shared },
    { "disk and memory over the WAN", t_disk_over_wan },
    { "bad WAN input: one-line errors with path and value", t_bad_input },
    { 0 }
};
VDC_TEST_MAIN("migration_wan", tests)
