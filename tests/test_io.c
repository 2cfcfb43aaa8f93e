/* test_io.c -- the I/O model (models/io/): each path's cost by hand, device
 * sharing, the scheduled driver domain, profiles, passthrough vs migration,
 * bad input.
 *
 * Every expected value below is derived in its comment from the equations
 * of models/io/io_path.h with round override values, never read back from
 * the code: e.g. an emulated 4 KiB disk request with 10 exits of 1 us and
 * 4 us of device model on the vCPU's thread costs the guest 8 + 10 (1 + 4)
 * = 58 us.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/io/io_path.h"
#include "test_util.h"

/* A profile with round numbers: exit 1 us, 2 exits per interrupt. */
static vdc_io_prof round_prof(void)
{
    return (vdc_io_prof){
        .name = "round", .exit_us = 1, .hosted_us = 0, .intr_exits = 2,
        .emul_exits_disk = 10, .emul_exits_net = 5, .emul_us = 4, .emul_in_driver = 0,
        .emul_req_us = 3, .pv_kick_exits = 1, .pv_notify_us = 0.5, .pv_irq_exits = -1,
        .pv_upcall_us = 0.5, .pv_backend_us = 4, .pv_signal_us = 1, .pv_grant_us = 1.5,
        .batch_max = 32, .copy_gbps = 0, .iommu_us = 0.25,
    };
}

/* ---- 1. per-request costs by hand ------------------------------------- */

static void test_emulated(void)
{
    vdc_io_prof p = round_prof();
    vdc_io_req r = { .size_kib = 4, .qd = 1, .native_us = 8, .driver_us = 2 };
    vdc_io_cost c = vdc_io_cost_of(&p, VDC_IO_EMULATED, &r);
    /* guest 8 + 10 x 1 (exits) + 10 x 4 (device model on the vCPU) = 58;
     * backend 2 (real driver) + 3 (issue) = 5; latency 63 */
    VDC_ASSERT_NEAR(c.exits, 10, 1e-12);
    VDC_ASSERT_NEAR(c.guest_us, 58, 1e-9);
    VDC_ASSERT_NEAR(c.backend_us, 5, 1e-9);
    VDC_ASSERT_NEAR(c.latency_us, 63, 1e-9);
    /* the device model in the driver domain (Xen qemu-dm) moves 40 us */
    p.emul_in_driver = 1;
    c = vdc_io_cost_of(&p, VDC_IO_EMULATED, &r);
    VDC_ASSERT_NEAR(c.guest_us, 18, 1e-9);
    VDC_ASSERT_NEAR(c.backend_us, 45, 1e-9);
    /* type 2: every exit also pays the host crossing, 5 us: 58 + 10 x 5 */
    p = round_prof();
    p.hosted_us = 5;
    c = vdc_io_cost_of(&p, VDC_IO_EMULATED, &r);
    VDC_ASSERT_NEAR(c.guest_us, 108, 1e-9);
}

static void test_paravirtual(void)
{
    vdc_io_prof p = round_prof();
    vdc_io_req r = { .size_kib = 16, .qd = 1, .native_us = 8, .driver_us = 2 };
    vdc_io_cost c = vdc_io_cost_of(&p, VDC_IO_PARAVIRTUAL, &r);
    /* b = 1: guest 8 + (1 x 1 + 0.5 + 2 x 1 + 0.5) = 12;
     * backend (dom0 CPU per request) 2 + 4 + 4 pages x 1.5 + 2 x 1 = 14 */
    VDC_ASSERT_NEAR(c.exits, 3, 1e-12);
    VDC_ASSERT_NEAR(c.guest_us, 12, 1e-9);
    VDC_ASSERT_NEAR(c.backend_us, 14, 1e-9);
    /* qd 64 > batch_max 32: b = 32; guest 8 + 4/32; backend 12 + 2/32 */
    r.qd = 64;
    c = vdc_io_cost_of(&p, VDC_IO_PARAVIRTUAL, &r);
    VDC_ASSERT_NEAR(c.exits, 3.0 / 32, 1e-12);
    VDC_ASSERT_NEAR(c.guest_us, 8.125, 1e-9);
    VDC_ASSERT_NEAR(c.backend_us, 12.0625, 1e-9);
    /* Xen PV: a kick is a hypercall, a completion an upcall: no exits */
    p.pv_kick_exits = 0;
    p.pv_irq_exits = 0;
    r.qd = 1;
    c = vdc_io_cost_of(&p, VDC_IO_PARAVIRTUAL, &r);
    VDC_ASSERT_NEAR(c.exits, 0, 1e-12);
    VDC_ASSERT_NEAR(c.guest_us, 9, 1e-9);
    /* a network packet of 8 KiB copied at 8 Gbit/s: 8192 x 8 / 8e3 = 8.192 us more */
    p.copy_gbps = 8;
    r.net = true;
    r.size_kib = 8;
    double before = 2 + 4 + 2 * 1.5 + 2;
    c = vdc_io_cost_of(&p, VDC_IO_PARAVIRTUAL, &r);
    VDC_ASSERT_NEAR(c.backend_us, before + 8.192, 1e-9);
}

