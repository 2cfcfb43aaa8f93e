/* mig_params.h -- parameter entries shared by the migration variants.
 *
 * Each variant's table is { VDC_MIG_COMMON_PARAMS, <its groups>, {0} }, all
 * writing into one vdc_mig_params (mig_core.h); fields a variant does not
 * list stay 0 and are not read by it.  Sources of the defaults: QEMU
 * migration/options.c and ram.c, Xen xc_linux_save.c and xg_sr_save.c
 * (docs/references.md §3.1-3.2); state_mib is an assumption (README.md).
 */
#ifndef VDC_MIG_PARAMS_H
#define VDC_MIG_PARAMS_H

#include "mig_core.h"

#define VDC_MIG_OFF(f) offsetof(vdc_mig_params, f)
#define VDC_MIG_NUM(n, f, d, lo, hi, u, h) \
    { .name = n, .type = VDC_PARAM_NUM, .offset = VDC_MIG_OFF(f), .def = d, .min = lo, \
      .max = hi, .unit = u, .help = h }
#define VDC_MIG_INT(n, f, d, lo, hi, u, h) \
    { .name = n, .type = VDC_PARAM_INT, .offset = VDC_MIG_OFF(f), .def = d, .min = lo, \
      .max = hi, .unit = u, .help = h }
#define VDC_MIG_BOOL(n, f, d, h) \
    { .name = n, .type = VDC_PARAM_BOOL, .offset = VDC_MIG_OFF(f), .def = d, .help = h }
#define VDC_MIG_ENUM(n, f, d, ch, h) \
    { .name = n, .type = VDC_PARAM_ENUM, .offset = VDC_MIG_OFF(f), .def = d, .choices = ch, \
      .help = h }

