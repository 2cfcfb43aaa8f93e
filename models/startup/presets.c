/* presets.c -- the start-up profiles of presets.h, each with its source.
 *
 * Sources (docs/references.md §4; MB read as MiB throughout):
 *  [Manco17]  Manco et al., "My VM is lighter (and safer) than your
 *             container", SOSP 2017: Xen 4.8 + xl on a 4-core Xeon E5-1630
 *             v3, images on a RAM disk.  Create / boot of the first VM:
 *             Debian 500 ms / 1.5 s (1.1 GB image), Tinyx 360 / 180 ms
 *             (9.5 MB), Mini-OS unikernel 80 / 3 ms (480 KB, 3.6 MB RAM);
 *             LightVM 2.3 ms; boot grows ~0.75 ms per MB of image; memory
 *             for 1000 guests Debian ~114 GB, Tinyx ~27 GB, Docker ~5 GB;
 *             Docker 1.13 start ~200 ms; fork/exec 3.5 ms.
 *  [Agache20] Agache et al., "Firecracker", NSDI 2020 (data release): 1 vCPU
 *             256 MiB minimal Linux, pre-configured to guest init p50 110 /
 *             p99 115 ms; process start to guest init p50 161 ms (the
 *             release's "fc-api" files, made with --no-api --config-file:
 *             run-boot-*.sh passes -s, the API socket, only for the files
 *             named "fc-file", 196 ms serial); QEMU+qboot p50 214 ms; VMM
 *             ready ~12 ms; VMM memory ~2.5 MB (QEMU ~131 MB).
 *  [Kuenzer21] Kuenzer et al., "Unikraft", EuroSys 2021 (artifact data):
 *             hello boot = VMM + guest: Firecracker 1.48 + 1.26 ms, Solo5
 *             2.92 + 0.06, QEMU microvm 8.96 + 0.08, QEMU 37.8 + 0.05; OSv on
 *             Firecracker ~4.4 ms; images Unikraft 0.2-1.8, OSv 4.5-8.1,
 *             MirageOS hello 3.3 MB; minimum RAM Unikraft 2-7, OSv 24-40,
 *             Linux microVM ~29 MB.
 *  [qboot]    qboot README: qboot instead of SeaBIOS saves ~150 ms.
 *  [grub]     Debian's grub2 package, debian/default/grub: GRUB_TIMEOUT=5,
 *             the boot menu waits 5 s for a key before booting the default
 *             entry (Ubuntu's ships a hidden menu with timeout 0; cloud
 *             images and direct kernel boot have no menu).
 *  [Mohan19]  Mohan et al., HotCloud 2019: 1 network namespace 0.28 s, 100
 *             concurrently 14.4 s, i.e. ~0.143 s each of 0.28 s serialised.
 *  [Nguyen19] Nguyen, Nou, Lebre, "YOLO: speeding up VM boot time by
 *             reducing I/O operations", Inria RR-9245, 2019 (abstract): the
 *             boot images of 900+ Google Cloud VM images take 40 GB.
 *  [Lecture]  the lecture's table (Morabito et al., IEEE Network 2018):
 *             container image ~50 MB; unikernel footprint ~8 MB.
 * "Assumed" marks a value no source above gives; each says why it is
 * harmless or what it sets.  Splits of a measured boot into kernel and init
 * are assumed (half and half) where the source gives only the sum.
 */
#include "presets.h"

#include <string.h>

#define UNSET (-1.0)

/* What a full Linux distribution reads from its virtual disk while it boots
 * (its "boot image"): 40 GB for the boot images of 900+ Google Cloud VM
 * images [Nguyen19] = ~45 MB each.  The guests' boot phases were measured
 * with this read done (Debian on a RAM disk [Manco17]), so it is waiting on
 * the disk that the phase times do not contain: it costs ~0 on a RAM disk,
 * 0.09 s on the default SSD, more when many guests boot from one disk. */
#define BOOT_SET_MIB (40e3 / 900)

/* Share of the boot of the Firecracker paper's minimal Linux guest (its
 * data release's 1-vCPU linuxkit image, booted by Firecracker and by QEMU)
 * that needs a host core; the rest of the guest's boot time it waits.
 * Calibrated (tests/validation/startup.csv, row hsw_fc_par10_p50): on the
 * release's 4-core Haswell host, the whole start's p50 of 185 ms at 10 at a
 * time against 127 ms serial; CPU sharing with this share reproduces it.
 * The release keeps no CPU time of a boot (the VMM logs it, the script keeps
 * only the wall time), so no figure gives it directly.  Other guests keep 1
 * (CPU-bound: no source says otherwise). */
#define MINIMAL_GUEST_CPU_FRAC 0.25