static void test_passthrough(void)
{
    vdc_io_prof p = round_prof();
    vdc_io_req r = { .size_kib = 8, .qd = 4, .native_us = 8, .driver_us = 2 };
    vdc_io_cost c = vdc_io_cost_of(&p, VDC_IO_PASSTHROUGH, &r);
    /* only interrupts exit: 2 per completion, b = 4: guest 8 + 2 x 1 / 4;
     * no backend; latency adds 2 pages x 0.25 us of IOMMU */
    VDC_ASSERT_NEAR(c.exits, 0.5, 1e-12);
    VDC_ASSERT_NEAR(c.guest_us, 8.5, 1e-9);
    VDC_ASSERT_NEAR(c.backend_us, 0, 1e-12);
    VDC_ASSERT_NEAR(c.latency_us, 9.0, 1e-9);
    c = vdc_io_cost_of(&p, VDC_IO_NATIVE, &r);
    VDC_ASSERT_NEAR(c.guest_us, 8, 1e-12);
    VDC_ASSERT_NEAR(c.latency_us, 8, 1e-12);
}

/* Every profile: names resolve, paravirtual beats emulated for the guest,
 * passthrough costs the guest at most what paravirtual does. */
static void test_profiles(void)
{
    int n = 0;
    for (const vdc_io_prof *const *pp = vdc_io_prof_list(); *pp; pp++, n++) {
        vdc_io_prof p = **pp;
        CU_ASSERT_PTR_EQUAL(vdc_io_prof_find(p.name), *pp);
        if (p.exit_us < 0)
            p.exit_us = 0.68;
        if (p.intr_exits < 0)
            p.intr_exits = 2;
        vdc_io_req r = { .size_kib = 4, .qd = 1, .native_us = 8, .driver_us = 2 };
        vdc_io_cost e = vdc_io_cost_of(&p, VDC_IO_EMULATED, &r);
        vdc_io_cost v = vdc_io_cost_of(&p, VDC_IO_PARAVIRTUAL, &r);
        vdc_io_cost t = vdc_io_cost_of(&p, VDC_IO_PASSTHROUGH, &r);
        if (strcmp(p.name, "native") != 0) {
            CU_ASSERT(e.guest_us + e.backend_us > v.guest_us + v.backend_us);
            CU_ASSERT(t.guest_us <= v.guest_us);
        }
    }
    CU_ASSERT_EQUAL(n, 8);
    CU_ASSERT_PTR_NULL(vdc_io_prof_find("xen"));
}

/* Software paths scale with the CPU, exits and counts do not: halving the
 * time of the code halves every software microsecond of round_prof. */
static void test_prof_scale(void)
{
    vdc_io_prof p = round_prof();
    p.hosted_us = 5;
    vdc_io_prof_scale(&p, 0.5);
    VDC_ASSERT_NEAR(p.emul_us, 2, 1e-12);
    VDC_ASSERT_NEAR(p.emul_req_us, 1.5, 1e-12);
    VDC_ASSERT_NEAR(p.hosted_us, 2.5, 1e-12);
    VDC_ASSERT_NEAR(p.pv_notify_us + p.pv_upcall_us, 0.5, 1e-12);
    VDC_ASSERT_NEAR(p.pv_backend_us + p.pv_signal_us + p.pv_grant_us, 3.25, 1e-12);
    VDC_ASSERT_NEAR(p.exit_us, 1, 0);
    VDC_ASSERT_NEAR(p.intr_exits + p.emul_exits_disk + p.batch_max, 44, 0);
    VDC_ASSERT_NEAR(p.iommu_us, 0.25, 0);
}

