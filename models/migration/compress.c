/* compress.c -- QEMU's zero-page detection, XBZRLE and multifd: bytes and rates.
 *
 * Names and defaults are QEMU's (migration/options.c, docs/references.md
 * §3.10), with units in the keys:
 *   zero_page_detection  none | legacy | multifd (default): with detection a
 *                        zero page is a header + 1 byte; with none it goes whole;
 *   multifd, multifd_channels (off, 2): N parallel streams;
 *   core_copy_gbps       what one stream's thread copies per second (our
 *                        parameter, 0 = unlimited): a flow's rate is capped at
 *                        streams x core_copy_gbps, streams = N with multifd, else 1;
 *   xbzrle, xbzrle_cache_size_mib (off, 64 MiB): from the second round on, a
 *                        page found in the cache goes as a delta of
 *                        xbzrle_delta_fraction x page (assumption: 0.25) plus
 *                        its header.  The cache holds the last K pages sent;
 *                        the pages of round i were sent in round i-1, so the
 *                        hit share is min(1, K / pages of round i-1).  Encoding
 *                        runs at xbzrle_encode_mib_s per stream (0 = free): a
 *                        round lasts at least hits x page / (streams x rate).
 * Known answers (tests/test_migration_compress.c): stop-and-copy bytes and
 * rate under each knob; the fluid linear pre-copy with XBZRLE follows
 * V_{i+1} = rho x (bytes of round i) / page, a recursion the test derives.
 * Limits: no delta overflow (a delta never exceeds the page), no
 * compression (`multifd-compression`), the cache is exact LRU by rounds.
 */
#include "mig_params.h"
#include "units.h"

#define GBIT_BYTES 1.25e8           /* Gbit/s -> bytes/s */

static double streams(const vdc_mig_params *p)
{
    return p->multifd ? (double)p->multifd_channels : 1;
}

double vdc_mig_stream_cap(const vdc_mig_state *st)
{
    const vdc_mig_params *p = st->p;
    return p->core_copy_gbps > 0 ? streams(p) * p->core_copy_gbps * GBIT_BYTES : 0;
}

double vdc_mig_min_cap(double a, double b)
{
    if (!(a > 0))
        return b;
    return b > 0 && b < a ? b : a;
}

double vdc_mig_page_bytes(const vdc_mig_state *st, vdc_mig *m, double pages, double zero,
                          double *cap_Bps)
{
    const vdc_mig_params *p = st->p;
    *cap_Bps = vdc_mig_stream_cap(st);
    if (!p->xbzrle || m->rounds < 1 || !(pages > 0))
        return vdc_mig_wire_bytes(st, pages, zero);
    double pb = (double)p->page_bytes, hb = (double)p->page_header_bytes;
    double k = p->xbzrle_cache_size_mib * VDC_MIB / pb;
    double prev = m->prev_round_pages > 0 ? m->prev_round_pages : (double)m->npages;
    double hits = pages * (k < prev ? k / prev : 1);
    m->xbzrle_pages += hits;
    double bytes = vdc_mig_wire_bytes(st, pages - hits, 0) +
                   hits * (p->xbzrle_delta_fraction * pb + hb);
    if (p->xbzrle_encode_mib_s > 0) {
        double cpu_s = hits * pb / (streams(p) * p->xbzrle_encode_mib_s * VDC_MIB);
        *cap_Bps = vdc_mig_min_cap(*cap_Bps, bytes / cpu_s);
    }
    return bytes;
}
