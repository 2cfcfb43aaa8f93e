-- consolidation_views.sql -- views of the consolidation lab's database
-- (scenarios/labs/consolidation/run_all.sh): one row per run with the paper's
-- metrics, and the median over the days of each policy, in the units of
-- Beloglazov & Buyya's Table V (CCPE 2012): energy kWh, SLATAH %, PDM %,
-- SLAV x 1e-5, ESV x 1e-3, migrations.  Runs are named "<policy>/<day>".
DROP VIEW IF EXISTS cons_runs;
CREATE VIEW cons_runs AS
SELECT r.run_id, r.scenario_name,
       substr(r.scenario_name, 1, instr(r.scenario_name, '/') - 1) AS policy,
       substr(r.scenario_name, instr(r.scenario_name, '/') + 1) AS day,
       max(CASE m.name WHEN 'energy_kwh' THEN m.value END) AS energy,
       max(CASE m.name WHEN 'slatah' THEN m.value END) AS slatah,
       max(CASE m.name WHEN 'pdm' THEN m.value END) AS pdm,
       max(CASE m.name WHEN 'slav' THEN m.value END) AS slav,
       max(CASE m.name WHEN 'esv' THEN m.value END) AS esv,
       max(CASE m.name WHEN 'migrations_requested' THEN m.value END) AS mig,
       max(CASE m.name WHEN 'aitf' THEN m.value END) AS aitf,
       max(CASE m.name WHEN 'aotf' THEN m.value END) AS aotf,
       max(CASE m.name WHEN 'active_hosts_mean' THEN m.value END) AS hosts
  FROM runs r JOIN metrics m ON m.run_id = r.run_id AND m.entity = 'dc'
 WHERE instr(r.scenario_name, '/') > 0
 GROUP BY r.run_id;

DROP VIEW IF EXISTS cons_long;
CREATE VIEW cons_long AS
          SELECT policy, 'energy' AS k, energy AS v FROM cons_runs WHERE policy <> 'neat'
UNION ALL SELECT policy, 'slatah', 100 * slatah FROM cons_runs WHERE policy <> 'neat'
UNION ALL SELECT policy, 'pdm', 100 * pdm FROM cons_runs WHERE policy <> 'neat'
UNION ALL SELECT policy, 'slav', 1e5 * slav FROM cons_runs WHERE policy <> 'neat'
UNION ALL SELECT policy, 'esv', 1e3 * esv FROM cons_runs WHERE policy <> 'neat'
UNION ALL SELECT policy, 'mig', mig FROM cons_runs WHERE policy <> 'neat';

-- median: the middle row, or the mean of the two middle rows
DROP VIEW IF EXISTS cons_med;
CREATE VIEW cons_med AS
SELECT policy, k, avg(v) AS med, max(n) AS n FROM (
    SELECT policy, k, v, row_number() OVER (PARTITION BY policy, k ORDER BY v) AS rn,
           count(*) OVER (PARTITION BY policy, k) AS n
      FROM cons_long)
 WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
 GROUP BY policy, k;

DROP VIEW IF EXISTS cons_medians;
CREATE VIEW cons_medians AS
SELECT policy, max(n) AS days,
       max(CASE k WHEN 'energy' THEN med END) AS energy,
       max(CASE k WHEN 'slatah' THEN med END) AS slatah,
       max(CASE k WHEN 'pdm' THEN med END) AS pdm,
       max(CASE k WHEN 'slav' THEN med END) AS slav,
       max(CASE k WHEN 'esv' THEN med END) AS esv,
       max(CASE k WHEN 'mig' THEN med END) AS mig
  FROM cons_med GROUP BY policy;