/* dom0 CPU per 4 KiB disk request of xen-pv at qd 1 on its reference CPU
 * (xeon2003): 0.3 x 8 (driver) + 4 + 1.5 (one page) + 2 x 1 = 9.9 us; on
 * nehalem the 7.5 us of Xen/dom0 software run in the time of its PV
 * transition, 0.45 x 1080 cycles at 2.93 GHz against 1080 at 2.4 GHz:
 * 2.4 + 7.5 x 0.45 x 2.4 / 2.93 = 5.16451 us (the driver's 2.4 is the
 * guest-side native_disk_us, given for the run's CPU: not scaled). */
static void test_prof_scaled_run(void)
{
    char db[256], json[1024];
    vdc_test_tmpdb(db, sizeof db, "io-scale");
    const char *hws[] = { "xeon2003", "nehalem" };
    const double want[] = { 9.9, 2.4 + 7.5 * 0.45 * 2.4 / 2.93 };
    for (int i = 0; i < 2; i++) {
        snprintf(json, sizeof json,
                 "{\"duration_s\": 1, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2}],"
                 " \"vms\": [{\"name\": \"g\", \"io\": {\"disk_qd\": 1}}],"
                 " \"models\": {\"io\": {\"name\": \"devices\", \"hypervisor\": \"xen-pv\","
                 "  \"hw\": \"%s\"}}}", hws[i]);
        int64_t run = vdc_test_run(json, NULL, 0, db);
        CU_ASSERT_FATAL(run > 0);
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT backend_us FROM io_streams WHERE run_id = %lld",
                 (long long)run);
        VDC_ASSERT_NEAR(vdc_test_query(db, sql), want[i], 1e-9);
    }
    unlink(db);
}

/* blkback's grant unmap flushes the TLBs of dom0's other vCPUs: xen-pv on
 * its reference CPU (scale 1), 4 KiB disk at qd 1: 9.9 us (test above) +
 * (vCPUs - 1) x 1.5 us; a packet (grant copy, no unmap) pays none, nor a
 * profile without grant maps (kvm-virtio), nor dom0 with one vCPU. */
static double backend_with(const char *db, const char *hyp, int dom0_vcpus, const char *io,
                           const char *extra)
{
    char json[1024], sql[160];
    snprintf(json, sizeof json,
             "{\"duration_s\": 1, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4}],"
             " \"vms\": [{\"name\": \"dom0\", \"vcpus\": %d, \"io\": {\"role\": \"driver\"}},"
             "  {\"name\": \"g\", \"io\": %s}],"
             " \"models\": {\"io\": {\"name\": \"devices\", \"hypervisor\": \"%s\","
             "  \"hw\": \"xeon2003\"%s}}}", dom0_vcpus, io, hyp, extra);
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    snprintf(sql, sizeof sql, "SELECT backend_us FROM io_streams WHERE run_id = %lld",
             (long long)run);
    return vdc_test_query(db, sql);
}

static void test_grant_flush(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "io-flush");
    const char *disk = "{\"disk_qd\": 1}", *net = "{\"net_qd\": 1}";
    VDC_ASSERT_NEAR(backend_with(db, "xen-pv", 1, disk, ""), 9.9, 1e-9);
    VDC_ASSERT_NEAR(backend_with(db, "xen-pv", 3, disk, ""), 9.9 + 2 * 1.5, 1e-9);
    VDC_ASSERT_NEAR(backend_with(db, "xen-pv", 3, disk, ", \"grant_flush_us\": 2"),
                    9.9 + 2 * 2, 1e-9);
    /* netback: 0.3 x 4 + 4 + 1.5 + 1.5 KiB copied at 40 Gbit/s (0.3072) + 2 x 1 */
    VDC_ASSERT_NEAR(backend_with(db, "xen-pv", 3, net, ""), 1.2 + 4 + 1.5 + 0.3072 + 2, 1e-9);
    /* kvm-virtio on xeon2003: its nehalem figures x 2.93 / (0.45 x 2.4):
     * 2.4 + (5 + 2 x 2) x 2.7130 = 26.81667, the same with 1 or 3 vCPUs */
    double k1 = backend_with(db, "kvm-virtio", 1, disk, "");
    VDC_ASSERT_NEAR(k1, 2.4 + 9 * 2.93 / (0.45 * 2.4), 1e-9);
    VDC_ASSERT_NEAR(backend_with(db, "kvm-virtio", 3, disk, ""), k1, 1e-12);
    unlink(db);
}

/* ---- 2. through the simulator ------------------------------------------ */

