-- Read-only views for analysis outside memsweep (pandas, R, a SQL shell). Views only: no table changes.

-- One row per stored Monte-Carlo trial, with its sweep and its point's coordinates.
CREATE VIEW "trial_results_view" AS
SELECT
    s."id" AS "sweep_id",
    s."name" AS "sweep_name",
    p."point_key" AS "point_key",
    p."method" AS "method",
    p."fault_rate" AS "fault_rate",
    p."drop_connect_rate" AS "drop_connect_rate",
    p."sigma" AS "sigma",
    p."crossbar_size" AS "crossbar_size",
    p."width" AS "width",
    p."seed" AS "seed",
    r."trial" AS "trial",
    r."correct" AS "correct",
    r."total" AS "total",
    CAST(r."correct" AS REAL) / r."total" AS "accuracy"
FROM "trial_results" r
JOIN "points" p ON p."id" = r."point_id"
JOIN "sweeps" s ON s."id" = p."sweep_id";

-- One row per point (method x training seed x grid coordinate) that has trials: the accuracy distribution's n, mean,
-- sample standard deviation (n - 1 denominator, two-pass; 0 for one trial), min and max.
CREATE VIEW "point_summary_view" AS
WITH "point_means" AS (
    SELECT r."point_id" AS "point_id", AVG(CAST(r."correct" AS REAL) / r."total") AS "mean"
    FROM "trial_results" r
    GROUP BY r."point_id"
)
SELECT
    s."id" AS "sweep_id",
    s."name" AS "sweep_name",
    p."point_key" AS "point_key",
    p."method" AS "method",
    p."fault_rate" AS "fault_rate",
    p."drop_connect_rate" AS "drop_connect_rate",
    p."sigma" AS "sigma",
    p."crossbar_size" AS "crossbar_size",
    p."width" AS "width",
    p."seed" AS "seed",
    COUNT(*) AS "n",
    m."mean" AS "mean",
    CASE WHEN COUNT(*) > 1
        THEN sqrt(SUM((CAST(r."correct" AS REAL) / r."total" - m."mean") * (CAST(r."correct" AS REAL) / r."total" - m."mean")) / (COUNT(*) - 1))
        ELSE 0.0 END AS "std",
    MIN(CAST(r."correct" AS REAL) / r."total") AS "min",
    MAX(CAST(r."correct" AS REAL) / r."total") AS "max"
FROM "trial_results" r
JOIN "point_means" m ON m."point_id" = r."point_id"
JOIN "points" p ON p."id" = r."point_id"
JOIN "sweeps" s ON s."id" = p."sweep_id"
GROUP BY s."id", s."name", p."id", p."point_key", p."method", p."fault_rate", p."drop_connect_rate", p."sigma",
    p."crossbar_size", p."width", p."seed", m."mean";
