/* units.h -- unit conversions, defined once.
 *
 * Memory sizes are binary (KiB, MiB, GiB: powers of two, as page tables and
 * hypervisors count them); link rates are decimal (Gbit/s, Mbit/s: as NICs
 * are sold and as QEMU/Xen take migration bandwidth).  Every constant is an
 * exact power of two or an exact decimal, so using it instead of the literal
 * changes no result bit.
 */
#ifndef VDC_UNITS_H
#define VDC_UNITS_H

#define VDC_KIB 1024.0                 /* bytes */
#define VDC_MIB 1048576.0              /* bytes */
#define VDC_GIB 1073741824.0           /* bytes */

#define VDC_GBPS_BYTES (1e9 / 8.0)     /* 1 Gbit/s in bytes/s */
#define VDC_MBPS_BYTES 125000.0        /* 1 Mbit/s in bytes/s */

#define VDC_S_PER_NS 1e-9              /* engine time (ns) -> seconds */

#endif