const vdc_startup_preset vdc_startup_presets[] = {
    /* A classic KVM/QEMU VM: SeaBIOS, a Debian-like distribution guest. */
    { .name = "kvm_qemu", .kind = VDC_STARTUP_VM,
      .source = "QEMU VMM 37.8 ms [Kuenzer21]; SeaBIOS +150 ms over qboot [qboot]; "
                "GRUB menu 5 s (Debian's GRUB_TIMEOUT) [grub]; "
                "Debian guest boot 1.5 s, 1.1 GB image [Manco17]; QEMU ~131 MB [Agache20]",
      .toolstack_ms = 37.8,
      .image_mib = 1100, .image_local = true,
      .read_mib = 0,                         /* the disk is read on demand by the guest */
      .boot_read_mib = BOOT_SET_MIB,
      .firmware_ms = 150,
      /* booted from its own disk: SeaBIOS runs GRUB, whose menu waits
       * GRUB_TIMEOUT; Manco17's 1.5 s was a Xen PV boot without that menu */
      .bootloader_ms = 5000,
      .kernel_ms = 750, .init_ms = 750,      /* 1.5 s [Manco17], split assumed */
      .cpu_frac = 1,
      .memory_mib = 111 + 131 },             /* Debian guest [Manco17] + QEMU [Agache20] */
    /* The Firecracker paper's QEMU baseline: same minimal guest, qboot. */
    { .name = "qemu_qboot", .kind = VDC_STARTUP_VM,
      .source = "QEMU+qboot p50 214 ms to guest init [Agache20]; QEMU VMM 37.8 ms "
                "[Kuenzer21]; Linux microVM ~29 MB + QEMU ~131 MB",
      .toolstack_ms = 37.8,
      .image_mib = 32, .image_local = true,  /* assumed: minimal kernel + rootfs */
      .kernel_ms = 214 - 37.8,
      .cpu_frac = MINIMAL_GUEST_CPU_FRAC,
      .memory_mib = 29 + 131 },
    /* Xen + xl, Debian guest, XenStore-based devices (vbd + vif + console). */
    { .name = "xen_debian", .kind = VDC_STARTUP_VM,
      .source = "Xen 4.8 xl, Debian create 500 ms + boot 1.5 s, 1000th create ~42 s, "
                "~111 MB each [Manco17]",
      .toolstack_ms = 500,
      /* a root and a swap disk: what xen-tools' xen-create-image makes for
       * a Debian guest by default (assumed: the paper does not list them) */
      .xenstore = true, .vifs = 1, .vbds = 2, .consoles = 1,
      .image_mib = 1100, .image_local = true,
      .read_mib = 25,                        /* assumed: vmlinuz + initrd loaded by xl */
      .boot_read_mib = BOOT_SET_MIB,         /* its root disk (a RAM disk in [Manco17]) */
      .read_ms_per_mib = 0.75,               /* [Manco17] boot vs image size */
      .kernel_ms = (1500 - 25 * 0.75) / 2, .init_ms = (1500 - 25 * 0.75) / 2,
      .cpu_frac = 1,
      .memory_mib = 111 },
    /* Xen + xl, Tinyx: a trimmed Linux booting one application. */
    { .name = "xen_tinyx", .kind = VDC_STARTUP_VM,
      .source = "Xen 4.8 xl, Tinyx create 360 ms + boot 180 ms, 9.5 MB image, 1000th "
                "create ~10 s, ~27 MB each [Manco17]",
      .toolstack_ms = 360,
      /* network + console; the root filesystem is the image's initramfs
       * (assumed: Tinyx boots one application from a kernel + initramfs) */
      .xenstore = true, .vifs = 1, .consoles = 1,
      .image_mib = 9.5, .image_local = true,
      .read_mib = UNSET, .read_ms_per_mib = 0.75,
      .kernel_ms = 180 - 9.5 * 0.75,         /* boot = image load + kernel + app */
      .cpu_frac = 1,
      .memory_mib = 27 },
    /* Xen + xl, a minimal Mini-OS unikernel. */
    { .name = "xen_unikernel", .kind = VDC_STARTUP_UNIKERNEL,
      .source = "Xen 4.8 xl, Mini-OS unikernel create 80 ms + boot 3 ms, 480 KB image, "
                "3.6 MB RAM [Manco17]",
      .toolstack_ms = 80,
      .xenstore = true, .vifs = 1, .consoles = 1,    /* the daytime server */
      .image_mib = 0.48, .image_local = true,
      .read_mib = UNSET, .read_ms_per_mib = 0.75,
      .kernel_ms = 3 - 0.48 * 0.75,
      .cpu_frac = 1,
      .memory_mib = 3.6 },
    /* LightVM: noxs (no XenStore) + split toolstack, same unikernel. */
    { .name = "lightvm", .kind = VDC_STARTUP_UNIKERNEL,
      .source = "LightVM 2.3 ms minimum, ~4 ms flat to 1000 guests, 3.6 MB RAM [Manco17]",
      .toolstack_ms = 1.2,                   /* split of the 2.3 ms assumed */
      /* (4 - 2.3) ms / 999 running guests, read as linear (a fit; the paper
       * calls it flat and names no mechanism) */
      .ts_growth_us = 1.7,
      .image_mib = 0.48, .image_local = true,
      .read_mib = UNSET, .read_ms_per_mib = 0.75,
      .kernel_ms = 2.3 - 1.2 - 0.48 * 0.75,
      .cpu_frac = 1,
      .memory_mib = 3.6 },
    /* Firecracker microVM, pre-configured (the paper's serial boot test). */
    { .name = "firecracker", .kind = VDC_STARTUP_MICROVM,
      .source = "pre-configured microVM to guest init p50 110 / p99 115 ms, VMM ready "
                "~12 ms, VMM ~2.5 MB [Agache20]; Linux microVM ~29 MB [Kuenzer21]",
      .toolstack_ms = 12,
      .image_mib = 32, .image_local = true,  /* assumed, as qemu_qboot */
      .kernel_ms = 110 - 12,
      .cpu_frac = MINIMAL_GUEST_CPU_FRAC,
      .jitter = 0.0191,                      /* ln(115/110) / z_0.99 (2.326) */
      .memory_mib = 29 + 2.5 },
    /* Firecracker's whole start, process start to guest init.  The name is
     * the data release's ("fc-api"), whose script in fact started these
     * VMMs from a config file (--no-api --config-file); see above. */
    { .name = "firecracker_api", .kind = VDC_STARTUP_MICROVM,
      .source = "process start (config file) to guest init p50 161 ms [Agache20 data, "
                "'fc-api' files]",
      .toolstack_ms = 161 - 98,
      .image_mib = 32, .image_local = true,
      .kernel_ms = 98,
      .cpu_frac = MINIMAL_GUEST_CPU_FRAC,
      .jitter = 0.0191,
      .memory_mib = 29 + 2.5 },
    /* Docker: daemon + runc, layered image pulled from a registry. */
    { .name = "docker", .kind = VDC_STARTUP_CONTAINER,
      .source = "Docker 1.13 start ~200 ms, ~5 MB per container, fork/exec 3.5 ms "
                "[Manco17]; image ~50 MB [Lecture]; netns lock share [Mohan19]",
      .toolstack_ms = 200 - 80 - 3.5,        /* what the 200 ms leaves to dockerd/runc */
      .image_mib = 50,
      .base_mib = 30, .base = "base-os",     /* assumed: 60% in a shared OS layer */
      .unpack_ms_per_mib = 3,                /* assumed: ~330 MiB/s gunzip + extract */
      .read_mib = 0,
      .init_ms = 3.5,                        /* exec of the application [Manco17] */
      .namespace_ms = 80,                    /* assumed share of the 200 ms */
      .ns_lock_frac = 0.509,                 /* (14.4 - 0.28) / 99 / 0.28 [Mohan19] */
      .cpu_frac = 1,
      .memory_mib = 5 },
    /* Unikraft hello world on four VMMs: boot = VMM + guest [Kuenzer21]. */
    { .name = "unikraft_fc", .kind = VDC_STARTUP_UNIKERNEL,
      .source = "Unikraft on Firecracker 1.48 + 1.26 ms, image 0.2 MB, RAM 2 MB "
                "[Kuenzer21]; Firecracker VMM ~2.5 MB [Agache20]",
      .toolstack_ms = 1.48, .kernel_ms = 1.26,
      .image_mib = 0.2, .image_local = true,
      .cpu_frac = 1, .memory_mib = 2 + 2.5 },
    { .name = "unikraft_solo5", .kind = VDC_STARTUP_UNIKERNEL,
      .source = "Unikraft on Solo5 2.92 + 0.06 ms, RAM 2 MB [Kuenzer21]; VMM memory "
                "not published here (not counted)",
      .toolstack_ms = 2.92, .kernel_ms = 0.06,
      .image_mib = 0.2, .image_local = true,
      .cpu_frac = 1, .memory_mib = 2 },
    { .name = "unikraft_qemu_microvm", .kind = VDC_STARTUP_UNIKERNEL,
      .source = "Unikraft on QEMU microvm 8.96 + 0.08 ms, RAM 2 MB [Kuenzer21]; QEMU "
                "~131 MB [Agache20]",
      .toolstack_ms = 8.96, .kernel_ms = 0.08,
      .image_mib = 0.2, .image_local = true,
      .cpu_frac = 1, .memory_mib = 2 + 131 },
    { .name = "unikraft_qemu", .kind = VDC_STARTUP_UNIKERNEL,
      .source = "Unikraft on QEMU 37.8 + 0.05 ms, RAM 2 MB [Kuenzer21]; QEMU ~131 MB "
                "[Agache20]",
      .toolstack_ms = 37.8, .kernel_ms = 0.05,
      .image_mib = 0.2, .image_local = true,
      .cpu_frac = 1, .memory_mib = 2 + 131 },
    { .name = "osv_fc", .kind = VDC_STARTUP_UNIKERNEL,
      .source = "OSv on Firecracker ~4.4 ms, image 4.5 MB, RAM 24 MB (smallest of the "
                "ranges) [Kuenzer21]; Firecracker VMM 1.48 ms and ~2.5 MB",
      .toolstack_ms = 1.48, .kernel_ms = 4.4 - 1.48,
      .image_mib = 4.5, .image_local = true,
      .cpu_frac = 1, .memory_mib = 24 + 2.5 },
    { .name = "mirage_solo5", .kind = VDC_STARTUP_UNIKERNEL,
      .source = "MirageOS hello image 3.3 MB [Kuenzer21]; Solo5 VMM 2.92 ms; guest boot "
                "assumed as Unikraft's on Solo5 (0.06 ms); RAM ~8 MB [Lecture]",
      .toolstack_ms = 2.92, .kernel_ms = 0.06,
      .image_mib = 3.3, .image_local = true,
      .cpu_frac = 1, .memory_mib = 8 },
};

