/* overcommit.h -- the laws of memory overcommit, pure functions shared by
 * the overcommit model (balloon.c) and its tests.  No state, no world.
 *
 * Guest swapping (a balloon took the guest below its working set W): the
 * guest's LRU keeps the M most recent pages, references spread uniformly
 * over W, so a fraction (W - M) / W of them fault (the miss ratio of any
 * demand pager under uniform independent references).  Host swapping: the
 * hypervisor evicts E of the VM's M pages without knowing which the guest
 * uses (ESX picks them at random: Waldspurger, OSDI 2002, §3.3), so a
 * reference misses with probability E / M -- free and cold pages are no
 * likelier to go than hot ones, the reason ballooning wins.
 * A vCPU that touches r distinct pages per second of native work and waits
 * t_f per fault runs at speed 1 / (1 + r m t_f) (m the miss ratio).
 * Page sharing: a group of n identical pages, each at an independent uniform
 * position of a scan pass, has after a fraction x of the pass n x - (1 -
 * (1 - x)^n) pages merged (every scanned copy but the first), n - 1 after a
 * full pass (KSM's unstable tree finds a duplicate within one pass).
 */
#ifndef VDC_OVERCOMMIT_H
#define VDC_OVERCOMMIT_H

/* Miss ratio of a guest holding mem of its working set ws (same unit). */
double vdc_oc_guest_miss(double ws, double mem);
/* Miss ratio when the host has evicted `evicted` of the VM's `mem`. */
double vdc_oc_host_miss(double evicted, double mem);
/* Speed factor of a vCPU with miss ratio m, r touches/s, t_f s per fault. */
double vdc_oc_speed(double touch_per_s, double miss, double fault_s);
/* Pages merged in a group of n identical pages after fraction x of a pass. */
double vdc_oc_merged(double n, double x);

#endif
