/* presets.h -- published start-up profiles of VMs, containers, microVMs and
 * unikernels, for the startup model (models/startup/phases.c).
 *
 * A preset is what one instance costs when it starts ALONE on an idle host
 * with its image already present: milliseconds per phase, image and memory
 * sizes, and the few mechanism constants (XenStore entries, the share of the
 * namespace set-up done under a global lock) from which contention and
 * growth follow.  Every preset names its source (presets.c, and
 * `vdcsim models startup`); docs/references.md §4 lists the figures.
 *
 * Values only: the model turns them into work on per-host resources
 * (models/startup/share.h) and the scenario may override any of them per
 * start request.  Limits: one profile per guest, no distributions of phase
 * times other than a log-normal jitter; see models/startup/README.md.
 */
#ifndef VDC_STARTUP_PRESETS_H
#define VDC_STARTUP_PRESETS_H

#include <stdbool.h>
#include <stdio.h>

/* Instance kinds, in the order of the "kind" choices after "auto". */
typedef enum vdc_startup_kind {
    VDC_STARTUP_VM,
    VDC_STARTUP_CONTAINER,
    VDC_STARTUP_MICROVM,
    VDC_STARTUP_UNIKERNEL,
    VDC_STARTUP_NKIND
} vdc_startup_kind;

/* "kind" and "preset" choices of the start verbs; index 0 is "auto" and
 * preset choice i+1 is vdc_startup_presets[i] (checked by tests). */
#define VDC_STARTUP_KIND_CHOICES "auto|vm|container|microvm|unikernel"
#define VDC_STARTUP_PRESET_CHOICES                                              \
    "auto|kvm_qemu|qemu_qboot|xen_debian|xen_tinyx|xen_unikernel|lightvm|"     \
    "firecracker|firecracker_api|docker|unikraft_fc|unikraft_solo5|"           \
    "unikraft_qemu_microvm|unikraft_qemu|osv_fc|mirage_solo5"

typedef struct vdc_startup_preset {
    const char *name;
    int kind;                   /* vdc_startup_kind */
    const char *source;         /* paper / data the numbers come from */
    /* -- control plane ------------------------------------------------ */
    double toolstack_ms;        /* create: toolstack/VMM/daemon, alone, none running */
    bool xenstore;              /* devices are set up through XenStore (xl) */
    double vifs, vbds, consoles;    /* PV devices: each writes its own XenStore entries */
    double xs_entries;          /* 0 in the table: derived from the devices when a
                                   request is resolved (vdc_startup_xs_entries) */
    double ts_growth_us;        /* extra toolstack CPU per instance already running */
    /* -- image -------------------------------------------------------- */
    double image_mib;           /* image size (to fetch when not cached)  */
    double base_mib;            /* part of image_mib in a shared base layer */
    const char *base;           /* name of that base layer (NULL: none)   */
    bool image_local;           /* image pre-provisioned on hosts (cached="preset") */
    double unpack_ms_per_mib;   /* CPU to decompress/extract a fetched MiB */
    double read_mib;            /* MiB loaded into the guest at create; <0: whole image */
    double read_ms_per_mib;     /* CPU per MiB loaded (domain builder, ELF loader) */
    double boot_read_mib;       /* MiB the guest reads from its disk while booting */
    /* -- guest -------------------------------------------------------- */
    double firmware_ms;         /* BIOS / firmware                         */
    double bootloader_ms;       /* boot-menu wait (GRUB_TIMEOUT): wall-clock time,
                                   neither CPU work nor scaled by jitter   */
    double kernel_ms;           /* kernel boot (a unikernel: all of its boot) */
    double init_ms;             /* init system and application start       */
    double namespace_ms;        /* containers: namespaces + cgroups set-up */
    double ns_lock_frac;        /* share of namespace_ms under a host-wide lock */
    double cpu_frac;            /* share of guest-phase time that needs a CPU */
    double jitter;              /* log-normal sigma of the phase times (0: exact) */
    /* -- footprint ---------------------------------------------------- */
    double memory_mib;          /* host memory the running instance takes */
    double idle_cpu_pct;        /* % of one core an idle running instance uses */
} vdc_startup_preset;

extern const vdc_startup_preset vdc_startup_presets[];
extern const int vdc_startup_npresets;

/* Index of the preset called `name`, or -1. */
int vdc_startup_preset_find(const char *name);

/* The default preset of a kind (kvm_qemu, docker, firecracker, unikraft_fc). */
int vdc_startup_preset_default(int kind);

/* XenStore nodes the toolstack (xl/libxl of Xen 4.8) creates for one guest
 * with `vcpus` vCPUs and the preset's devices; 0 without XenStore. */
double vdc_startup_xs_entries(const vdc_startup_preset *p, int vcpus);

/* `vdcsim models startup`: every profile, main values and source (preset_print.c). */
void vdc_startup_print_presets(FILE *f);

/* "vm", "container", "microvm", "unikernel". */
const char *vdc_startup_kind_name(int kind);

#endif
