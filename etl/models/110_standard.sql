-- standard: one row per edition of a document. When several sources carry the same std_id,
-- the record with the most filled fields wins (ties: source name, for reproducibility).
CREATE TABLE standard AS
SELECT std_id, publisher, level, reference, base_ref, year, title_en, title_zh, title_fr, status,
       stage, published_on, implemented_on, withdrawn_on, confirmed_on, committee_ref,
       deliverable_type, source
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY std_id
        ORDER BY (title_en IS NOT NULL)::INT + (title_zh IS NOT NULL)::INT + (status IS NOT NULL)::INT
                 + (published_on IS NOT NULL)::INT + (implemented_on IS NOT NULL)::INT
                 + (committee_ref IS NOT NULL)::INT DESC,
                 source
    ) AS pick
    FROM stg_standard
)
WHERE pick = 1;
