/* io_profile.c -- hypervisor profiles: the I/O path costs of Xen PV, Xen
 * HVM (PVHVM drivers), KVM with virtio in QEMU, KVM with vhost, VMware ESXi,
 * Hyper-V, a hosted (type 2) VMM, and native, chosen by name
 * ("models.io.hypervisor"); any field can be overridden by its own key.
 *
 * Exit cost and exits per interrupt are -1 in every profile: they come from
 * the memory model's hardware profiles (models/hw/hwprofile.c, key
 * "hw"), so one knob prices an exit for CPU, memory and I/O alike.  The
 * rest are software path lengths.  How firmly each is known is tagged as in
 * docs/references.md §6: [code] read off the device's register protocol or
 * the driver, [approx] an order of magnitude from a paper, [assumption] a
 * judgement, documented so that a user can override it.  No figure here was
 * fitted to a validation row (tests/validation/io.csv).
 * Software path lengths are microseconds on the profile's `ref_hw`
 * machine; a run on another hw profile scales them by the ratio of the same
 * code's time there (vdc_io_prof_scale, devices.c: the PV transition's
 * hcall_cycles / clock_ghz, which carries models/hw's per-machine software
 * factor), as the memory model does for its paths.  xen-pv's figures are for
 * Barham et al.'s 2.4 GHz Xeon (xeon2003: its 0.5 us hypercall is lmbench's
 * null call there); the others for the default hw, nehalem [assumption].
 * Limits: one cost per request class (no CPU frequency scaling, no cache
 * effects: SplitX measured the indirect cost of an exit at up to 10x).
 */
#include <stdio.h>
#include <string.h>

#include "io_path.h"

/* ---- shared figures ------------------------------------------------------ */

/* Emulated IDE with bus-master DMA: sector count, LBA low/mid/high, device
 * and command writes, BMDMA command and status, then the interrupt status
 * read and acknowledgement: ~10 port accesses per request [code: the ATA
 * register protocol as QEMU hw/ide/core.c and hw/ide/pci.c emulate it]. */
#define EMUL_EXITS_DISK 10.0
/* Emulated e1000: one TDT (tail) write per packet sent, and per interrupt
 * an ICR read plus IMC/IMS writes and an RDT write: ~5 per packet without
 * coalescing [code: QEMU hw/net/e1000.c register protocol]. */
#define EMUL_EXITS_NET 5.0
/* QEMU user-space device model per access, on top of the exit: the return
 * to user space, dispatch and the ioctl back; the order of kvm-unit-tests'
 * x86/vmexit.c "inl_from_qemu" against "inl_from_kernel" [approx]. */
#define QEMU_EMUL_US 4.0
/* Passthrough: an IOTLB miss (a short page walk) per 4 KiB page of DMA
 * [assumption; Ben-Yehuda et al., OLS 2007, measure far more for per-DMA
 * map/unmap, which a statically mapped assigned device avoids]. */
#define IOMMU_US 0.1
/* Backend copy of packet data, one core [assumption: memcpy-class rate]. */
#define COPY_GBPS 40.0
/* Xen blkback maps a request's granted pages and unmaps them when it
 * completes; the unmap flushes the TLBs of every CPU dom0 has run on, by
 * IPI, and "the cost of unmapping scales badly with the number of CPUs in
 * Dom0" (Oliver Chick / Roger Pau Monne, "Persistent grant maps for xen blk
 * drivers", LKML Oct 2012, merged in Linux 3.8: before it, one shootdown per
 * request).  One IPI round trip per target CPU, ~1.5 us on Xeons [approx:
 * practitioners' rule of thumb, 1-3 us; no paper figure found].  Hardware
 * (interrupt delivery and acknowledgement): not scaled with the CPU. */
#define GRANT_FLUSH_US 1.5

/* Fields every profile starts from; each profile sets the rest (and
 * pv_irq_exits, -1 = intr_exits, or its own). */
#define BASE \
    .exit_us = -1, .intr_exits = -1, \
    .emul_exits_disk = EMUL_EXITS_DISK, .emul_exits_net = EMUL_EXITS_NET, \
    .iommu_us = IOMMU_US, .copy_gbps = COPY_GBPS

static const vdc_io_prof native = {
    .name = "native", .ref_hw = "nehalem", .basis = "bare metal: no exits, no backend", .driver = "none",
    .disk_path = VDC_IO_NATIVE, .net_path = VDC_IO_NATIVE,
    .exit_us = 0, .intr_exits = 0, .pv_irq_exits = 0, .copy_gbps = 0, .batch_max = 1,
};

