-- committee: the latest description of each committee. Its sector is the ICS field most of
-- its standards carry (ties: the lower field code). A Chinese committee lists the international
-- committees it mirrors (对口国际组织, from the SAC roster) in `counterparts`.
CREATE TABLE committee AS
WITH latest AS (
    SELECT * FROM stg_committee
    QUALIFY row_number() OVER (PARTITION BY committee_ref ORDER BY as_of DESC NULLS LAST, source) = 1
),
field_counts AS (
    SELECT s.committee_ref, x.sector, count(DISTINCT s.std_id) AS n
    FROM standard_record s JOIN standard_sector x USING (std_id)
    WHERE s.committee_ref IS NOT NULL
    GROUP BY ALL
),
counterparts AS (
    SELECT committee_ref, list_sort(list(DISTINCT counterpart_ref)) AS counterparts
    FROM stg_committee_counterpart GROUP BY committee_ref
)
SELECT l.committee_ref, l.publisher, l.title, l.parent_ref, l.secretariat, l.created_on, l.status,
       (SELECT f.sector FROM field_counts f WHERE f.committee_ref = l.committee_ref
        ORDER BY f.n DESC, f.sector LIMIT 1) AS sector,
       c.counterparts
FROM latest l
LEFT JOIN counterparts c USING (committee_ref);