#define VDC_MIG_COMMON_PARAMS \
    VDC_MIG_NUM("time_cap_s", time_cap_s, 3600, 1e-3, 1e9, "s", \
                "a live phase still running this long after the start ends (cap_action)"), \
    VDC_MIG_NUM("rate_cap_mib_s", rate_cap_mib_s, 0, 0, 1e9, "MiB/s", \
                "cap of the live rounds' rate, 0 = link (QEMU max-bandwidth: 128)"), \
    VDC_MIG_INT("page_bytes", page_bytes, 4096, 512, 1 << 30, "bytes", \
                "guest page size (x86 base page)"), \
    VDC_MIG_INT("page_header_bytes", page_header_bytes, 8, 0, 4096, "bytes", \
                "wire header per page (QEMU ram.c: 8); a zero page is header + 1"), \
    VDC_MIG_NUM("state_mib", state_mib, 0.25, 0, 1e6, "MiB", \
                "CPU and device state sent while paused (assumption, see README)"), \
    VDC_MIG_NUM("setup_ms", setup_ms, 0, 0, 1e9, "ms", "delay from the action to the first byte"), \
    VDC_MIG_ENUM("switchover", switchover, 0, VDC_SWITCHOVER_CHOICES, \
                 "fixed costs of pausing and resuming the VM: none, or xen-pv (Xen PV " \
                 "suspend 30 ms + resume 20 ms, LightVM's save/restore of a near-empty guest)"), \
    VDC_MIG_NUM("suspend_ms", suspend_ms, -1, -1, 1e9, "ms", \
                "suspending the VM at the source (quiesce devices, save vCPUs); -1 = switchover's"), \
    VDC_MIG_NUM("resume_ms", resume_ms, -1, -1, 1e9, "ms", \
                "from the last byte's arrival to the VM running at the destination; " \
                "-1 = switchover's"), \
    VDC_MIG_NUM("core_gbps", core_gbps, 0, 0, 1e9, "Gbit/s", \
                "backbone capacity crossed by every flow, 0 = none"), \
    VDC_MIG_NUM("oversubscription", oversubscription, 0, 0, 1e6, "", \
                "if > 0 and core_gbps = 0: core = sum of host links / this"), \
    VDC_MIG_BOOL("round_samples", round_samples, 1, \
                 "write pages per round and dirty rate to samples"), \
    VDC_MIG_ENUM("zero_page_detection", zero_page_detection, 2, VDC_ZPD_CHOICES, \
                 "QEMU zero-page-detection: none sends zero pages whole"), \
    VDC_MIG_BOOL("multifd", multifd, 0, "QEMU multifd: parallel streams"), \
    VDC_MIG_INT("multifd_channels", multifd_channels, 2, 1, 255, "", \
                "QEMU multifd-channels"), \
    VDC_MIG_NUM("core_copy_gbps", core_copy_gbps, 0, 0, 1e5, "Gbit/s", \
                "what one stream's thread sends per second, 0 = unlimited (assumption)"), \
    VDC_MIG_ENUM("storage_mode", storage_mode, 0, VDC_STORAGE_CHOICES, \
                 "how vms[].migration.disk_gib moves (storage.h)"), \
    VDC_MIG_INT("block_bytes", block_bytes, 65536, 512, 1 << 30, "bytes", \
                "disk tracking block (QEMU mirror dirty-bitmap granularity: 64 KiB)"), \
    VDC_MIG_INT("disk_max_rounds", disk_max_rounds, 30, 1, 1e9, "", \
                "disk pre-copy rounds at most, the bulk round included (assumption)"), \
    VDC_MIG_NUM("disk_switch_ms", disk_switch_ms, 300, 0, 1e9, "ms", \
                "stop disk rounds when the dirty blocks take this long to send"), \
    VDC_MIG_BOOL("disk_throttle", disk_throttle, 0, \
                 "hold the VM's block writes when they outrun the link (Bradford et al.)"), \
    VDC_MIG_NUM("disk_throttle_pct", disk_throttle_pct, 50, 1, 100, "%", \
                "throttled block-write rate, % of the measured link rate (assumption)"), \
    VDC_MIG_NUM("disk_epoch_ms", disk_epoch_ms, 10, 0.01, 1e6, "ms", \
                "period of the on_demand read-fault simulation"), \
    VDC_MIG_ENUM("cutover", cutover, 0, VDC_CUTOVER_CHOICES, \
                 "how clients reach a VM moved to another site (cutover.c)"), \
    VDC_MIG_NUM("dns_ttl_s", dns_ttl_s, 60, 0, 1e7, "s", \
                "tunnel: DNS TTL until clients use the new address (assumption)"), \
    VDC_MIG_NUM("vpn_route_update_s", vpn_route_update_s, 1, 0, 1e6, "s", \
                "vpn: routing update delay after the resume (assumption)"), \
    VDC_MIG_NUM("sdn_delay_ms", sdn_delay_ms, 100, 0, 1e9, "ms", \
                "sdn: path reprogramming delay (Kanada & Tarui: < 100 ms)")