/* Xen PV (Barham et al., SOSP 2003; xen/include/public/io/blkif.h, netif.h):
 * kicks are event-channel hypercalls and completions upcalls, no VT exits;
 * blkback maps each granted page (map + unmap with a TLB flush), netback
 * grant-copies each page; the backends and qemu-dm run in dom0. */
static const vdc_io_prof xen_pv = {
    BASE, .name = "xen-pv", .driver = "dom0 (blkback, netback)", .ref_hw = "xeon2003",
    .basis = "Xen PV split drivers: event channels, grant map/copy in dom0",
    .disk_path = VDC_IO_PARAVIRTUAL, .net_path = VDC_IO_PARAVIRTUAL,
    .emul_us = 8.0,          /* exit -> Xen -> qemu-dm in dom0 -> back [assumption] */
    .emul_in_driver = 1, .emul_req_us = 5.0,
    .pv_kick_exits = 0, .pv_notify_us = 0.5,   /* a hypercall ~ lmbench null call x1 (Barham) [approx] */
    .pv_irq_exits = 0, .pv_upcall_us = 1.0,    /* event-channel upcall [assumption] */
    .pv_backend_us = 4.0,    /* blkback/netback + bridge per request [assumption] */
    .pv_signal_us = 1.0,     /* dom0 side of an event channel [assumption] */
    .pv_grant_us = 1.5,      /* grant map+unmap or grant copy per page [assumption] */
    .grant_flush_us = GRANT_FLUSH_US,
    .batch_max = 32,         /* blkif ring: 32 requests of 11 segments [code: blkif.h] */
    .cpu_overhead = 0.0,     /* SPECint2000 567 -> 567 (Barham, Table 3) [paper] */
};

/* Xen HVM with PV drivers (PVHVM): the same split drivers, but a kick is a
 * VMCALL exit and a completion comes through the callback vector (one
 * exit).  Hardware MMU: CPU-bound code close to native [assumption 1%]. */
static const vdc_io_prof xen_hvm = {
    BASE, .name = "xen-hvm", .ref_hw = "nehalem", .driver = "dom0 (blkback, netback; qemu-dm)",
    .basis = "Xen HVM guest with PV drivers: split drivers reached through exits",
    .disk_path = VDC_IO_PARAVIRTUAL, .net_path = VDC_IO_PARAVIRTUAL,
    .emul_us = 8.0, .emul_in_driver = 1, .emul_req_us = 5.0,
    .pv_kick_exits = 1, .pv_notify_us = 0.3, .pv_irq_exits = 1, .pv_upcall_us = 1.0,
    .pv_backend_us = 4.0, .pv_signal_us = 1.0, .pv_grant_us = 1.5, .batch_max = 32,
    .grant_flush_us = GRANT_FLUSH_US, .cpu_overhead = 0.01,
};

/* KVM + QEMU virtio (virtio 1.x rings, ioeventfd/irqfd): a kick is an MMIO
 * or PIO exit the kernel turns into an eventfd; QEMU's I/O thread runs the
 * backend (ring walk, preadv/pwritev or tap writes, irqfd). */
static const vdc_io_prof kvm_virtio = {
    BASE, .name = "kvm-virtio", .ref_hw = "nehalem", .driver = "QEMU I/O threads (host)",
    .basis = "KVM, virtio-blk/-net with the backend in QEMU user space",
    .disk_path = VDC_IO_PARAVIRTUAL, .net_path = VDC_IO_PARAVIRTUAL,
    .emul_us = QEMU_EMUL_US, .emul_in_driver = 0, .emul_req_us = 3.0,
    .pv_kick_exits = 1, .pv_notify_us = 0.5, .pv_irq_exits = -1, .pv_upcall_us = 0.5,
    .pv_backend_us = 5.0,    /* ring + system calls in QEMU [assumption] */
    .pv_signal_us = 2.0,     /* wake the I/O thread, irqfd [assumption] */
    .pv_grant_us = 0, .batch_max = 128,   /* half a 256-entry ring [code: virtio-net default] */
    .cpu_overhead = 0.01,
};

/* KVM + vhost-net: the backend is a host kernel thread (no user-space
 * crossing, no system calls); disk I/O still goes through QEMU. */