const int vdc_startup_npresets =
    (int)(sizeof vdc_startup_presets / sizeof vdc_startup_presets[0]);

/* ---- XenStore entries from the devices ------------------------------------
 * Nodes created by the toolstack, counted in Xen 4.8's tools/libxl:
 *  - per guest: libxl__domain_make (libxl_create.c) creates 23 (the domain,
 *    vm and libxl directories, cpu, memory, device, control and its 4
 *    shutdown/feature keys, the suspend event channel, data, drivers,
 *    feature, attr, vm uuid and name, 2 platform features); libxl__build_post
 *    (libxl_dom.c) writes 6 (memory static-max/target/videoram, domid, store
 *    port and ring-ref) plus cpu/N and cpu/N/availability per vCPU;
 *  - per device, libxl__device_generic_add (libxl_device.c): the libxl
 *    directory with its frontend and backend links (3), the frontend
 *    directory and its backend link (2) + the frontend keys, the backend
 *    directory and its frontend link (2) + the backend keys, written twice
 *    (backend and the libxl copy): 7 + front + 2 x back;
 *  - vif (libxl_nic.c): back frontend-id, online, state, script, mac,
 *    bridge, handle, type (8); front backend-id, state, handle, mac (4): 27;
 *  - vbd (libxl.c device_disk_add): back params, frontend-id, online,
 *    removable, bootable, state, dev, type, mode, device-type,
 *    discard-enable (11); front backend-id, state, virtual-device,
 *    device-type (4): 33;
 *  - console 0 (libxl.c libxl__device_console_add): back frontend-id,
 *    online, state, protocol (4); front backend-id + limit, type, output,
 *    tty, port, ring-ref (7): 22.
 * Keys the guest's frontend drivers and the backends add later (ring
 * references, event channels, feature flags, hotplug status) are not
 * counted: the paper times the creation by the toolstack. */
