-- member_body: every body seen in any snapshot, with its country from the maintained mapping.
-- Bodies the mapping does not know are kept (country null) and listed by `standards-etl status`.
CREATE TABLE member_body AS
WITH seen AS (
    SELECT member FROM stg_member_body
    UNION SELECT member FROM membership
)
SELECT s.member, r.name, r.country, r.country_code
FROM seen s LEFT JOIN ref_member_bodies r ON r.member = s.member;
