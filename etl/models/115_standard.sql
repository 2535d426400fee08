-- standard: standard_record with its status on the build's as-of date. A catalog's status is as of
-- the day it was scraped; the dates it gives say what holds on the as-of date (即将实施 once in force
-- is current, anything past 废止日期 withdrawn). Kept apart from standard_record so that a new as-of
-- date re-evaluates only this, and what reads it, not the merge of the records. A view: evaluating
-- the dates as it is read costs less than a copy of every row.
CREATE VIEW standard AS
SELECT r.* REPLACE (
           CASE WHEN r.withdrawn_on <= cfg.as_of AND r.status IN ('current', 'upcoming') THEN 'withdrawn'
                WHEN r.implemented_on <= cfg.as_of AND r.status = 'upcoming' THEN 'current'
                ELSE r.status END AS status)
FROM standard_record r,
     (SELECT value::DATE AS as_of FROM metric_config WHERE key = 'as_of') cfg;
