/* net.h -- flow-level network: host links shared by max-min fairness.
 *
 * Every host has an uplink and a downlink of vdc_host.bandwidth_gbps each
 * (full duplex); an optional core (backbone) link of its own capacity, or of
 * (sum of host uplinks) / oversubscription, is crossed by every flow between
 * two hosts of one site.  Hosts may sit in several sites (vdc_host.site);
 * a flow between sites crosses up(src), the directed WAN link between the
 * two sites (vdc_wan_link, its own capacity and latency) and down(dst),
 * not the core.  A flow is a transfer of a known number of bytes from one host
 * to another with an optional rate cap; concurrent flows get the max-min fair
 * rates (progressive filling, Bertsekas & Gallager "Data Networks" §6.5.2),
 * the cap acting as a private link.  Bytes are a fluid: no packets, no TCP.
 *
 * Cost: a change (start, end, cancel, new cap) recomputes only the connected
 * component of flows that share host links with the changed flows, once per
 * instant (the recomputation runs as an engine event at the current time, so
 * a burst of changes at one instant costs one pass).  The core couples every
 * inter-host flow, so while it is a bottleneck every change recomputes all
 * flows; while it is not (the rates without it fit under its capacity) it is
 * ignored and the cost stays O(affected component).
 * A flow's completion is an engine event at ceil(remaining / rate) ns; its
 * callback runs when the last byte leaves the source: add
 * vdc_net_latency_s() for its arrival.  Rates of a flow started or changed at
 * this instant read as 0 until the pending recomputation runs (same instant).
 */
#ifndef VDC_NET_H
#define VDC_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "event.h"
#include "world.h"

typedef struct vdc_net vdc_net;
typedef uint64_t vdc_flow_id;          /* 0 = no flow */

/* Called when the flow's last byte has left the source. */
typedef void (*vdc_net_done_fn)(void *ctx, vdc_flow_id id, uint64_t arg);

typedef struct vdc_net_opts {
    double core_gbps;          /* backbone capacity, 0 = none (or from ratio) */
    double oversubscription;   /* > 0 and core_gbps == 0: core capacity =
                                  sum of host uplinks / oversubscription     */
    const vdc_wan_link *wan;   /* links between the hosts' sites (may be NULL) */
    int nwan;
} vdc_net_opts;

typedef struct vdc_net_stats {
    uint64_t recomputes;       /* recomputation passes                       */
    uint64_t flows_visited;    /* flows whose rate was recomputed, summed    */
    uint64_t global_passes;    /* passes over all flows (core binding)       */
} vdc_net_stats;

/* ---- building ------------------------------------------------------ */
/* Links from hosts[i].bandwidth_gbps (> 0) and latency_us; `opts` may be
 * NULL.  Returns NULL and fills err on bad input or out of memory. */
vdc_net *vdc_net_new(vdc_engine *eng, const vdc_host *hosts, int nhost,
                     const vdc_net_opts *opts, vdc_error *err);
void vdc_net_free(vdc_net *net);

/* ---- flows --------------------------------------------------------- */
/* Start sending `bytes` (>= 0) from host src to host dst, at most cap_Bps
 * bytes/s (0 = no cap).  src == dst is a local copy: rate = cap, or done at
 * once without one.  Returns the flow id, 0 when out of memory. */
vdc_flow_id vdc_net_start(vdc_net *net, int src, int dst, double bytes, double cap_Bps,
                          vdc_net_done_fn fn, void *ctx, uint64_t arg);
/* Stop a flow without calling its callback; false if it was not active. */
bool vdc_net_cancel(vdc_net *net, vdc_flow_id id);
void vdc_net_set_cap(vdc_net *net, vdc_flow_id id, double cap_Bps);
/* Run the pending recomputation now (rates read right after a change). */
void vdc_net_flush(vdc_net *net);

/* ---- queries ------------------------------------------------------- */
double vdc_net_rate(const vdc_net *net, vdc_flow_id id);   /* bytes/s, 0 if gone */
double vdc_net_sent(const vdc_net *net, vdc_flow_id id);   /* bytes so far       */
bool vdc_net_active(const vdc_net *net, vdc_flow_id id);
double vdc_net_latency_s(const vdc_net *net, int src, int dst);
double vdc_net_link_Bps(const vdc_net *net, int host);    /* one direction */
double vdc_net_core_Bps(const vdc_net *net);               /* 0 = no core   */
/* Site index of a host (0 for every host of a one-site network). */
int vdc_net_site(const vdc_net *net, int host);
/* The WAN link's one-direction capacity between the hosts' sites, 0 if same site. */
double vdc_net_wan_Bps(const vdc_net *net, int src, int dst);
uint64_t vdc_net_nflows(const vdc_net *net);
vdc_net_stats vdc_net_get_stats(const vdc_net *net);

#endif
