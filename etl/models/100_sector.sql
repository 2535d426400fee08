-- sector: the ICS tree. Depth from the code's shape: 25 field, 25.040 group, 25.040.20 sub-group.
CREATE TABLE sector AS
SELECT s.code,
       any_value(s.parent) AS parent,
       CASE WHEN length(s.code) = 2 THEN 1 WHEN length(s.code) = 6 THEN 2 ELSE 3 END AS depth,
       left(s.code, 2) AS field,
       max(s.title_en) AS title_en,
       max(s.title_fr) AS title_fr,
       coalesce(max(s.title_zh), any_value(z.title_zh)) AS title_zh
FROM stg_sector s
LEFT JOIN ref_ics_fields_zh z ON z.code = s.code
GROUP BY s.code;

-- Fields named by standards but missing from the loaded ICS file still get a row, so that
-- every standard_sector.sector resolves.
INSERT INTO sector
SELECT DISTINCT left(x.ics_code, 2), NULL, 1, left(x.ics_code, 2), NULL, NULL, z.title_zh
FROM stg_standard_sector x
LEFT JOIN ref_ics_fields_zh z ON z.code = left(x.ics_code, 2)
WHERE left(x.ics_code, 2) NOT IN (SELECT code FROM sector) AND regexp_matches(x.ics_code, '^\d{2}');
