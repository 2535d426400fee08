-- mart_committee_members: per snapshot and committee, its secretariat and P/O members.
-- active: the committee's latest known status is Active (ISO lists suspended committees too;
-- counts of participation use active committees only, as ISO's own figures do). A committee no
-- longer described by any source counts as active in the snapshots that list it.
-- A member listed as both P and O counts as P.
CREATE TABLE mart_committee_members AS
WITH roles AS (
    SELECT as_of, committee_ref, member,
           bool_or(role = 'P') AS is_p, bool_or(role = 'O') AS is_o, bool_or(role = 'secretariat') AS is_sec
    FROM membership GROUP BY ALL
)
SELECT r.as_of, r.committee_ref, c.title, c.sector,
       max(r.member) FILTER (WHERE r.is_sec) AS secretariat,
       count(*) FILTER (WHERE r.is_p) AS p_count,
       count(*) FILTER (WHERE r.is_o AND NOT r.is_p) AS o_count,
       coalesce(list_sort(list(r.member) FILTER (WHERE r.is_p)), []) AS p_members,
       coalesce(list_sort(list(r.member) FILTER (WHERE r.is_o AND NOT r.is_p)), []) AS o_members,
       coalesce(lower(any_value(c.status)) = 'active', true) AS active,
       regexp_matches(r.committee_ref, '/SC\s*\d') AS subcommittee
FROM roles r
LEFT JOIN committee c USING (committee_ref)
GROUP BY r.as_of, r.committee_ref, c.title, c.sector;
