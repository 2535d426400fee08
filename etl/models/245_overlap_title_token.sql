-- Title tokens of standards the catalogs give as current or upcoming, for overlap candidates
-- (交叉重复). Those are all the standards that can be current on an as-of date (see 115_standard),
-- so tokens and pairs do not depend on the date; mart_overlap keeps the pairs of current ones.
-- Chinese titles are compared by character bigrams and English ones by words, after normalising what differs
-- between catalogs without changing meaning: full-width letters and digits, case, accents,
-- punctuation and spacing (bigrams run across the spaces Chinese titles put between title parts).
-- Generic words (规范, 技术条件, 要求, specification …) say what kind of document it is, not
-- what it is about: each is one token of low weight, so 'X 技术条件' and 'X 要求' stay alike
-- while two different products sharing 'technical requirements' do not.
-- Temporary tables: they only feed mart_overlap.

-- How much a token counts; generic tokens carry the '~' mark.
CREATE TEMP MACRO overlap_weight(token) AS CASE WHEN starts_with(token, '~') THEN 0.2 ELSE 1.0 END;

CREATE TEMP TABLE overlap_token AS
WITH cur AS (
    SELECT std_id, coalesce(title_zh, title_en) AS title
    FROM standard_record WHERE status IN ('current', 'upcoming') AND coalesce(title_zh, title_en) IS NOT NULL
),
spaced AS (
    SELECT std_id,
           regexp_replace(lower(strip_accents(translate(title,
               '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ',
               '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'))),
               '[\s\p{Z}\p{P}\p{S}]+', ' ', 'g') AS text
    FROM cur
),
marked AS (
    -- Han characters are joined across spaces twice, because one pass cannot close both gaps
    -- around a single character; a part number (第2部分, Part 2) keeps only its number.
    SELECT std_id,
           regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(text,
               '(\p{Han}) (\p{Han})', '\1\2', 'g'),
               '(\p{Han}) (\p{Han})', '\1\2', 'g'),
               '第 ?(\d+|[一二三四五六七八九十]+) ?部分', ' \1 部分 ', 'g'),
               -- longest first: the first alternative that matches wins
               '(通用技术条件|通用技术要求|通用要求|通用规范|技术条件|技术要求|技术规范|技术规程|一般要求|基本要求'
               || '|试验方法|检验方法|测试方法|测定方法|规范|要求|规程|通则|总则|导则|指南|部分|方法|测定)',
               ' ~\1 ', 'g'),
               '\b(specifications?|requirements?|general|guidelines?|guidance|guide|part|methods?|determination)\b',
               ' ~\1 ', 'g') AS text
    FROM spaced
),
runs AS (
    SELECT std_id, unnest(regexp_extract_all(text, '~\S+|\p{Han}+|[^\s\p{Han}~]+')) AS run FROM marked
)
SELECT DISTINCT std_id,
       unnest(CASE WHEN regexp_full_match(run, '\p{Han}{2,}')
                   THEN list_transform(range(length(run) - 1), lambda i: substr(run, i + 1, 2))
                   ELSE [run] END) AS token
FROM runs
WHERE run NOT IN ('a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with');

-- Titles with fewer than two content tokens ('钢管', 'Gloves') are too short to call anything a
-- near-duplicate of them, and would pair with every namesake.
-- series: the base reference without part numbers, because the parts of one series share their
-- main title by design (ISO 3952-1 / ISO 3952-2, ISO 105-C08 / ISO 105-C09, GB/T 230.1 / GB/T 230.2).
CREATE TEMP TABLE overlap_title AS
SELECT t.std_id,
       regexp_replace(ref_key(coalesce(s.base_ref, s.reference)), '([-.][A-Z]{0,2}\d+[A-Z]?)+$', '') AS series,
       list_sort(list(t.token)) AS tokens,
       sum(overlap_weight(t.token)) AS weight
FROM overlap_token t JOIN standard_record s USING (std_id)
GROUP BY t.std_id, s.base_ref, s.reference
HAVING count(*) FILTER (WHERE NOT starts_with(t.token, '~')) >= 2;
