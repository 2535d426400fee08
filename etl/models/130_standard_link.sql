-- standard_link: replaces / adopts / amends. A reference is resolved to the edition it names;
-- an undated reference ("ISO 4413") to the current edition of that document. A link to a
-- document that was not loaded keeps its reference and a null to_std.
CREATE TABLE standard_link AS
WITH links AS (
    SELECT DISTINCT from_std, to_ref, to_std, kind, degree FROM stg_standard_link
),
by_reference AS (
    SELECT ref_key(reference) AS k, min(std_id) AS std_id FROM standard GROUP BY 1
),
by_base AS (
    SELECT ref_key(base_ref) AS k, arg_max(std_id, coalesce(published_on, make_date(year, 1, 1))) AS std_id
    FROM standard WHERE status = 'current' AND base_ref IS NOT NULL GROUP BY 1
)
SELECT l.from_std,
       coalesce(l.to_ref, t.reference) AS to_ref,
       coalesce(t.std_id, r.std_id, b.std_id) AS to_std,
       l.kind,
       CASE WHEN l.kind = 'adopts' THEN coalesce(l.degree, 'unknown') END AS degree
FROM links l
LEFT JOIN by_reference r ON l.to_std IS NULL AND r.k = ref_key(l.to_ref)
LEFT JOIN by_base b ON l.to_std IS NULL AND r.std_id IS NULL AND b.k = ref_key(l.to_ref)
LEFT JOIN standard t ON t.std_id = l.to_std;
