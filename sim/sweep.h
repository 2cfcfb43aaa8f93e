/* sweep.h -- `vdcsim sweep` and `vdcsim merge`: many runs, one database.
 *
 * A sweep file names a base scenario and the points to run, each a list of
 * --set overrides: a grid (cartesian product), explicit lists, random
 * samples (seeded), times a list of seeds.  Points run on -j processes; each
 * run commits with a sweep_points(run_id, sweep, point) row, so a sweep
 * stopped half-way resumes by skipping the points already in the database.
 * --shard K/N runs every N-th point (for GNU parallel, Slurm job arrays or
 * machines); `vdcsim merge` joins shard databases into one. */
#ifndef VDC_SWEEP_H
#define VDC_SWEEP_H

int vdc_sweep_main(int argc, char **argv);
int vdc_merge_main(int argc, char **argv);

#endif
