-- mart_participation: per snapshot and member body, its P- and O-memberships and secretariats
-- (TC-level and SC-level) in active committees, its P-share of the active committees, and what
-- changed since the previous snapshot: joined / left count committees where it became or
-- stopped being a P- or O-member, upgraded_o_to_p / downgraded_p_to_o count role changes.
-- Changes compare memberships as listed (a committee being suspended is not a member leaving);
-- a body that left every committee keeps a row with zero counts for that snapshot.
-- Which committees are active, and which are subcommittees, is read from mart_committee_members
-- so that both marts count the same committees.
CREATE TABLE mart_participation AS
WITH committees AS (
    SELECT as_of, committee_ref, active, subcommittee FROM mart_committee_members
),
snapshots AS (
    SELECT as_of, lag(as_of) OVER (ORDER BY as_of) AS previous, active_committees
    FROM (SELECT as_of, count(*) FILTER (WHERE active) AS active_committees FROM committees GROUP BY as_of)
),
roles AS (
    SELECT as_of, member, committee_ref,
           bool_or(role = 'P') AS is_p,
           bool_or(role = 'O') AND NOT bool_or(role = 'P') AS is_o,
           bool_or(role = 'secretariat') AS is_sec
    FROM membership GROUP BY ALL
),
counts AS (
    SELECT r.as_of, r.member,
           count(*) FILTER (WHERE c.active AND r.is_p) AS p_count,
           count(*) FILTER (WHERE c.active AND r.is_o) AS o_count,
           count(*) FILTER (WHERE c.active AND r.is_sec AND NOT c.subcommittee) AS secretariat_tc,
           count(*) FILTER (WHERE c.active AND r.is_sec AND c.subcommittee) AS secretariat_sc
    FROM roles r JOIN committees c USING (as_of, committee_ref)
    GROUP BY r.as_of, r.member
),
seats AS (
    SELECT as_of, member, committee_ref, is_p, is_o FROM roles WHERE is_p OR is_o
),
now_seats AS (
    SELECT n.* FROM seats n JOIN snapshots s USING (as_of) WHERE s.previous IS NOT NULL
),
before_seats AS (
    SELECT s.as_of, b.member, b.committee_ref, b.is_p, b.is_o
    FROM snapshots s JOIN seats b ON b.as_of = s.previous
),
changes AS (
    SELECT coalesce(n.as_of, b.as_of) AS as_of, coalesce(n.member, b.member) AS member,
           count(*) FILTER (WHERE b.member IS NULL) AS joined,
           count(*) FILTER (WHERE n.member IS NULL) AS left_count,
           count(*) FILTER (WHERE b.is_o AND n.is_p) AS upgraded_o_to_p,
           count(*) FILTER (WHERE b.is_p AND n.is_o) AS downgraded_p_to_o
    FROM now_seats n
    FULL JOIN before_seats b ON b.as_of = n.as_of AND b.member = n.member AND b.committee_ref = n.committee_ref
    GROUP BY ALL
),
members AS (
    SELECT as_of, member FROM counts UNION SELECT as_of, member FROM changes
)
SELECT m.as_of, m.member, b.country,
       coalesce(c.p_count, 0) AS p_count,
       coalesce(c.o_count, 0) AS o_count,
       coalesce(c.secretariat_tc, 0) AS secretariat_tc,
       coalesce(c.secretariat_sc, 0) AS secretariat_sc,
       s.active_committees,
       round(coalesce(c.p_count, 0) / nullif(s.active_committees, 0), 4) AS share_p,
       CASE WHEN s.previous IS NOT NULL THEN coalesce(ch.joined, 0) END AS joined,
       CASE WHEN s.previous IS NOT NULL THEN coalesce(ch.left_count, 0) END AS "left",
       CASE WHEN s.previous IS NOT NULL THEN coalesce(ch.upgraded_o_to_p, 0) END AS upgraded_o_to_p,
       CASE WHEN s.previous IS NOT NULL THEN coalesce(ch.downgraded_p_to_o, 0) END AS downgraded_p_to_o
FROM members m
JOIN snapshots s USING (as_of)
LEFT JOIN counts c USING (as_of, member)
LEFT JOIN changes ch USING (as_of, member)
LEFT JOIN member_body b USING (member);
