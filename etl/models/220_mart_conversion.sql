-- mart_conversion (国际标准转化率): every current ISO/IEC International Standard and sector.
-- adopted: a current national standard adopts that very edition as IDT or MOD (mart_adoption,
-- counts_as_adoption). Adopting an earlier edition does not convert the current one: such
-- documents are flagged earlier_edition_adopted, because revising the national standard is a
-- different action from adopting a new document. The rows not adopted are the gap list.
-- Only adoptions by the configured national publisher count (metric_config national_publisher,
-- '' = any), so loading another country's catalog does not change China's conversion rate.
CREATE TABLE mart_conversion AS
WITH national AS (
    SELECT a.* FROM mart_adoption a
    WHERE (SELECT value FROM metric_config WHERE key = 'national_publisher') IN ('', a.publisher)
),
by_edition AS (
    SELECT adopted_std_id AS std_id,
           min(CASE degree WHEN 'IDT' THEN 1 WHEN 'MOD' THEN 2 WHEN 'NEQ' THEN 3 ELSE 4 END) AS rank
    FROM national WHERE adopted_std_id IS NOT NULL
    GROUP BY adopted_std_id
),
by_document AS (
    SELECT DISTINCT ref_key(coalesce(i.base_ref, regexp_replace(a.adopted_ref, ':\d{4}.*$', ''))) AS base_key,
           a.adopted_std_id
    FROM national a LEFT JOIN standard i ON i.std_id = a.adopted_std_id
    WHERE a.counts_as_adoption
),
earlier AS (
    SELECT DISTINCT s.std_id
    FROM standard s JOIN by_document d ON d.base_key = ref_key(s.base_ref)
    WHERE s.level = 'international' AND d.adopted_std_id IS DISTINCT FROM s.std_id
)
SELECT s.std_id, s.reference, s.title_en, x.sector, s.publisher, s.committee_ref,
       coalesce(e.rank <= 2, false) AS adopted,
       CASE e.rank WHEN 1 THEN 'IDT' WHEN 2 THEN 'MOD' WHEN 3 THEN 'NEQ' WHEN 4 THEN 'unknown' END AS best_degree,
       NOT coalesce(e.rank <= 2, false) AND r.std_id IS NOT NULL AS earlier_edition_adopted
FROM standard s
LEFT JOIN (SELECT DISTINCT std_id, sector FROM standard_sector) x USING (std_id)
LEFT JOIN by_edition e USING (std_id)
LEFT JOIN earlier r USING (std_id)
WHERE s.level = 'international' AND s.status = 'current'
  AND s.publisher IN ('ISO', 'IEC', 'ISO/IEC')
  AND coalesce(s.deliverable_type, 'IS') = 'IS';
