-- mart_overlap: one row per candidate pair of current standards (std_a < std_b).
-- Title pairs (overlap_title_pair) across levels are 交叉重复 candidates (cross_level); within
-- one level, same_level. Several current editions of one document number are a stale-status
-- finding (multiple_current_editions) whatever their titles say, so they carry similarity 1.
-- Sector: the lowest ICS field both standards carry, else the lowest field of either.
CREATE TABLE mart_overlap AS
WITH cur AS (
    SELECT std_id, reference, base_ref, level, publisher, coalesce(title_zh, title_en) AS title
    FROM standard WHERE status = 'current'
),
pairs AS (
    SELECT a.std_id AS std_a, b.std_id AS std_b, 1.0 AS similarity, 'multiple_current_editions' AS kind
    FROM cur a JOIN cur b ON ref_key(b.base_ref) = ref_key(a.base_ref) AND a.std_id < b.std_id
    WHERE coalesce(a.base_ref, '') <> ''
    UNION ALL
    SELECT p.std_a, p.std_b, round(p.similarity, 4),
           CASE WHEN a.level IS DISTINCT FROM b.level THEN 'cross_level' ELSE 'same_level' END
    FROM overlap_title_pair p
    JOIN cur a ON a.std_id = p.std_a
    JOIN cur b ON b.std_id = p.std_b
),
first_sector AS (
    SELECT std_id, min(sector) AS sector FROM standard_sector GROUP BY std_id
),
shared_sector AS (
    SELECT p.std_a, p.std_b, min(x.sector) AS sector
    FROM pairs p
    JOIN standard_sector x ON x.std_id = p.std_a
    JOIN standard_sector y ON y.std_id = p.std_b AND y.sector = x.sector
    GROUP BY p.std_a, p.std_b
)
SELECT p.std_a, p.std_b, p.similarity, p.kind,
       coalesce(s.sector, least(fa.sector, fb.sector)) AS sector,
       a.level AS level_a, b.level AS level_b, a.reference AS ref_a, b.reference AS ref_b,
       a.title AS title_a, b.title AS title_b, a.publisher AS publisher_a, b.publisher AS publisher_b
FROM pairs p
JOIN cur a ON a.std_id = p.std_a
JOIN cur b ON b.std_id = p.std_b
LEFT JOIN shared_sector s ON s.std_a = p.std_a AND s.std_b = p.std_b
LEFT JOIN first_sector fa ON fa.std_id = p.std_a
LEFT JOIN first_sector fb ON fb.std_id = p.std_b;
