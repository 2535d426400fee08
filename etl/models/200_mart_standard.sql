-- mart_standard: one row per standard and sector (sector null when it has none).
-- Age (标龄) = years from the latest of publication, implementation and confirmation to the
-- build's as-of date (when a source gives no date, mid-year of the reference's year); only
-- current standards are flagged as overdue or severely aged.
CREATE TABLE mart_standard AS
WITH cfg AS (
    SELECT (SELECT value::DATE FROM metric_config WHERE key = 'as_of') AS as_of,
           (SELECT value::DOUBLE FROM metric_config WHERE key = 'review_years') AS review_years,
           (SELECT value::DOUBLE FROM metric_config WHERE key = 'severe_age_years') AS severe_years
),
aged AS (
    SELECT s.*,
           date_diff('day',
                     coalesce(greatest(s.published_on, s.implemented_on, s.confirmed_on),
                              make_date(s.year, 7, 1)),
                     cfg.as_of) / 365.25 AS age_years
    FROM standard s, cfg
)
SELECT a.std_id, a.reference, a.title_en, a.title_zh, x.sector, a.level, a.publisher, a.status,
       a.year, a.published_on, round(a.age_years, 2) AS age_years,
       coalesce(a.status = 'current' AND a.age_years > cfg.review_years, false) AS overdue_review,
       coalesce(a.status = 'current' AND a.age_years > cfg.severe_years, false) AS severely_aged,
       coalesce(a.stage = '90.92', false) AS to_be_revised,
       a.committee_ref, a.source
FROM aged a
CROSS JOIN cfg
LEFT JOIN (SELECT DISTINCT std_id, sector FROM standard_sector) x USING (std_id);