#define VDC_MIG_PRECOPY_PARAMS \
    VDC_MIG_ENUM("policy", policy, 0, VDC_POLICY_CHOICES, "stop policy preset (policy.h)"), \
    VDC_MIG_NUM("downtime_limit_ms", downtime_limit_ms, -1, -1, 1e9, "ms", \
                "stop when pending <= bandwidth x this; -1 = preset (qemu 300, vmware 500)"), \
    VDC_MIG_INT("max_rounds", max_rounds, -1, -1, 1e9, "", \
                "live round cap; -1 = preset (xen 5, xen-legacy 29), 0 = none"), \
    VDC_MIG_INT("min_dirty_pages", min_dirty_pages, -1, -1, 1e12, "pages", \
                "stop below this many dirty pages; -1 = preset (xen 50), 0 = none"), \
    VDC_MIG_NUM("max_data_factor", max_data_factor, -1, -1, 1e6, "x memory", \
                "stop after sending this many times memory; -1 = preset (xen-legacy 3)"), \
    VDC_MIG_INT("skip_redirtied", skip_redirtied, -1, -1, 1, "", \
                "skip pages written again before their turn; -1 = preset (xen-legacy)"), \
    VDC_MIG_ENUM("cap_action", cap_action, 0, "cancel|stop", \
                 "at time_cap: cancel (VM stays) or force stop-and-copy"), \
    VDC_MIG_BOOL("auto_converge", auto_converge, 0, "QEMU auto-converge throttling"), \
    VDC_MIG_BOOL("xbzrle", xbzrle, 0, "QEMU xbzrle: deltas of cached pages from round 2"), \
    VDC_MIG_NUM("xbzrle_cache_size_mib", xbzrle_cache_size_mib, 64, 0, 1e7, "MiB", \
                "QEMU xbzrle-cache-size"), \
    VDC_MIG_NUM("xbzrle_delta_fraction", xbzrle_delta_fraction, 0.25, 0, 1, "x page", \
                "size of an XBZRLE delta (assumption)"), \
    VDC_MIG_NUM("xbzrle_encode_mib_s", xbzrle_encode_mib_s, 0, 0, 1e9, "MiB/s", \
                "XBZRLE encoding rate per stream, 0 = free (assumption)"), \
    VDC_MIG_NUM("throttle_initial_pct", throttle_initial_pct, 20, 1, 99, "%", \
                "first throttle (QEMU cpu-throttle-initial)"), \
    VDC_MIG_NUM("throttle_increment_pct", throttle_increment_pct, 10, 1, 99, "%", \
                "throttle step (QEMU cpu-throttle-increment)"), \
    VDC_MIG_NUM("throttle_max_pct", throttle_max_pct, 99, 1, 99, "%", \
                "throttle ceiling (QEMU max-cpu-throttle)"), \
    VDC_MIG_NUM("throttle_trigger_pct", throttle_trigger_pct, 50, 1, 100, "%", \
                "throttle when dirtied > this % of sent (throttle-trigger-threshold)"), \
    VDC_MIG_BOOL("xen_adaptive_rate", xen_adaptive_rate, 0, \
                 "Xen's adaptive rate limit of the live rounds (xc_linux_save.c)"), \
    VDC_MIG_BOOL("xen_rate_final", xen_rate_final, 0, \
                 "apply the adaptive rate to the stop-and-copy too (xc_linux_save.c does)"), \
    VDC_MIG_NUM("xen_rate_start_mbit", xen_rate_start_mbit, 100, 1, 1e9, "Mbit/s", \
                "adaptive rate of the first round (Clark et al. 2005)"), \
    VDC_MIG_NUM("xen_rate_max_mbit", xen_rate_max_mbit, 500, 1, 1e9, "Mbit/s", \
                "adaptive rate ceiling (MAX_MBIT_RATE)"), \
    VDC_MIG_NUM("xen_rate_step_mbit", xen_rate_step_mbit, 50, 0, 1e9, "Mbit/s", \
                "adaptive rate = last round's dirty rate + this"), \
    VDC_MIG_BOOL("round_latency", round_latency, 0, \
                 "each live round waits the path latency before the next begins, as one " \
                 "SimGrid message per round does (QEMU streams rounds back to back: off)"), \
    VDC_MIG_NUM("bw_window_ms", bw_window_ms, 100, 0, 1e9, "ms", \
                "bandwidth for the stop test measured over windows of at least this " \
                "(QEMU BUFFER_DELAY 100); 0 = per round (SimGrid)")

#define VDC_MIG_CRIU_PARAMS \
    VDC_MIG_NUM("dump_ms_per_process", dump_ms_per_process, 170, 0, 1e6, "ms", \
                "criu dump: freeze and collect one process (CRIU list, 2017: ~170 ms)"), \
    VDC_MIG_NUM("restore_ms_per_process", restore_ms_per_process, 50, 0, 1e6, "ms", \
                "criu restore: re-create one process (assumption)")

#define VDC_MIG_POSTCOPY_PARAMS \
    VDC_MIG_BOOL("postcopy_preempt", postcopy_preempt, 0, \
                 "faulted pages on their own channel (QEMU postcopy-preempt)"), \
    VDC_MIG_NUM("postcopy_queue_ms", postcopy_queue_ms, 10.11, 0, 1e6, "ms", \
                "wait of a faulted page behind the background stream without preempt")

#endif