/* One host, one guest, qd 1, no device latency: X = 1 / 63 us (test_emulated's
 * latency, driver_frac 0.25 of 8 us = 2) = 15873 requests/s. */
static void test_emulated_throughput(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "io-emul");
    const char *json =
        "{\"duration_s\": 2, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2}],"
        " \"vms\": [{\"name\": \"g\", \"io\": {\"disk_qd\": 1, \"disk_path\": \"emulated\"}}],"
        " \"models\": {\"io\": {\"name\": \"devices\", \"hypervisor\": \"kvm-virtio\","
        "  \"exit_us\": 1, \"emul_us\": 4, \"emul_req_us\": 3, \"emul_exits_disk\": 10,"
        "  \"hosted_us\": 0, \"native_disk_us\": 8, \"disk_read_us\": 0, \"disk_write_us\": 0,"
        "  \"disk_mbps\": 1e6, \"driver_frac\": 0.25}}}";
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    /* device time 1/80000 + 4 KiB / 1e6 MiB/s is far from the limit; the
     * transfer adds 4/1024/1e6 s = 0.0039 us to the 63 us */
    double x = 1 / (63e-6 + 4.0 / 1024 / 1e6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "g", "disk_iops"), x, x * 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "g", "disk_latency_ms"), 1e3 / x, 1e-9);
    unlink(db);
}

/* Two closed-loop random readers with deep queues on a 1000-IOPS disk get
 * 500 each (max-min); a third with 100/s offered keeps its 100 and the two
 * share the other 900. */
static void test_device_shared(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "io-share");
    const char *json =
        "{\"duration_s\": 1, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4}],"
        " \"vms\": [{\"name\": \"a\", \"io\": {\"disk_qd\": 256}},"
        "           {\"name\": \"b\", \"io\": {\"disk_qd\": 256}},"
        "           {\"name\": \"c\", \"io\": {\"disk_qd\": 256, \"disk_rate_per_s\": 100}}],"
        " \"models\": {\"io\": {\"name\": \"devices\", \"disk_iops\": 1000, \"disk_mbps\": 1e6}}}";
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    /* 1/1000 + 4 KiB/1e6 MiB/s of device time each: capacity 999.996/s */
    double cap = 1 / (1e-3 + 4.0 / 1024 / 1e6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "c", "disk_iops"), 100, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "a", "disk_iops"), (cap - 100) / 2, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "b", "disk_iops"), (cap - 100) / 2, 1e-6);
    /* Little: latency = qd / X */
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "a", "disk_latency_ms"),
                    256e3 / ((cap - 100) / 2), 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h", "io_disk_util"), 1, 1e-9);
    unlink(db);
}

/* The driver domain (xen-pv on its own reference CPU, xeon2003, where the
 * backend, 7.07 us a packet, is slower than the guest, 4.05 us): dom0 alone serves at full speed; with a busy VM of
 * equal weight on the one pCPU it gets about half, so the guest's network
 * throughput (bound by the backend) roughly halves.  Under both schedulers. */
static double starved_ratio(const char *sched, const char *db)
{
    char json[2048];
    const char *fmt =
        "{\"duration_s\": 20, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1}],"
        " \"vms\": [{\"name\": \"dom0\", \"io\": {\"role\": \"driver\"}},"
        "           {\"name\": \"g\", \"workload\": {\"type\": \"idle\"},"
        "            \"io\": {\"net_qd\": 512, \"net_kib\": 1.5}},"
        "           {\"name\": \"busy\", \"workload\": {\"type\": \"cpu\", \"demand\": %g}}],"
        " \"models\": {\"sched\": {\"name\": \"%s\"},"
        "  \"io\": {\"name\": \"devices\", \"hypervisor\": \"xen-pv\", \"hw\": \"xeon2003\"}}}";
    snprintf(json, sizeof json, fmt, 0.0, sched);
    int64_t alone = vdc_test_run(json, NULL, 0, db);
    snprintf(json, sizeof json, fmt, 1.0, sched);
    int64_t shared = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(alone > 0 && shared > 0);
    double a = vdc_test_metric(db, alone, "g", "net_iops");
    double s = vdc_test_metric(db, shared, "g", "net_iops");
    /* alone, the backend bound: 1 / backend_us; dom0 asks about 1 pCPU */
    CU_ASSERT(vdc_test_metric(db, alone, "h", "io_driver_demand") > 0.9);
    double la = vdc_test_metric(db, alone, "g", "net_latency_ms");
    double ls = vdc_test_metric(db, shared, "g", "net_latency_ms");
    CU_ASSERT(ls > 1.5 * la);                  /* CPU contention raises latency */
    return s / a;
}

