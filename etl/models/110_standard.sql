-- standard_record: one row per edition of a document, as the catalogs record it (its status is the
-- one they gave; 115_standard.sql evaluates it on the as-of date). The same std_id may come from several sources,
-- or from several files of one source (catalog exports overlap). Records are ranked by how many
-- fields they fill, and each field takes the value of the best-ranked record that has one, so a
-- sparse record still contributes what the rich one lacks. Ties go to the official sources
-- (samr, iso) before analyst files, then to the source name and origin, for reproducibility.
CREATE TEMP TABLE ranked_standard AS
SELECT *,
       row_number() OVER (
           PARTITION BY std_id
           ORDER BY (title_en IS NOT NULL)::INT + (title_zh IS NOT NULL)::INT + (status IS NOT NULL)::INT
                    + (published_on IS NOT NULL)::INT + (implemented_on IS NOT NULL)::INT
                    + (withdrawn_on IS NOT NULL)::INT + (confirmed_on IS NOT NULL)::INT
                    + (committee_ref IS NOT NULL)::INT + (ccs IS NOT NULL)::INT
                    + (department IS NOT NULL)::INT + (responsible_unit IS NOT NULL)::INT DESC,
                    source NOT IN ('samr', 'iso'), source, origin
       ) AS pick
FROM stg_standard;

-- `source` names one source per standard, the official one when an official source has it, so
-- that an imported file does not take standards away from a source's count; `sources` lists them all.
CREATE TABLE standard_record AS
SELECT std_id,
       arg_min(publisher, pick) FILTER (WHERE publisher IS NOT NULL) AS publisher,
       arg_min(level, pick) FILTER (WHERE level IS NOT NULL) AS level,
       arg_min(reference, pick) AS reference,
       arg_min(base_ref, pick) FILTER (WHERE base_ref IS NOT NULL) AS base_ref,
       arg_min(year, pick) FILTER (WHERE year IS NOT NULL) AS year,
       arg_min(title_en, pick) FILTER (WHERE title_en IS NOT NULL) AS title_en,
       arg_min(title_zh, pick) FILTER (WHERE title_zh IS NOT NULL) AS title_zh,
       arg_min(title_fr, pick) FILTER (WHERE title_fr IS NOT NULL) AS title_fr,
       arg_min(status, pick) FILTER (WHERE status IS NOT NULL) AS status,
       arg_min(stage, pick) FILTER (WHERE stage IS NOT NULL) AS stage,
       arg_min(published_on, pick) FILTER (WHERE published_on IS NOT NULL) AS published_on,
       arg_min(implemented_on, pick) FILTER (WHERE implemented_on IS NOT NULL) AS implemented_on,
       arg_min(withdrawn_on, pick) FILTER (WHERE withdrawn_on IS NOT NULL) AS withdrawn_on,
       arg_min(confirmed_on, pick) FILTER (WHERE confirmed_on IS NOT NULL) AS confirmed_on,
       arg_min(committee_ref, pick) FILTER (WHERE committee_ref IS NOT NULL) AS committee_ref,
       arg_min(deliverable_type, pick) FILTER (WHERE deliverable_type IS NOT NULL) AS deliverable_type,
       arg_min(scope_en, pick) FILTER (WHERE scope_en IS NOT NULL) AS scope_en,
       arg_min(ccs, pick) FILTER (WHERE ccs IS NOT NULL) AS ccs,
       arg_min(plan_code, pick) FILTER (WHERE plan_code IS NOT NULL) AS plan_code,
       arg_min(department, pick) FILTER (WHERE department IS NOT NULL) AS department,
       arg_min(responsible_unit, pick) FILTER (WHERE responsible_unit IS NOT NULL) AS responsible_unit,
       arg_min(province, pick) FILTER (WHERE province IS NOT NULL) AS province,
       arg_min(source, (source NOT IN ('samr', 'iso'), pick)) AS source,
       list_sort(list(DISTINCT source)) AS sources
FROM ranked_standard
GROUP BY std_id;

-- standard_source: provenance, one row per standard and source that carries it, with the files
-- (and how many records in them) it was read from.
CREATE TABLE standard_source AS
SELECT std_id, source, count(*) AS records,
       list_sort(list(DISTINCT split_part(origin, '#', 1)) FILTER (WHERE origin IS NOT NULL)) AS files,
       min(pick) = 1 AS richest
FROM ranked_standard
GROUP BY std_id, source;

DROP TABLE ranked_standard;
