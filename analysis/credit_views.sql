-- credit_views.sql -- views over the credit lab's database, one row per run
-- with the parameters the sweeps vary (scenarios/labs/credit/run_all.sh).
-- Usage: sqlite3 credit_lab.db < analysis/credit_views.sql
DROP VIEW IF EXISTS credit_run;
CREATE VIEW credit_run AS
SELECT r.run_id, r.scenario_name AS sweep,
       max(CASE WHEN p.path = 'models.sched.name' THEN p.value END) AS model,
       max(CASE WHEN p.path = 'models.sched.tslice_ms' THEN CAST(p.value AS REAL) END) AS tslice_ms,
       max(CASE WHEN p.path = 'models.sched.boost' THEN p.value END) AS boost,
       max(CASE WHEN p.path = 'models.sched.load_balance' THEN p.value END) AS load_balance,
       max(CASE WHEN p.path = 'models.sched.accounting' THEN p.value END) AS accounting,
       max(CASE WHEN p.path = 'hosts[0].pcpus' THEN CAST(p.value AS INTEGER) END) AS pcpus,
       max(CASE WHEN p.path = 'vms[0].weight' THEN CAST(p.value AS REAL) END) AS weight_a,
       max(CASE WHEN p.path = 'vms[1].weight' THEN CAST(p.value AS REAL) END) AS weight_b,
       max(CASE WHEN p.path = 'vms[0].cap' THEN CAST(p.value AS INTEGER) END) AS cap
FROM runs r JOIN params p ON p.run_id = r.run_id
GROUP BY r.run_id;

-- One metric per run and entity, with the run's parameters.
DROP VIEW IF EXISTS credit_metric;
CREATE VIEW credit_metric AS
SELECT c.*, m.entity, m.name, m.value, m.unit
FROM credit_run c JOIN metrics m ON m.run_id = c.run_id;

-- Cumulative wake-latency distribution of each VM in each run.
DROP VIEW IF EXISTS credit_wake_cdf;
CREATE VIEW credit_wake_cdf AS
SELECT h.run_id, h.vm, h.latency_us,
       CAST(sum(h.count) OVER (PARTITION BY h.run_id, h.vm ORDER BY h.latency_us) AS REAL) /
       sum(h.count) OVER (PARTITION BY h.run_id, h.vm) AS fraction
FROM sched_wake_hist h;
