-- mart_adoption: current national standards that adopt an international one.
-- Lagging adoption: the adopted edition has since been withdrawn or replaced.
-- Delay: national publication − publication of the adopted edition, in years.
CREATE TABLE mart_adoption AS
WITH first_sector AS (
    SELECT std_id, min(sector) AS sector FROM standard_sector GROUP BY std_id
),
replaced AS (
    SELECT DISTINCT to_std AS std_id FROM standard_link WHERE kind = 'replaces' AND to_std IS NOT NULL
)
SELECT n.std_id, n.reference, coalesce(n.title_zh, n.title_en) AS title,
       coalesce(ns.sector, isec.sector) AS sector, n.publisher,
       l.to_ref AS adopted_ref, l.to_std AS adopted_std_id, l.degree,
       round(date_diff('day', i.published_on, coalesce(n.published_on, n.implemented_on)) / 365.25, 2)
           AS adoption_delay_years,
       CASE WHEN i.std_id IS NULL THEN NULL
            ELSE i.status = 'withdrawn' OR r.std_id IS NOT NULL END AS lagging_adoption
FROM standard n
JOIN standard_link l ON l.from_std = n.std_id AND l.kind = 'adopts'
LEFT JOIN standard i ON i.std_id = l.to_std
LEFT JOIN replaced r ON r.std_id = l.to_std
LEFT JOIN first_sector ns ON ns.std_id = n.std_id
LEFT JOIN first_sector isec ON isec.std_id = l.to_std
WHERE n.level = 'national' AND n.status = 'current';
