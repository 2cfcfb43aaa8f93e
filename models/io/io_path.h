/* io_path.h -- the cost of one I/O request on each virtualization path
 * (pure functions: no simulator state, so tests derive their answers by hand).
 *
 * A request is a disk request or a network packet/message of `size_kib`.
 * Each path splits its CPU into the guest's share (its own driver plus the
 * exits and notifications it pays) and the backend's (device model, split
 * driver backend, vhost thread), which runs in the driver domain when the
 * host has one; it also gives the CPU part of the request's latency:
 *
 *   native       guest = n
 *   emulated     guest = n + E (x + h) [+ E e when the device model runs on
 *                the vCPU's thread, KVM/QEMU]; backend = d + [E e] + q + copy
 *   paravirtual  b = min(qd, batch_max) requests share one kick and one
 *                completion interrupt: guest = n + (k (x + h) + s + i (x + h) + u) / b;
 *                backend = d + p + P g + copy + 2 z / b
 *   passthrough  guest = n + i (x + h) / b; latency adds P m (IOMMU)
 *
 * The driver domain (or host) also runs the real device's driver, d: the
 * part of n below the guest's stack (driver, interrupt, bridge).
 * n native CPU per request in the guest's OS, d the real driver's part, x exit round trip, h host-OS crossing per exit (type
 * 2), E register accesses per emulated request, e device-model work per
 * access, q emulator per-request work, k/i exits per kick/interrupt, s/u
 * notify/upcall work, z backend work per notification, p backend per request, P 4 KiB pages, g grant (map or
 * copy) per page, m IOMMU per page; copy = size / copy rate (network only).
 * Host-dependent, added by devices.c: a paravirtual disk request whose
 * backend unmaps its grants also pays grant_flush_us x (driver vCPUs - 1).
 * Not modelled: interrupt coalescing beyond the batch, TSO/LRO, caches.
 */
#ifndef VDC_IO_PATH_H
#define VDC_IO_PATH_H

#include <stdbool.h>

typedef enum vdc_io_path {
    VDC_IO_NATIVE, VDC_IO_EMULATED, VDC_IO_PARAVIRTUAL, VDC_IO_PASSTHROUGH,
    VDC_IO_PATH_COUNT
} vdc_io_path;
#define VDC_IO_PATH_CHOICES "native|emulated|paravirtual|passthrough"

/* X(name, unit, help): the per-hypervisor costs (a profile). */
#define VDC_IO_FIELDS(X) \
    X(exit_us, "us", "VM exit + entry round trip (profiles take it from `hw`)") \
    X(hosted_us, "us", "type 2: host-OS world switch added to every exit") \
    X(intr_exits, "exits", "exits per interrupt delivered to a guest (profiles take it from `hw`)") \
    X(emul_exits_disk, "exits", "emulated disk: register accesses (exits) per request") \
    X(emul_exits_net, "exits", "emulated NIC: register accesses (exits) per packet") \
    X(emul_us, "us", "device-model work per emulated register access") \
    X(emul_in_driver, "bool", "1: the device model runs in the driver domain (Xen qemu-dm); 0: on the vCPU's thread") \
    X(emul_req_us, "us", "device model: per request, issuing it to the host") \
    X(pv_kick_exits, "exits", "paravirtual: exits per guest kick (0 for a Xen PV hypercall)") \
    X(pv_notify_us, "us", "paravirtual: guest work per kick (hypercall or ioeventfd)") \
    X(pv_irq_exits, "exits", "paravirtual: exits per completion interrupt (most profiles: intr_exits)") \
    X(pv_upcall_us, "us", "paravirtual: guest work per completion (event-channel upcall or IRQ)") \
    X(pv_backend_us, "us", "paravirtual: backend CPU per request (blkback/netback, QEMU virtio, vhost, VSP)") \
    X(pv_signal_us, "us", "paravirtual: backend CPU per notification sent or received") \
    X(pv_grant_us, "us", "paravirtual: backend CPU per 4 KiB page (grant map/unmap or grant copy)") \
    X(batch_max, "requests", "paravirtual: most requests per notification (ring size, suppression)") \
    X(copy_gbps, "Gbit/s", "backend copy rate of packet data (0: no copy)") \
    X(iommu_us, "us", "passthrough: IOMMU/IOTLB cost per 4 KiB page (device latency)") \
    X(grant_flush_us, "us", "paravirtual disk: TLB shootdown per other driver-domain vCPU when the backend unmaps a request's grants (Xen blkback without persistent grants)") \
    X(cpu_overhead, "fraction", "CPU-bound slowdown (used only when no memory model is chosen)")

typedef struct vdc_io_prof {
    const char *name;
    const char *basis;             /* one line: what the figures rest on */
    const char *driver;            /* where the backends run (docs) */
    const char *ref_hw;            /* hw profile its microsecond figures are for */
    vdc_io_path disk_path, net_path;   /* the defaults of a guest */
#define VDC_IO_DECL_(n, u, h) double n;
    VDC_IO_FIELDS(VDC_IO_DECL_)
#undef VDC_IO_DECL_
} vdc_io_prof;

/* One stream of requests. */
typedef struct vdc_io_req {
    double size_kib;               /* request or packet size */
    double qd;                     /* requests in flight (>= 1) */
    double native_us;              /* native OS CPU per request (n) */
    double driver_us;              /* its real-device driver part (d) */
    bool net;                      /* network (copies data) or disk */
} vdc_io_req;

/* One request's cost on a path. */
typedef struct vdc_io_cost {
    double exits;                  /* VM exits per request */
    double guest_us;               /* guest vCPU time (native included) */
    double backend_us;             /* backend / driver-domain CPU */
    double latency_us;             /* CPU part of the latency (serial) */
} vdc_io_cost;

/* Cost of one request of r on `path` under profile p (exit_us and
 * intr_exits already resolved, >= 0). */
vdc_io_cost vdc_io_cost_of(const vdc_io_prof *p, vdc_io_path path, const vdc_io_req *r);
/* 4 KiB pages a request touches: ceil(size_kib / 4), at least 1. */
double vdc_io_pages(double size_kib);
const char *vdc_io_path_name(vdc_io_path path);

/* ---- profiles (io_profile.c) ---- */
/* Multiply the software path lengths of p (emul_us, emul_req_us, hosted_us,
 * pv_notify_us, pv_upcall_us, pv_backend_us, pv_signal_us, pv_grant_us) by
 * s: the time ratio of the same code on the run's CPU and on p->ref_hw.
 * Exit costs, counts, copy rate and IOMMU latency are hardware: kept. */
void vdc_io_prof_scale(vdc_io_prof *p, double s);
const vdc_io_prof *vdc_io_prof_find(const char *name);
void vdc_io_prof_names(char *buf, size_t n);
const vdc_io_prof *const *vdc_io_prof_list(void);

#endif