static void test_driver_scheduled(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "io-dom0");
    double rf = starved_ratio("fluid", db);
    double rc = starved_ratio("credit", db);
    /* equal weights on one pCPU: dom0 gets 1/2 (fluid); the first 0.1 s
     * window runs at full speed, so the average is a little above 1/2 */
    CU_ASSERT(rf > 0.45 && rf < 0.6);
    CU_ASSERT(rc > 0.35 && rc < 0.75);
    unlink(db);
}

/* Under fluid a host whose driver's share holds still sleeps off the tick
 * list; a change of the host's shares must wake it.  dom0 serves a network
 * guest alone on one pCPU (it asks >= 1 pCPU and gets its one vCPU's 1);
 * at 10 s a CPU-bound VM of equal weight starts and dom0 gets 1/2 from
 * then on.  The tick at 10.1 s sees the halved window and the backends run
 * at half speed after it, so the guest keeps (10.1 + 9.9 / 2) / 20 = 0.7525
 * of its rate alone (it would keep ~1 if the host slept through the
 * change).  dom0's CPU counted by the ticks from the first at 0.1 s to the
 * last at 20 s: 9.9 x 1 + 10 x 1/2 = 14.9 s, i.e. 0.745 pCPU over 20 s,
 * whether or not the host slept in between. */
static void test_driver_wakes(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "io-wake");
    char json[2048];
    const char *fmt =
        "{\"duration_s\": 20, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1}],"
        " \"vms\": [{\"name\": \"dom0\", \"io\": {\"role\": \"driver\"}},"
        "           {\"name\": \"g\", \"workload\": {\"type\": \"idle\"},"
        "            \"io\": {\"net_qd\": 512, \"net_kib\": 1.5}},"
        "           {\"name\": \"busy\", \"workload\": {\"type\": \"idle\"}}],"
        " \"actions\": [{\"at_s\": 10, \"set_workload\": {\"vm\": \"busy\","
        "   \"workload\": {\"type\": \"cpu\", \"demand\": %g}}}],"
        " \"models\": {\"sched\": {\"name\": \"fluid\"},"
        "  \"io\": {\"name\": \"devices\", \"hypervisor\": \"xen-pv\", \"hw\": \"xeon2003\"}}}";
    snprintf(json, sizeof json, fmt, 0.0);        /* never busy */
    int64_t alone = vdc_test_run(json, NULL, 0, db);
    snprintf(json, sizeof json, fmt, 1.0);
    int64_t late = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(alone > 0 && late > 0);
    double r = vdc_test_metric(db, late, "g", "net_iops") /
               vdc_test_metric(db, alone, "g", "net_iops");
    VDC_ASSERT_NEAR(r, 0.7525, 0.005);
    VDC_ASSERT_NEAR(vdc_test_metric(db, late, "h", "io_driver_got"), 0.745, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, alone, "h", "io_driver_got"), 0.995, 1e-6);
    unlink(db);
}

/* The guest pays its exits: its CPU-bound work runs slower the more it does
 * emulated I/O (speed 1 / (1 + X (guest_us - native_us)), one vCPU). */
static void test_guest_slowdown(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "io-guest");
    const char *json =
        "{\"duration_s\": 10, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2}],"
        " \"vms\": [{\"name\": \"g\", \"workload\": {\"type\": \"cpu\", \"demand\": 1},"
        "            \"io\": {\"disk_qd\": 1, \"disk_rate_per_s\": 5000, \"disk_path\": \"emulated\"}}],"
        " \"models\": {\"io\": {\"name\": \"devices\", \"hypervisor\": \"kvm-virtio\","
        "  \"exit_us\": 1, \"emul_us\": 4, \"emul_exits_disk\": 10, \"hosted_us\": 0,"
        "  \"cpu_overhead\": 0}}}";
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    /* 5000/s x (58 - 8) us = 0.25 of a vCPU: work = 10 s / 1.25 = 8 s */
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "g", "work_s"), 8, 1e-6);
    unlink(db);
}

/* A VM with a passthrough NIC cannot be live-migrated: the action fails
 * with a message naming the VM and the reason. */
