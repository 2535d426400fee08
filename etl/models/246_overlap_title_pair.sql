-- Pairs of standards (overlap_title) whose titles are near-duplicates: weighted Jaccard similarity
--   J(a, b) = w(a ∩ b) / w(a ∪ b)  ≥  t  (metric_config overlap_threshold),
-- found without comparing every pair (prefix filtering, exact: no qualifying pair is missed).
-- Why it is exact: J ≥ t  ⇔  w(a ∩ b) ≥ t/(1+t)·(w(a) + w(b)), and it needs w(a) ≥ t·w(b) and
-- w(b) ≥ t·w(a). Order every title's tokens from the globally rarest to the most common and call
-- rest(x) the weight of a title's tokens from x on. The first token a and b share in that order,
-- o, has all shared weight at or after it, so rest_a(o) and rest_b(o) are ≥ w(a ∩ b). With a the
-- lighter title that gives rest_a(o) ≥ 2t/(1+t)·w(a) (its short prefix) and rest_b(o) ≥ t·w(b)
-- (b's long prefix). Joining short prefixes with long prefixes therefore finds every pair, and
-- since prefixes hold the rarest tokens, each token is shared by few titles. A pair whose best
-- min(rest_a, rest_b) is below the needed shared weight cannot qualify and is dropped before
-- its similarity is computed. Pairs within one series are not candidates (see overlap_title).
-- Nor is a pair whose token fingerprints already rule it out: every title's tokens set bits
-- (hash mod 64) of a 64-bit word, one word for ordinary and one for generic tokens. A bit that a
-- has and b lacks stands for at least one token of a that b lacks, so w(a ∖ b) ≥ bits(a ∖ b)
-- + 0.2·generic bits(a ∖ b), and w(a ∩ b) ≤ min(w(a) − that, w(b) − the same for b): a bound
-- from two bit operations, exact like the rest (a pair it drops cannot qualify). Without it, titles
-- built from a small vocabulary (the demo's) send tens of millions of candidates to list_intersect.
-- The 1e-9 slack absorbs floating-point rounding in the comparisons; it only ever admits more.
CREATE TABLE overlap_title_pair AS
WITH cfg AS (
    SELECT value::DOUBLE AS t, value::DOUBLE / (1 + value::DOUBLE) AS share
    FROM metric_config WHERE key = 'overlap_threshold'
),
token AS (
    SELECT std_id, series, weight AS title_weight, unnest(tokens) AS token FROM overlap_title
),
fingerprint AS (
    SELECT std_id,
           coalesce(bit_or(1::UBIGINT << (hash(token) % 64)) FILTER (WHERE NOT starts_with(token, '~')), 0) AS bits,
           coalesce(bit_or(1::UBIGINT << (hash(token) % 64)) FILTER (WHERE starts_with(token, '~')), 0) AS generic
    FROM token GROUP BY std_id
),
counted AS (
    SELECT *, count(*) OVER (PARTITION BY token) AS titles FROM token
),
ranked AS (
    SELECT *, sum(overlap_weight(token)) OVER (
                  PARTITION BY std_id ORDER BY titles DESC, token DESC ROWS UNBOUNDED PRECEDING) AS rest
    FROM counted
),
prefix AS (
    SELECT r.std_id, r.series, r.title_weight, r.token, r.rest,
           r.rest >= 2 * cfg.share * r.title_weight - 1e-9 AS short, f.bits, f.generic
    FROM ranked r JOIN fingerprint f USING (std_id), cfg
    WHERE r.rest >= cfg.t * r.title_weight - 1e-9
),
candidate AS (
    SELECT a.std_id AS a, b.std_id AS b, any_value(a.title_weight) AS wa, any_value(b.title_weight) AS wb
    FROM prefix a JOIN prefix b ON b.token = a.token, cfg
    WHERE a.short
      AND (a.title_weight < b.title_weight OR (a.title_weight = b.title_weight AND a.std_id < b.std_id))
      AND a.title_weight >= cfg.t * b.title_weight - 1e-9
      AND a.series <> b.series
      AND least(a.title_weight - bit_count(a.bits & ~b.bits) - 0.2 * bit_count(a.generic & ~b.generic),
                b.title_weight - bit_count(b.bits & ~a.bits) - 0.2 * bit_count(b.generic & ~a.generic))
          >= cfg.share * (a.title_weight + b.title_weight) - 1e-9
    GROUP BY a.std_id, b.std_id, cfg.share
    HAVING max(least(a.rest, b.rest)) >= cfg.share * (wa + wb) - 1e-9
),
scored AS (
    SELECT c.a, c.b, c.wa, c.wb,
           list_sum(list_transform(list_intersect(x.tokens, y.tokens), lambda k: overlap_weight(k))) AS shared
    FROM candidate c
    JOIN overlap_title x ON x.std_id = c.a
    JOIN overlap_title y ON y.std_id = c.b
)
SELECT least(a, b) AS std_a, greatest(a, b) AS std_b, shared / (wa + wb - shared) AS similarity
FROM scored, cfg
WHERE shared / (wa + wb - shared) >= cfg.t - 1e-9;
