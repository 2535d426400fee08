-- mart_adoption: current national standards × the international (ISO, IEC, ITU) standards they
-- adopt. Adoptions of regional or foreign standards (EN, ASTM, JIS …) are not international
-- adoptions and stay in standard_link only. NEQ rows are kept but never count as adoption
-- (counts_as_adoption); a degree the catalog does not state is 'unknown'.
-- Lagging adoption: the adopted edition has since been withdrawn, or replaced by an edition that
-- is now current (a replacement still in drafting does not make it lagging yet).
-- Delay: national publication − publication of the adopted edition, in years.
CREATE TABLE mart_adoption AS
WITH first_sector AS (
    SELECT std_id, min(sector) AS sector FROM standard_sector GROUP BY std_id
),
replaced AS (
    SELECT l.to_std AS std_id, min(r.reference) AS replaced_by_ref
    FROM standard_link l JOIN standard r ON r.std_id = l.from_std
    WHERE l.kind = 'replaces' AND l.to_std IS NOT NULL AND r.status = 'current'
    GROUP BY l.to_std
),
adoptions AS (
    -- one row per adopted reference; a reference listed twice keeps its strongest degree
    SELECT l.from_std, l.to_ref, any_value(l.to_std) AS to_std,
           CASE min(CASE l.degree WHEN 'IDT' THEN 1 WHEN 'MOD' THEN 2 WHEN 'NEQ' THEN 3 ELSE 4 END)
               WHEN 1 THEN 'IDT' WHEN 2 THEN 'MOD' WHEN 3 THEN 'NEQ' ELSE 'unknown' END AS degree
    FROM standard_link l
    LEFT JOIN standard i ON i.std_id = l.to_std
    WHERE l.kind = 'adopts' AND l.to_ref IS NOT NULL
      AND (i.level = 'international' OR regexp_matches(upper(l.to_ref), '^\s*(ISO|IEC|ITU)'))
    GROUP BY l.from_std, l.to_ref
)
SELECT n.std_id, n.reference, coalesce(n.title_zh, n.title_en) AS title,
       coalesce(ns.sector, isec.sector) AS sector, n.publisher,
       a.to_ref AS adopted_ref, a.to_std AS adopted_std_id, a.degree,
       a.degree IN ('IDT', 'MOD') AS counts_as_adoption,
       i.status AS adopted_status,
       round(date_diff('day', i.published_on, coalesce(n.published_on, n.implemented_on)) / 365.25, 2)
           AS adoption_delay_years,
       CASE WHEN i.std_id IS NOT NULL THEN i.status = 'withdrawn' OR r.std_id IS NOT NULL END AS lagging_adoption,
       r.replaced_by_ref
FROM standard n
JOIN adoptions a ON a.from_std = n.std_id
LEFT JOIN standard i ON i.std_id = a.to_std
LEFT JOIN replaced r ON r.std_id = a.to_std
LEFT JOIN first_sector ns ON ns.std_id = n.std_id
LEFT JOIN first_sector isec ON isec.std_id = a.to_std
WHERE n.level = 'national' AND n.status = 'current';