enum { XS_DOMAIN = 23 + 6, XS_PER_VCPU = 2, XS_VIF = 27, XS_VBD = 33, XS_CONSOLE = 22 };

double vdc_startup_xs_entries(const vdc_startup_preset *p, int vcpus)
{
    if (!p->xenstore)
        return 0;
    return XS_DOMAIN + XS_PER_VCPU * (vcpus > 0 ? vcpus : 1) + XS_VIF * p->vifs +
           XS_VBD * p->vbds + XS_CONSOLE * p->consoles;
}

int vdc_startup_preset_find(const char *name)
{
    for (int i = 0; i < vdc_startup_npresets; i++)
        if (strcmp(vdc_startup_presets[i].name, name) == 0)
            return i;
    return -1;
}

int vdc_startup_preset_default(int kind)
{
    static const char *const def[VDC_STARTUP_NKIND] = {
        [VDC_STARTUP_VM] = "kvm_qemu", [VDC_STARTUP_CONTAINER] = "docker",
        [VDC_STARTUP_MICROVM] = "firecracker", [VDC_STARTUP_UNIKERNEL] = "unikraft_fc",
    };
    return kind >= 0 && kind < VDC_STARTUP_NKIND ? vdc_startup_preset_find(def[kind]) : -1;
}

const char *vdc_startup_kind_name(int kind)
{
    static const char *const names[VDC_STARTUP_NKIND] = { "vm", "container", "microvm",
                                                          "unikernel" };
    return kind >= 0 && kind < VDC_STARTUP_NKIND ? names[kind] : "?";
}
