-- membership: every snapshot, carried from build to build. A snapshot loaded again replaces
-- the stored one of the same date; a snapshot identical to the one before it adds nothing.
CREATE TABLE membership AS
WITH fresh AS (
    SELECT DISTINCT as_of, committee_ref, member, role, source FROM stg_membership
),
kept AS (
    SELECT * FROM prev_membership WHERE as_of NOT IN (SELECT as_of FROM fresh)
),
all_rows AS (SELECT * FROM kept UNION ALL SELECT * FROM fresh),
snapshot AS (
    SELECT as_of, md5(string_agg(committee_ref || '|' || member || '|' || role, ','
                                 ORDER BY committee_ref, member, role)) AS digest
    FROM all_rows GROUP BY as_of
),
changed AS (
    SELECT as_of FROM (
        SELECT as_of, digest, lag(digest) OVER (ORDER BY as_of) AS previous FROM snapshot)
    WHERE previous IS NULL OR digest <> previous
)
SELECT a.as_of, a.committee_ref, a.member, a.role, a.source
FROM all_rows a JOIN changed USING (as_of);
