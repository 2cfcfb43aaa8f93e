/* io_path.c -- per-request CPU and latency of each I/O path (io_path.h has
 * the equations and their symbols; io_profile.c the figures).
 *
 * Every term is a count of events times a cost per event, so a test can
 * check a path by hand: an emulated 4 KiB disk request under a profile with
 * E = 10 exits of x = 1 us and e = 4 us on the vCPU's thread costs the guest
 * n + 10 * 5 us.  The latency is the serial sum of the CPU parts (guest,
 * then backend); the device's own time is added by the model (devices.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io_path.h"

static const char *const path_names[VDC_IO_PATH_COUNT] = {
    "native", "emulated", "paravirtual", "passthrough"
};

const char *vdc_io_path_name(vdc_io_path path)
{
    return path >= 0 && path < VDC_IO_PATH_COUNT ? path_names[path] : "?";
}

double vdc_io_pages(double size_kib)
{
    double p = ceil(size_kib / 4.0);
    return p < 1 ? 1 : p;
}

/* Microseconds to copy size_kib at gbps (Gbit/s); 0 when no copy. */
static double copy_us(double size_kib, double gbps)
{
    return gbps > 0 ? size_kib * 1024.0 * 8.0 / (gbps * 1e3) : 0;
}

vdc_io_cost vdc_io_cost_of(const vdc_io_prof *p, vdc_io_path path, const vdc_io_req *r)
{
    vdc_io_cost c = { 0 };
    double n = r->native_us;
    double xh = p->exit_us + p->hosted_us;          /* one exit, hosted or not */
    double pages = vdc_io_pages(r->size_kib);
    double cp = r->net ? copy_us(r->size_kib, p->copy_gbps) : 0;
    double b = r->qd < 1 ? 1 : r->qd;               /* requests per notification */
    if (p->batch_max >= 1 && b > p->batch_max)
        b = p->batch_max;
    switch (path) {
    case VDC_IO_NATIVE:
    case VDC_IO_PATH_COUNT:
        c.guest_us = n;
        break;
    case VDC_IO_EMULATED: {
        double e = r->net ? p->emul_exits_net : p->emul_exits_disk;
        double dm = e * p->emul_us;                 /* device-model work */
        c.exits = e;
        c.guest_us = n + e * xh + (p->emul_in_driver > 0 ? 0 : dm);
        c.backend_us = r->driver_us + (p->emul_in_driver > 0 ? dm : 0) + p->emul_req_us + cp;
        break;
    }
    case VDC_IO_PARAVIRTUAL: {
        double irq_exits = p->pv_irq_exits >= 0 ? p->pv_irq_exits : p->intr_exits;
        c.exits = (p->pv_kick_exits + irq_exits) / b;
        c.guest_us = n + (p->pv_kick_exits * xh + p->pv_notify_us +
                          irq_exits * xh + p->pv_upcall_us) / b;
        c.backend_us = r->driver_us + p->pv_backend_us + pages * p->pv_grant_us + cp +
                       2 * p->pv_signal_us / b;
        break;
    }
    case VDC_IO_PASSTHROUGH:
        c.exits = p->intr_exits / b;
        c.guest_us = n + p->intr_exits * xh / b;
        c.latency_us = pages * p->iommu_us;         /* DMA translation, not CPU */
        break;
    }
    c.latency_us += c.guest_us + c.backend_us;
    return c;
}
