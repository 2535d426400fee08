-- mart_overlap: candidate pairs of current standards that may duplicate each other.
-- Titles are compared after normalisation (case, full-width forms, punctuation, spacing and
-- generic words such as 规范 / 技术条件 / 要求 removed); pairs are found by joining on the
-- normalised title, so the work grows with the number of matches, not with n².
-- Several current editions of one base reference are a stale-status finding of their own.
CREATE TABLE mart_overlap AS
WITH cur AS (
    SELECT s.std_id, s.reference, s.base_ref, s.level, s.publisher,
           coalesce(s.title_zh, s.title_en) AS title,
           nullif(regexp_replace(
               regexp_replace(lower(strip_accents(coalesce(s.title_zh, s.title_en))),
                              '通用技术条件|技术条件|技术要求|技术规范|规范|要求|规程|specifications?|requirements?',
                              '', 'g'),
               '[\s\p{P}\p{S}]', '', 'g'), '') AS key,
           (SELECT min(sector) FROM standard_sector x WHERE x.std_id = s.std_id) AS sector
    FROM standard s WHERE s.status = 'current'
),
title_pairs AS (
    SELECT a.std_id AS std_a, b.std_id AS std_b, 1.0 AS similarity,
           CASE WHEN a.level <> b.level THEN 'cross_level' ELSE 'same_level' END AS kind,
           coalesce(a.sector, b.sector) AS sector, a.level AS level_a, b.level AS level_b,
           a.reference AS ref_a, b.reference AS ref_b, a.title AS title_a, b.title AS title_b,
           a.publisher AS publisher_a, b.publisher AS publisher_b
    FROM cur a JOIN cur b ON a.key = b.key AND a.std_id < b.std_id
    WHERE a.key IS NOT NULL AND length(a.key) >= 4
      -- parts of one series share their main title by design (ISO 3952-1, ISO 3952-2 …)
      AND regexp_replace(coalesce(a.base_ref, a.std_id), '-[\d.]+$', '')
          <> regexp_replace(coalesce(b.base_ref, b.std_id), '-[\d.]+$', '')
),
edition_pairs AS (
    SELECT a.std_id, b.std_id, 1.0, 'multiple_current_editions', coalesce(a.sector, b.sector),
           a.level, b.level, a.reference, b.reference, a.title, b.title, a.publisher, b.publisher
    FROM cur a JOIN cur b ON a.base_ref = b.base_ref AND a.std_id < b.std_id
    WHERE coalesce(a.base_ref, '') <> ''
)
SELECT * FROM title_pairs
UNION ALL
SELECT * FROM edition_pairs;
