-- standard_sector: standard × ICS code, with the ICS field as `sector`.
CREATE TABLE standard_sector AS
SELECT DISTINCT x.std_id, x.ics_code, left(x.ics_code, 2) AS sector
FROM stg_standard_sector x
JOIN standard_record s USING (std_id)
WHERE regexp_matches(x.ics_code, '^\d{2}(\.\d{3}(\.\d{2})?)?$');
