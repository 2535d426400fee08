-- mart_kpi: the headline figures, for all sectors (sector null) and for each sector, with the
-- value of the previous build of the same kind (demo or real; kpi_history) and a status against
-- the target: on_target when it meets it, near when it misses by at most kpi_near_margin of the
-- target (5% of 85% = 4.25 points; 5% of 18 months = 0.9 months), off otherwise. The targets are
-- those of 国家标准化发展纲要: conversion rate ≥ 85%, national development cycle ≤ 18 months;
-- the other figures are no_target. Each figure is read from the mart that defines it.
-- development_cycle: mean development months of national standards published in the year up to
-- the as-of date (a proxy, see mart_standard).
CREATE TABLE mart_kpi AS
WITH cfg AS (
    SELECT (SELECT value::DOUBLE FROM metric_config WHERE key = 'conversion_target') AS conversion_target,
           (SELECT value::DOUBLE FROM metric_config WHERE key = 'development_cycle_months') AS cycle_target,
           (SELECT value::DATE FROM metric_config WHERE key = 'as_of') AS as_of,
           (SELECT value::DOUBLE FROM metric_config WHERE key = 'kpi_near_margin') AS margin,
           (SELECT value FROM metric_config WHERE key = 'focus_member') AS focus,
           (SELECT value FROM metric_config WHERE key = 'national_publisher') AS national_publisher,
           (SELECT value::BOOLEAN FROM metric_config WHERE key = 'is_demo') AS is_demo
),
sectors AS (
    SELECT NULL::VARCHAR AS sector UNION ALL SELECT code FROM sector WHERE depth = 1
),
current_std AS (
    SELECT DISTINCT std_id, sector, level, publisher, overdue_review FROM mart_standard WHERE status = 'current'
),
national_adopting AS (
    SELECT DISTINCT std_id FROM mart_adoption WHERE counts_as_adoption
),
recent_national AS (
    SELECT DISTINCT std_id, sector, development_months FROM mart_standard
    WHERE level = 'national' AND development_months IS NOT NULL
      AND published_on > (SELECT as_of FROM cfg) - INTERVAL 1 YEAR AND published_on <= (SELECT as_of FROM cfg)
),
latest_committees AS (
    SELECT * FROM mart_committee_members
    WHERE active AND as_of = (SELECT max(as_of) FROM mart_committee_members)
),
figures AS (
    SELECT 'current_standards' AS kpi, g.sector, 'count' AS unit,
           (SELECT count(DISTINCT std_id) FROM current_std c
            WHERE g.sector IS NULL OR c.sector = g.sector)::DOUBLE AS value,
           NULL::DOUBLE AS target, NULL::BOOLEAN AS higher_is_better
    FROM sectors g
    UNION ALL
    SELECT 'overdue_share', g.sector, 'share',
           (SELECT count(DISTINCT std_id) FILTER (WHERE overdue_review) / nullif(count(DISTINCT std_id), 0)
            FROM current_std c WHERE g.sector IS NULL OR c.sector = g.sector),
           NULL, false
    FROM sectors g
    UNION ALL
    SELECT 'adoption_rate', g.sector, 'share',
           (SELECT count(DISTINCT c.std_id) FILTER (WHERE a.std_id IS NOT NULL) / nullif(count(DISTINCT c.std_id), 0)
            FROM current_std c LEFT JOIN national_adopting a USING (std_id)
            WHERE c.level = 'national' AND (g.sector IS NULL OR c.sector = g.sector)
              AND (SELECT national_publisher FROM cfg) IN ('', c.publisher)),
           NULL, true
    FROM sectors g
    UNION ALL
    SELECT 'conversion_rate', g.sector, 'share',
           (SELECT count(DISTINCT std_id) FILTER (WHERE adopted) / nullif(count(DISTINCT std_id), 0)
            FROM mart_conversion m WHERE g.sector IS NULL OR m.sector = g.sector),
           (SELECT conversion_target FROM cfg), true
    FROM sectors g
    UNION ALL
    SELECT 'development_cycle', g.sector, 'months',
           (SELECT avg(months) FROM (
                SELECT any_value(development_months) AS months FROM recent_national r
                WHERE g.sector IS NULL OR r.sector = g.sector GROUP BY std_id)),
           (SELECT cycle_target FROM cfg), false
    FROM sectors g
    UNION ALL
    SELECT 'focus_secretariats', g.sector, 'count',
           (SELECT count(*) FROM latest_committees c
            WHERE c.secretariat = (SELECT focus FROM cfg) AND (g.sector IS NULL OR c.sector = g.sector)),
           NULL, true
    FROM sectors g
    UNION ALL
    SELECT 'overlap_candidates', g.sector, 'count',
           (SELECT count(*) FROM mart_overlap o WHERE g.sector IS NULL OR o.sector = g.sector),
           NULL, false
    FROM sectors g
),
previous AS (
    -- the latest earlier build describing the same or an earlier date (a backfill of an old
    -- snapshot compares with what came before it, not with today)
    SELECT kpi, sector, arg_max(value, as_of || run_id) AS value
    FROM kpi_history
    WHERE is_demo = (SELECT is_demo FROM cfg) AND as_of <= (SELECT as_of FROM cfg)
    GROUP BY kpi, sector
)
SELECT f.kpi, f.sector, f.value, f.target, p.value AS previous_value,
       CASE WHEN f.target IS NULL OR f.value IS NULL THEN 'no_target'
            WHEN f.higher_is_better AND f.value >= f.target THEN 'on_target'
            WHEN f.higher_is_better AND f.value >= f.target * (1 - (SELECT margin FROM cfg)) THEN 'near'
            WHEN NOT f.higher_is_better AND f.value <= f.target THEN 'on_target'
            WHEN NOT f.higher_is_better AND f.value <= f.target * (1 + (SELECT margin FROM cfg)) THEN 'near'
            ELSE 'off' END AS status,
       f.unit, f.higher_is_better
FROM figures f
LEFT JOIN previous p ON p.kpi = f.kpi AND p.sector IS NOT DISTINCT FROM f.sector;