static void test_passthrough_no_migration(void)
{
    const char *json =
        "{\"duration_s\": 5, \"hosts\": [{\"name\": \"h\", \"count\": 2}],"
        " \"vms\": [{\"name\": \"g\", \"host\": \"h-0\","
        "            \"io\": {\"net_qd\": 8, \"net_path\": \"passthrough\"}}],"
        " \"models\": {\"io\": {\"name\": \"devices\"}, \"migration\": {\"name\": \"precopy\"}},"
        " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"g\", \"to\": \"h-1\"}}]}";
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    CU_ASSERT_FATAL(vdc_scenario_parse(json, strlen(json), "pt.json", NULL, 0, &sc, &err) == 0);
    vdc_run_opts o = { 0 };
    vdc_run_summary sum = { 0 };
    int rc = vdc_sim_run(sc, &o, &sum, &err);
    vdc_scenario_free(sc);
    CU_ASSERT_EQUAL(rc, VDC_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "\"g\" cannot be live-migrated"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "passthrough"));
    /* the same VM with a paravirtual NIC migrates */
    const char *ok =
        "{\"duration_s\": 5, \"hosts\": [{\"name\": \"h\", \"count\": 2}],"
        " \"vms\": [{\"name\": \"g\", \"host\": \"h-0\", \"io\": {\"net_qd\": 8}}],"
        " \"models\": {\"io\": {\"name\": \"devices\"}, \"migration\": {\"name\": \"precopy\"}},"
        " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"g\", \"to\": \"h-1\"}}]}";
    CU_ASSERT(vdc_test_run(ok, NULL, 0, NULL) >= 0);
}

static void expect_error(const char *json, const char *needle)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    int rc = vdc_scenario_parse(json, strlen(json), "bad.json", NULL, 0, &sc, &err);
    if (!rc) {
        vdc_run_opts o = { 0 };
        vdc_run_summary sum = { 0 };
        rc = vdc_sim_run(sc, &o, &sum, &err);
        vdc_scenario_free(sc);
    }
    CU_ASSERT_EQUAL(rc, VDC_EINPUT);
    if (!strstr(err.msg, needle))
        fprintf(stderr, "\n  expected \"%s\" in: %s\n", needle, err.msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "bad.json"));
}

static void test_bad_input(void)
{
    expect_error("{\"hosts\": [{}], \"models\": {\"io\": {\"name\": \"devices\", \"hypervisor\": \"xen\"}}}",
                 "models.io.hypervisor: no profile \"xen\" (valid: native, xen-pv");
    expect_error("{\"hosts\": [{}], \"models\": {\"io\": {\"name\": \"devices\", \"hw\": \"z80\"}}}",
                 "models.io.hw");
    expect_error("{\"hosts\": [{}], \"vms\": [{\"io\": {\"disk_qd\": -1}}],"
                 " \"models\": {\"io\": {\"name\": \"devices\"}}}", "vms[0].io.disk_qd");
    expect_error("{\"hosts\": [{}], \"vms\": [{\"io\": {\"net_path\": \"sriov\"}}],"
                 " \"models\": {\"io\": {\"name\": \"devices\"}}}", "vms[0].io.net_path");
    expect_error("{\"hosts\": [{}], \"models\": {\"io\": {\"name\": \"devices\", \"exit_us\": -3}}}",
                 "models.io.exit_us");
}

static const vdc_test tests[] = {
    { "emulated: exits x cost + device model", test_emulated },
    { "paravirtual: notifications, batching, grants (dom0 CPU/request)", test_paravirtual },
    { "passthrough: interrupt exits and IOMMU only", test_passthrough },
    { "profiles: all named, emulated > paravirtual >= passthrough", test_profiles },
    { "profiles: software paths scale with the CPU", test_prof_scale },
    { "xen-pv dom0 CPU per request on its own CPU and on nehalem", test_prof_scaled_run },
    { "xen blkback: a TLB shootdown per unmap on dom0's other vCPUs", test_grant_flush },
    { "emulated disk throughput for a given exit cost", test_emulated_throughput },
    { "a disk shared max-min by the host's VMs", test_device_shared },
    { "the driver domain is scheduled (fluid, credit)", test_driver_scheduled },
    { "a sleeping host wakes when its shares change (fluid)", test_driver_wakes },
    { "the guest pays for its exits", test_guest_slowdown },
    { "passthrough refuses live migration", test_passthrough_no_migration },
    { "bad input: one line with file and path", test_bad_input },
    { 0 }
};

VDC_TEST_MAIN("io", tests)
