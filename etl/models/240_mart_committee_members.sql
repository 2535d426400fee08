-- mart_committee_members: per snapshot and committee, its secretariat and P/O members.
CREATE TABLE mart_committee_members AS
SELECT m.as_of, m.committee_ref, c.title, c.sector,
       max(m.member) FILTER (WHERE m.role = 'secretariat') AS secretariat,
       count(DISTINCT m.member) FILTER (WHERE m.role = 'P') AS p_count,
       count(DISTINCT m.member) FILTER (WHERE m.role = 'O') AS o_count,
       list_sort(list(DISTINCT m.member) FILTER (WHERE m.role = 'P')) AS p_members,
       list_sort(list(DISTINCT m.member) FILTER (WHERE m.role = 'O')) AS o_members
FROM membership m
LEFT JOIN committee c USING (committee_ref)
GROUP BY m.as_of, m.committee_ref, c.title, c.sector;