static const vdc_io_prof kvm_vhost = {
    BASE, .name = "kvm-vhost", .ref_hw = "nehalem", .driver = "vhost kernel threads (host)",
    .basis = "KVM, virtio with the vhost backend in the host kernel",
    .disk_path = VDC_IO_PARAVIRTUAL, .net_path = VDC_IO_PARAVIRTUAL,
    .emul_us = QEMU_EMUL_US, .emul_in_driver = 0, .emul_req_us = 3.0,
    .pv_kick_exits = 1, .pv_notify_us = 0.3, .pv_irq_exits = -1, .pv_upcall_us = 0.5,
    .pv_backend_us = 2.0, .pv_signal_us = 0.8, .pv_grant_us = 0, .batch_max = 128,
    .cpu_overhead = 0.01,
};

/* VMware ESXi: pvscsi/vmxnet3 backends in the vmkernel (no driver VM);
 * virtual interrupt coalescing batches completions [assumption 64]. */
static const vdc_io_prof esxi = {
    BASE, .name = "esxi", .ref_hw = "nehalem", .driver = "vmkernel worlds",
    .basis = "ESXi, vmxnet3 and pvscsi with the backends in the vmkernel",
    .disk_path = VDC_IO_PARAVIRTUAL, .net_path = VDC_IO_PARAVIRTUAL,
    .emul_us = 2.0, .emul_in_driver = 0, .emul_req_us = 2.0,  /* in-kernel device models */
    .pv_kick_exits = 1, .pv_notify_us = 0.3, .pv_irq_exits = -1, .pv_upcall_us = 0.5,
    .pv_backend_us = 2.5, .pv_signal_us = 0.5, .pv_grant_us = 0, .batch_max = 64,
    .cpu_overhead = 0.01,
};

/* Hyper-V: VMBus channels to virtualization service providers in the root
 * partition (the driver domain); a kick is a hypercall exit, a completion a
 * synthetic interrupt; data through GPADL-mapped buffers [assumption]. */
static const vdc_io_prof hyperv = {
    BASE, .name = "hyperv", .ref_hw = "nehalem", .driver = "root partition (VSPs)",
    .basis = "Hyper-V, VMBus synthetic devices served in the root partition",
    .disk_path = VDC_IO_PARAVIRTUAL, .net_path = VDC_IO_PARAVIRTUAL,
    .emul_us = 8.0, .emul_in_driver = 1, .emul_req_us = 5.0,  /* worker process in the root */
    .pv_kick_exits = 1, .pv_notify_us = 0.3, .pv_irq_exits = 1, .pv_upcall_us = 1.0,
    .pv_backend_us = 4.0, .pv_signal_us = 1.0, .pv_grant_us = 0.5, .batch_max = 32,
    .cpu_overhead = 0.02,
};

/* A hosted VMM (VirtualBox, VMware Workstation): emulated devices by
 * default, and every exit that needs the device model crosses into the
 * host OS and back (a world switch, Sugerman et al., USENIX 2001)
 * [assumption 5 us per crossing on this hardware]. */
static const vdc_io_prof hosted = {
    BASE, .name = "hosted", .ref_hw = "nehalem", .driver = "host OS process",
    .basis = "type 2 VMM: emulated devices in a host process, world switch per exit",
    .disk_path = VDC_IO_EMULATED, .net_path = VDC_IO_EMULATED,
    .hosted_us = 5.0, .emul_us = QEMU_EMUL_US, .emul_in_driver = 0, .emul_req_us = 5.0,
    .pv_kick_exits = 1, .pv_notify_us = 0.5, .pv_irq_exits = -1, .pv_upcall_us = 0.5,
    .pv_backend_us = 6.0, .pv_signal_us = 2.0, .pv_grant_us = 0, .batch_max = 64,
    .cpu_overhead = 0.05,    /* [assumption] */
};

void vdc_io_prof_scale(vdc_io_prof *p, double s)
{
    p->emul_us *= s;
    p->emul_req_us *= s;
    p->hosted_us *= s;
    p->pv_notify_us *= s;
    p->pv_upcall_us *= s;
    p->pv_backend_us *= s;
    p->pv_signal_us *= s;
    p->pv_grant_us *= s;
}

static const vdc_io_prof *const profiles[] = {
    &native, &xen_pv, &xen_hvm, &kvm_virtio, &kvm_vhost, &esxi, &hyperv, &hosted, NULL
};

const vdc_io_prof *const *vdc_io_prof_list(void) { return profiles; }

const vdc_io_prof *vdc_io_prof_find(const char *name)
{
    for (const vdc_io_prof *const *p = profiles; name && *p; p++)
        if (strcmp((*p)->name, name) == 0)
            return *p;
    return NULL;
}

void vdc_io_prof_names(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const vdc_io_prof *const *p = profiles; *p && used < n; p++) {
        int k = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", (*p)->name);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}
