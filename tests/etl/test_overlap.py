"""Overlap candidates (交叉重复): title tokens, similarity, and candidate generation against brute force.

The overlap models (245 tokens, 246 pairs, 250 mart) run here on a bare ``standard_record`` table, so a
test can hand them any titles: hand-made ones with similarities worked out in the comments, and
samples of real catalog titles whose pairs are compared with an all-pairs computation.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import duckdb
import numpy as np
import pandas as pd

from etl import build
from tests.conftest import realdata

MODELS = ("245_overlap_title_token.sql", "246_overlap_title_pair.sql", "250_mart_overlap.sql")
DEFAULT_THRESHOLD = 0.8
EPSILON = 1e-9  # the models' slack for float rounding


def overlap_db(
    standards: Iterable[tuple], threshold: float = DEFAULT_THRESHOLD, run: bool = True
) -> duckdb.DuckDBPyConnection:
    """A database holding (std_id, reference, base_ref, level, title_zh, title_en[, ics codes]) as
    current standards, with the overlap models run on it unless ``run`` is false."""
    standards = list(standards)
    con = duckdb.connect()
    con.execute((build.MODELS_DIR / build.STAGING_MODEL).read_text(encoding="utf-8"))
    frame = pd.DataFrame(
        [s[:6] for s in standards], columns=["std_id", "reference", "base_ref", "level", "title_zh", "title_en"]
    )
    con.register("given", frame)
    con.execute(
        """CREATE TABLE standard_record AS
           SELECT std_id, reference, base_ref, level, split_part(reference, ' ', 1) AS publisher,
                  title_zh::VARCHAR AS title_zh, title_en::VARCHAR AS title_en, 'current' AS status
           FROM given"""
    )
    con.execute("CREATE VIEW standard AS SELECT * FROM standard_record")
    sectors = pd.DataFrame(
        [(s[0], code) for s in standards if len(s) > 6 for code in s[6]], columns=["std_id", "ics_code"]
    )
    con.register("given_sectors", sectors)
    con.execute(
        """CREATE TABLE standard_sector AS
           SELECT std_id::VARCHAR AS std_id, ics_code::VARCHAR AS ics_code, left(ics_code, 2)::VARCHAR AS sector
           FROM given_sectors"""
    )
    con.execute("CREATE TABLE metric_config AS SELECT 'overlap_threshold' AS key, ? AS value", [str(threshold)])
    if run:
        run_models(con)
    return con


def run_models(con: duckdb.DuckDBPyConnection) -> None:
    for model in MODELS:
        con.execute((build.MODELS_DIR / model).read_text(encoding="utf-8"))


def zh(std_id: str, title: str, level: str = "national", base: str | None = None, ics: tuple = ()) -> tuple:
    return (std_id, std_id, base or std_id, level, title, None, ics)


def en(std_id: str, title: str, level: str = "international", ics: tuple = ()) -> tuple:
    return (std_id, std_id, std_id.partition(":")[0], level, None, title, ics)


def tokens(title: str) -> list[str]:
    con = overlap_db([zh("X 1", title)])
    return [t for (t,) in con.execute("SELECT token FROM overlap_token ORDER BY token").fetchall()]


def pairs(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple]:
    return {
        (a, b): (similarity, kind, sector)
        for a, b, similarity, kind, sector in con.execute(
            "SELECT std_a, std_b, similarity, kind, sector FROM mart_overlap"
        ).fetchall()
    }


# --- tokens -----------------------------------------------------------------------------------


def test_chinese_titles_become_character_bigrams_across_spaces() -> None:
    # 液压传动系统及其元件的通用规则和安全 (18 characters: 17 bigrams) + the generic word 要求
    assert tokens("液压传动 系统及其元件的通用规则和安全要求") == sorted(
        ["液压", "压传", "传动", "动系", "系统", "统及", "及其", "其元", "元件", "件的", "的通", "通用"]
        + ["用规", "规则", "则和", "和安", "安全", "~要求"]
    )


def test_width_case_and_punctuation_do_not_matter() -> None:
    expected = ["led", "具室", "内用", "室内", "灯具", "~技术条件"]
    assert tokens("ＬＥＤ灯具（室内用）——技术条件") == sorted(expected)
    assert tokens("LED 灯具 室内用 技术条件") == sorted(expected)


def test_english_titles_become_words_without_stop_words() -> None:
    assert tokens("Safety of machinery — General requirements") == ["machinery", "safety", "~general", "~requirements"]
    assert tokens("Sécurité des machines") == ["des", "machines", "securite"]


def test_part_numbers_are_tokens_and_their_words_generic() -> None:
    # 部分 / part is generic, the number stays: two parts differ by one token
    assert tokens("机床检验 第2部分") == sorted(["2", "机床", "床检", "检验", "~部分"])
    assert tokens("Machine tests - Part 2") == ["2", "machine", "tests", "~part"]


# --- similarity and pairs ---------------------------------------------------------------------


def test_generic_words_weigh_little() -> None:
    con = overlap_db(
        [
            zh("GB/T 1-2020", "液压传动 系统及其元件的通用规则和安全要求"),
            zh("JB/T 2-2020", "液压传动 系统及其元件的通用规则和安全技术条件", level="industry"),
            zh("DB11/T 3-2020", "数控车床 精度检验", level="local"),
            zh("T/CMES 4-2020", "数控铣床 精度检验", level="group"),
        ]
    )
    assert pairs(con) == {
        # 17 shared bigrams; 要求 and 技术条件 weigh 0.2 each: 17 / (17.2 + 17.2 − 17) = 0.9770
        ("GB/T 1-2020", "JB/T 2-2020"): (0.977, "cross_level", None),
        # {数控, 控车|控铣, 车床|铣床, 精度, 度检, 检验}: 4 shared of 8 = 0.5: not a candidate
    }


def test_threshold_is_inclusive_and_configurable() -> None:
    titles = [
        en("ISO 1", "Rubber hoses for dredging, suction and discharge"),  # 5 words
        en("ISO 2", "Rubber hoses - dredging suction"),  # 4 of them: 4 / 5 = 0.8
        en("ISO 3", "Rubber hoses for dredging and discharge - Specification"),  # 4 + 0.2: 4 / 5.2 = 0.769
    ]
    assert pairs(overlap_db(titles)) == {("ISO 1", "ISO 2"): (0.8, "same_level", None)}
    assert pairs(overlap_db(titles, threshold=0.76)) == {
        ("ISO 1", "ISO 2"): (0.8, "same_level", None),
        ("ISO 1", "ISO 3"): (0.7692, "same_level", None),
    }
    assert pairs(overlap_db(titles, threshold=0.81)) == {}


def test_series_parts_short_titles_and_editions() -> None:
    con = overlap_db(
        [
            # parts of one series share their title by design
            zh("GB/T 230.1-2018", "机床检验通则 几何精度", base="GB/T 230.1"),
            zh("GB/T 230.2-2020", "机床检验通则 几何精度", base="GB/T 230.2"),
            en("ISO 105-C08:2010", "Textiles - Tests for colour fastness to washing"),
            en("ISO 105-C09:2001", "Textiles - Tests for colour fastness to washing"),
            # one bigram: too short to judge
            zh("T/CMES 1-2020", "钢管", level="group"),
            zh("DB11/T 2-2020", "钢管", level="local"),
            # two current editions of one number: a finding whatever the titles say
            zh("GB/T 9-2008", "防火门", base="GB/T 9", ics=("13.220.50",)),
            zh("GB/T 9-2024", "防火门和防火窗", base="GB/T 9", ics=("91.060.50", "13.220.50")),
        ]
    )
    # sector: the field both carry
    assert pairs(con) == {("GB/T 9-2008", "GB/T 9-2024"): (1.0, "multiple_current_editions", "13")}


# --- candidate generation against brute force -------------------------------------------------


def brute_force(con: duckdb.DuckDBPyConnection, threshold: float) -> set[tuple[str, str]]:
    """Every pair of titles, compared: weighted Jaccard from a dense co-occurrence matrix."""
    titles = con.execute("SELECT std_id, series, tokens FROM overlap_title ORDER BY std_id").fetchall()
    ids = [t[0] for t in titles]
    series = np.array([t[1] for t in titles])
    postings: dict[str, list[int]] = {}
    for i, (_, _, toks) in enumerate(titles):
        for token in toks:
            postings.setdefault(token, []).append(i)
    shared = np.zeros((len(ids), len(ids)))
    for token, members in postings.items():
        index = np.array(members)
        shared[np.ix_(index, index)] += 0.2 if token.startswith("~") else 1.0
    weight = np.diag(shared).copy()
    found = set()
    for start in range(0, len(ids), 500):
        block = shared[start : start + 500]
        similarity = block / (weight[start : start + 500, None] + weight[None, :] - block)
        for i, j in zip(*np.nonzero(similarity >= threshold - EPSILON), strict=True):
            a, b = start + i, j
            if a < b and series[a] != series[b]:
                found.add((ids[a], ids[b]))
    return found


def real_titles(chinese_share: int, english_share: int) -> list[tuple]:
    """A cluster sample of real titles: whole groups of titles that begin alike (same first two
    characters, or first word), so that near-duplicates come along with each other."""
    cn = realdata("cn")
    iso = realdata("iso", "reconstructed", "iso_deliverables_metadata.jsonl")
    con = duckdb.connect()
    return con.execute(
        f"""
        WITH cn AS (
            SELECT std_num AS ref, title FROM read_csv('{cn}/csres_standards_scrape_2026-03.csv', all_varchar = true)
            UNION ALL SELECT code, name FROM read_csv('{cn}/ldassistant_standards_db_2026-07.csv', all_varchar = true)
            UNION ALL SELECT code, title FROM read_csv('{cn}/sports_standards_catalog.csv', all_varchar = true)
        ),
        iso AS (
            SELECT reference AS ref, title.en AS title
            FROM read_json('{iso}', format = 'newline_delimited') WHERE supplementType IS NULL
        ),
        sample AS (
            SELECT DISTINCT ON (ref) ref, title, NULL AS title_en FROM cn
            WHERE title IS NOT NULL AND hash(left(title, 2)) % 100 < {chinese_share}
            UNION ALL
            SELECT DISTINCT ON (ref) ref, NULL, title FROM iso
            WHERE title IS NOT NULL AND hash(split_part(title, ' ', 1)) % 100 < {english_share}
        )
        SELECT ref, ref, regexp_replace(ref, '\\s*[-—–:]\\s*\\d{{4}}.*$', ''), 'national', title, title_en
        FROM sample ORDER BY ref
        """  # noqa: S608 - file paths of the test data
    ).fetchall()


def test_candidate_generation_finds_what_brute_force_finds_on_real_titles() -> None:
    sample = real_titles(chinese_share=12, english_share=4)
    con = overlap_db(sample)
    expected = brute_force(con, DEFAULT_THRESHOLD)
    found = set(con.execute("SELECT std_a, std_b FROM overlap_title_pair").fetchall())
    assert len(sample) > 3000 and len(expected) > 100, "the sample should hold enough near-duplicates"
    recall = len(found & expected) / len(expected)
    assert recall >= 0.95
    assert found <= expected  # and nothing that is not a near-duplicate


def test_all_real_titles_take_seconds_not_hours() -> None:
    sample = real_titles(chinese_share=100, english_share=100)
    con = overlap_db(sample, run=False)
    start = time.monotonic()
    run_models(con)
    seconds = time.monotonic() - start
    # about 74,000 titles (2.7 billion pairs): seconds here; an all-pairs comparison takes hours
    assert len(sample) > 70_000
    assert con.execute("SELECT count(*) FROM overlap_title_pair").fetchone()[0] > 1000
    assert seconds < 60, f"{seconds:.1f} s"
