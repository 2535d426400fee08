-- mart_standard: one row per standard and sector (sector null when it has none).
-- Age (标龄) runs from the latest of publication, implementation and confirmation (复审确认) to
-- the build's as-of date: a confirmation restarts the review clock, and a standard is not in
-- use before it is implemented. With no date at all, mid-year of the reference's year stands in
-- (age_basis says which). Only current standards are flagged as overdue or severely aged.
-- Development months (制定周期) are a proxy: catalogs give the plan number (计划号, which starts
-- with the plan's year) but not the day the plan was issued, so the cycle runs from mid-year of
-- the plan year to publication (±6 months per standard; 0 when published in the plan year's
-- first half).
CREATE TABLE mart_standard AS
WITH cfg AS (
    SELECT (SELECT value::DATE FROM metric_config WHERE key = 'as_of') AS as_of,
           (SELECT value::DOUBLE FROM metric_config WHERE key = 'review_years') AS review_years,
           (SELECT value::DOUBLE FROM metric_config WHERE key = 'severe_age_years') AS severe_years
),
dated AS (
    SELECT s.*, greatest(s.published_on, s.implemented_on, s.confirmed_on) AS latest_date
    FROM standard s
),
aged AS (
    SELECT d.*,
           date_diff('day', coalesce(d.latest_date, make_date(d.year, 7, 1)), cfg.as_of) / 365.25 AS age_years,
           CASE WHEN d.latest_date IS NULL THEN CASE WHEN d.year IS NOT NULL THEN 'year' END
                WHEN d.latest_date = d.confirmed_on THEN 'confirmed'
                WHEN d.latest_date = d.implemented_on THEN 'implemented'
                ELSE 'published' END AS age_basis,
           CASE WHEN d.published_on >= make_date(d.plan_year, 1, 1)
                THEN greatest(date_diff('day', make_date(d.plan_year, 7, 1), d.published_on), 0) / 30.4375
           END AS development_months
    FROM (SELECT *, try_cast(regexp_extract(plan_code, '^\s*((?:19|20)\d\d)', 1) AS INTEGER) AS plan_year
          FROM dated) d, cfg
)
SELECT a.std_id, a.reference, a.title_en, a.title_zh, x.sector, a.level, a.publisher, a.status,
       a.year, a.published_on, round(a.age_years, 2) AS age_years, a.age_basis,
       coalesce(a.status = 'current' AND a.age_years > cfg.review_years, false) AS overdue_review,
       coalesce(a.status = 'current' AND a.age_years > cfg.severe_years, false) AS severely_aged,
       coalesce(a.stage = '90.92', false) AS to_be_revised,
       round(a.development_months, 1) AS development_months,
       a.committee_ref, a.source
FROM aged a
CROSS JOIN cfg
LEFT JOIN (SELECT DISTINCT std_id, sector FROM standard_sector) x USING (std_id);
