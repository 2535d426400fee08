-- mart_participation: per snapshot and member body, its P/O memberships and secretariats
-- (TC-level and SC-level), its share of the snapshot's committees, and what changed since the
-- previous snapshot (joined: now a member, before none; left: the reverse; O→P upgrades).
CREATE TABLE mart_participation AS
WITH roles AS (
    SELECT as_of, member, committee_ref,
           bool_or(role = 'P') AS is_p, bool_or(role = 'O') AS is_o,
           bool_or(role = 'secretariat') AS is_sec
    FROM membership GROUP BY ALL
),
snapshots AS (
    SELECT as_of, lag(as_of) OVER (ORDER BY as_of) AS previous, committees
    FROM (SELECT as_of, count(DISTINCT committee_ref) AS committees FROM membership GROUP BY as_of)
),
pairs AS (
    SELECT s.as_of, s.previous, coalesce(c.member, p.member) AS member,
           c.committee_ref IS NOT NULL AND (c.is_p OR c.is_o) AS now_member,
           p.committee_ref IS NOT NULL AND (p.is_p OR p.is_o) AS was_member,
           coalesce(c.is_p, false) AS now_p, coalesce(p.is_o AND NOT p.is_p, false) AS was_o
    FROM snapshots s
    JOIN roles c ON c.as_of = s.as_of
    FULL JOIN roles p ON p.as_of = s.previous AND p.member = c.member AND p.committee_ref = c.committee_ref
    WHERE s.previous IS NOT NULL
),
changes AS (
    SELECT as_of, member,
           count(*) FILTER (WHERE now_member AND NOT was_member) AS joined,
           count(*) FILTER (WHERE was_member AND NOT now_member) AS left_count,
           count(*) FILTER (WHERE was_o AND now_p) AS upgraded_o_to_p
    FROM pairs WHERE as_of IS NOT NULL GROUP BY ALL
)
SELECT r.as_of, r.member, b.country,
       count(*) FILTER (WHERE r.is_p) AS p_count,
       count(*) FILTER (WHERE r.is_o AND NOT r.is_p) AS o_count,
       count(*) FILTER (WHERE r.is_sec AND r.committee_ref NOT LIKE '%/SC %') AS secretariat_tc,
       count(*) FILTER (WHERE r.is_sec AND r.committee_ref LIKE '%/SC %') AS secretariat_sc,
       any_value(s.committees) AS active_committees,
       round(count(*) FILTER (WHERE r.is_p) / any_value(s.committees), 4) AS share_p,
       any_value(ch.joined) AS joined,
       any_value(ch.left_count) AS "left",
       any_value(ch.upgraded_o_to_p) AS upgraded_o_to_p
FROM roles r
JOIN snapshots s USING (as_of)
LEFT JOIN member_body b USING (member)
LEFT JOIN changes ch ON ch.as_of = r.as_of AND ch.member = r.member
GROUP BY r.as_of, r.member, b.country;
