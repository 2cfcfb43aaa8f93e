/* cutover.c -- how clients find a VM that moved to another site.
 *
 * Within one site the VM keeps its address and a gratuitous ARP moves it:
 * a client sees the VM's pause, nothing more.  Between sites
 * (vdc_net_site() differs) the `cutover` parameter chooses
 * (docs/references.md §3.8):
 *   tunnel  packets for the old address reach the VM through the source
 *           (extra one-way path latency) until the DNS record's TTL expires
 *           and clients reconnect to the new address (Bradford et al. 2007):
 *           a client that reconnects sees pause + dns_ttl_s; the tunnel
 *           lives dns_ttl_s after the resume, and fails if the source does;
 *   vpn     the same address on both sites (CloudNet): the client waits for
 *           the routing update, pause + vpn_route_update_s;
 *   sdn     a controller reprograms the path sdn_delay_ms after the resume
 *           (Kanada & Tarui: < 100 ms): pause + sdn_delay_ms.
 * These are the known answers of tests/test_migration_wan.c.
 * Limits: the update starts at the resume (no pre-announcement); one
 * client, no TCP retransmission back-off after the pause.
 */
#include "mig_params.h"

void vdc_mig_cutover(const vdc_mig_state *st, const vdc_mig *m, double downtime_s,
                     vdc_mig_cutover_out *o)
{
    const vdc_mig_params *p = st->p;
    *o = (vdc_mig_cutover_out){ .client_downtime_s = downtime_s };
    if (m->t_resume < 0 || m->src < 0 || m->dst < 0 ||
        vdc_net_site(st->net, m->src) == vdc_net_site(st->net, m->dst))
        return;
    o->wan = true;
    switch (p->cutover) {
    case VDC_CUTOVER_TUNNEL:
        o->client_downtime_s += p->dns_ttl_s;
        o->tunnel_s = p->dns_ttl_s;
        o->tunnel_ms = 1e3 * vdc_net_latency_s(st->net, m->src, m->dst);
        break;
    case VDC_CUTOVER_VPN:
        o->client_downtime_s += p->vpn_route_update_s;
        break;
    case VDC_CUTOVER_SDN:
        o->client_downtime_s += p->sdn_delay_ms * 1e-3;
        break;
    default:
        break;
    }
}
