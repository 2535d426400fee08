-- mart_conversion (国际标准转化率): every current ISO/IEC International Standard and sector,
-- adopted when a current national standard adopts that very edition as IDT or MOD.
CREATE TABLE mart_conversion AS
WITH national_adoptions AS (
    SELECT l.to_std AS std_id,
           min(CASE l.degree WHEN 'IDT' THEN 1 WHEN 'MOD' THEN 2 WHEN 'NEQ' THEN 3 ELSE 4 END) AS rank
    FROM standard_link l JOIN standard n ON n.std_id = l.from_std
    WHERE l.kind = 'adopts' AND n.level = 'national' AND n.status = 'current' AND l.to_std IS NOT NULL
    GROUP BY l.to_std
)
SELECT s.std_id, s.reference, s.title_en, x.sector, s.publisher, s.committee_ref,
       coalesce(a.rank <= 2, false) AS adopted,
       CASE a.rank WHEN 1 THEN 'IDT' WHEN 2 THEN 'MOD' WHEN 3 THEN 'NEQ' WHEN 4 THEN 'unknown' END
           AS best_degree
FROM standard s
LEFT JOIN (SELECT DISTINCT std_id, sector FROM standard_sector) x USING (std_id)
LEFT JOIN national_adoptions a USING (std_id)
WHERE s.level = 'international' AND s.status = 'current'
  AND s.publisher IN ('ISO', 'IEC', 'ISO/IEC')
  AND coalesce(s.deliverable_type, 'IS') = 'IS';
