-- mart_kpi: the headline figures, for all sectors (sector null) and for each sector, with the
-- value of the previous build of the same kind (demo or real) and a status against the target:
-- on_target at or above it, near within kpi_near_margin below it, off otherwise.
CREATE TABLE mart_kpi AS
WITH cfg AS (
    SELECT (SELECT value::DOUBLE FROM metric_config WHERE key = 'conversion_target') AS conversion_target,
           (SELECT value::DOUBLE FROM metric_config WHERE key = 'kpi_near_margin') AS margin,
           (SELECT value FROM metric_config WHERE key = 'focus_member') AS focus,
           (SELECT value::BOOLEAN FROM metric_config WHERE key = 'is_demo') AS is_demo
),
sectors AS (
    SELECT NULL::VARCHAR AS sector UNION ALL SELECT code FROM sector WHERE depth = 1
),
current_std AS (
    SELECT DISTINCT std_id, sector, level, overdue_review FROM mart_standard WHERE status = 'current'
),
national_adopting AS (
    SELECT DISTINCT std_id FROM mart_adoption WHERE degree IN ('IDT', 'MOD')
),
latest_snapshot AS (SELECT max(as_of) AS as_of FROM membership),
figures AS (
    SELECT 'current_standards' AS kpi, g.sector, 'count' AS unit,
           (SELECT count(DISTINCT std_id) FROM current_std c
            WHERE g.sector IS NULL OR c.sector = g.sector)::DOUBLE AS value,
           NULL::DOUBLE AS target
    FROM sectors g
    UNION ALL
    SELECT 'overdue_share', g.sector, 'share',
           (SELECT count(DISTINCT std_id) FILTER (WHERE overdue_review) / nullif(count(DISTINCT std_id), 0)
            FROM current_std c WHERE g.sector IS NULL OR c.sector = g.sector),
           NULL
    FROM sectors g
    UNION ALL
    SELECT 'adoption_rate', g.sector, 'share',
           (SELECT count(DISTINCT c.std_id) FILTER (WHERE a.std_id IS NOT NULL) / nullif(count(DISTINCT c.std_id), 0)
            FROM current_std c LEFT JOIN national_adopting a USING (std_id)
            WHERE c.level = 'national' AND (g.sector IS NULL OR c.sector = g.sector)),
           NULL
    FROM sectors g
    UNION ALL
    SELECT 'conversion_rate', g.sector, 'share',
           (SELECT count(DISTINCT std_id) FILTER (WHERE adopted) / nullif(count(DISTINCT std_id), 0)
            FROM mart_conversion m WHERE g.sector IS NULL OR m.sector = g.sector),
           (SELECT conversion_target FROM cfg)
    FROM sectors g
    UNION ALL
    SELECT 'focus_secretariats', g.sector, 'count',
           (SELECT count(DISTINCT m.committee_ref) FROM membership m LEFT JOIN committee c USING (committee_ref)
            WHERE m.as_of = (SELECT as_of FROM latest_snapshot) AND m.role = 'secretariat'
              AND m.member = (SELECT focus FROM cfg) AND (g.sector IS NULL OR c.sector = g.sector)),
           NULL
    FROM sectors g
    UNION ALL
    SELECT 'overlap_candidates', g.sector, 'count',
           (SELECT count(*) FROM mart_overlap o WHERE g.sector IS NULL OR o.sector = g.sector),
           NULL
    FROM sectors g
),
previous AS (
    SELECT kpi, sector, arg_max(value, as_of || run_id) AS value
    FROM kpi_history WHERE is_demo = (SELECT is_demo FROM cfg) GROUP BY kpi, sector
)
SELECT f.kpi, f.sector, f.value, f.target, p.value AS previous_value,
       CASE WHEN f.target IS NULL OR f.value IS NULL THEN 'no_target'
            WHEN f.value >= f.target THEN 'on_target'
            WHEN f.value >= f.target - (SELECT margin FROM cfg) THEN 'near'
            ELSE 'off' END AS status,
       f.unit
FROM figures f
LEFT JOIN previous p ON p.kpi = f.kpi AND p.sector IS NOT DISTINCT FROM f.sector;
