"""Benchmark: overlap candidates (near-duplicate titles) at 300k titles, against brute force.

    python bench/overlap_candidates.py [--titles 300000] [--sample 5000] [--corpus demo|real] [--work DIR]

The corpus is a ``standard`` table of current standards, the shape the build hands the overlap
models:

- ``demo`` (default): inputs from the demo generator (ISO scale 6, Chinese scale 13; see
  scale_inputs.py) parsed by the ETL's own parsers and its ``standard`` model, then the current
  standards, capped at --titles by a hash of their id. Built once and kept in the work folder.
- ``real``: every real title in ../shared/realdata (Chinese catalogs and ISO deliverables, about
  74k), for comparison: the demo titles are built from a small vocabulary and are far more
  alike than real ones.

Then, each in a subprocess of its own:

- the overlap models (every model file with "overlap" in its name, in build order) on the whole
  corpus: wall time, peak resident memory of that process, pairs found;
- the same models on a sample of --sample titles (whole clusters of titles that begin alike, so
  near-duplicates come along with each other), and a brute force on that sample: every pair of
  titles compared with the models' own similarity (weighted Jaccard of overlap_title's tokens,
  parts of one series excluded). Recall = pairs found / pairs brute force finds. The brute
  force's time per pair, times the pairs of the whole corpus, is the extrapolated peer.

Target: under 60 s at 300k titles, recall at least 0.95.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
from _common import AS_OF, DEFAULT_WORK, ROOT, mib, print_header, python_command, run_measured, table, verdict
from scale_inputs import Mix, ensure_inputs

from etl import build
from etl.settings import Thresholds
from etl.sources import LoadContext, iso, samr

TARGET_SECONDS = 60.0
TARGET_RECALL = 0.95
DEMO_MIX = Mix(6.0, 13.0)  # about 315k current standards
REALDATA = ROOT.parent / "shared" / "realdata"
CORPUS_TABLES = ("standard", "standard_sector")


def overlap_models() -> list[Path]:
    """The model files the build runs for overlap candidates, in the order it runs them."""
    return sorted(p for p in build.MODELS_DIR.glob("*.sql") if "overlap" in p.name)


# --- the corpus ------------------------------------------------------------------------------


def demo_corpus(work: Path, titles: int) -> Path:
    """Current standards of the demo generator through the ETL's parsers and standard model."""
    path = work / f"overlap-corpus-demo-{titles}.duckdb"
    if path.exists():
        return path
    inputs = ensure_inputs(work, DEMO_MIX)
    print(f"parsing {inputs} into {path} …", flush=True)
    tmp = path.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    with duckdb.connect(str(tmp)) as con:
        con.execute((build.MODELS_DIR / build.STAGING_MODEL).read_text(encoding="utf-8"))
        con.execute("CREATE TABLE metric_config AS SELECT 'as_of' AS key, ? AS value", [AS_OF])
        files = sorted(inputs.iterdir())
        for module in (iso, samr):
            ctx = LoadContext(con=con, run_id="bench", as_of=date.fromisoformat(AS_OF), source=module.NAME)
            module.load([f for f in files if module.recognises(f)], ctx)
        for model in ("110_standard.sql", "115_standard.sql", "120_standard_sector.sql"):
            con.execute((build.MODELS_DIR / model).read_text(encoding="utf-8"))
        # The standards as of AS_OF, kept as a table: the corpus no longer needs the records.
        con.execute("CREATE TABLE standard_as_of AS SELECT * FROM standard")
        con.execute("DROP VIEW standard")
        con.execute("ALTER TABLE standard_as_of RENAME TO standard")
        _keep_current(con, titles)
    tmp.rename(path)
    return path


def real_corpus(work: Path, titles: int) -> Path:
    """Every real title of ../shared/realdata as a current standard (reference as its own series)."""
    path = work / f"overlap-corpus-real-{titles}.duckdb"
    if path.exists():
        return path
    cn, deliverables = REALDATA / "cn", REALDATA / "iso" / "reconstructed" / "iso_deliverables_metadata.jsonl"
    if not deliverables.exists():
        raise SystemExit(f"{REALDATA} not found: the real corpus needs ../shared/realdata")
    with duckdb.connect(str(path)) as con:
        con.execute(
            f"""
            CREATE TABLE standard AS
            WITH cn AS (
                SELECT std_num AS ref, title
                FROM read_csv('{cn}/csres_standards_scrape_2026-03.csv', all_varchar = true)
                UNION ALL
                SELECT code, name FROM read_csv('{cn}/ldassistant_standards_db_2026-07.csv', all_varchar = true)
                UNION ALL
                SELECT code, title FROM read_csv('{cn}/sports_standards_catalog.csv', all_varchar = true)
            ),
            titles AS (
                SELECT DISTINCT ON (ref) ref, title AS title_zh, NULL AS title_en, 'national' AS level FROM cn
                WHERE title IS NOT NULL AND ref IS NOT NULL
                UNION ALL
                SELECT DISTINCT ON (reference) reference, NULL, title.en, 'international'
                FROM read_json('{deliverables}', format = 'newline_delimited')
                WHERE supplementType IS NULL AND title.en IS NOT NULL
            )
            SELECT ref AS std_id, ref AS reference, regexp_replace(ref, '\\s*[-—–:]\\s*\\d{{4}}.*$', '') AS base_ref,
                   level, split_part(ref, ' ', 1) AS publisher, title_zh::VARCHAR AS title_zh,
                   title_en::VARCHAR AS title_en, 'current' AS status
            FROM titles
            """  # noqa: S608 - paths of the real-data folder
        )
        con.execute("CREATE TABLE standard_sector (std_id VARCHAR, ics_code VARCHAR, sector VARCHAR)")
        _keep_current(con, titles)
    return path


def _keep_current(con: duckdb.DuckDBPyConnection, titles: int) -> None:
    con.execute("DELETE FROM standard WHERE status IS DISTINCT FROM 'current' OR coalesce(title_zh, title_en) IS NULL")
    con.execute(
        """DELETE FROM standard WHERE std_id NOT IN (
               SELECT std_id FROM standard ORDER BY hash(std_id), std_id LIMIT ?)""",
        [titles],
    )
    con.execute("DELETE FROM standard_sector WHERE std_id NOT IN (SELECT std_id FROM standard)")
    for name in [t for (t,) in con.execute("SHOW TABLES").fetchall() if t not in CORPUS_TABLES]:
        con.execute(f"DROP TABLE {name}")


# --- measurements (each in its own process) -----------------------------------------------------


def _session(corpus: Path, sample: int | None) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the corpus (or a cluster sample of it) and the default threshold."""
    con = duckdb.connect()
    con.execute((build.MODELS_DIR / build.STAGING_MODEL).read_text(encoding="utf-8"))
    con.execute("ATTACH ? AS corpus (READ_ONLY)", [str(corpus)])
    chosen = "SELECT std_id FROM corpus.standard"
    if sample:
        # Whole clusters of titles that begin alike, in a fixed pseudo-random order, up to the size.
        chosen = f"""
            WITH keyed AS (
                SELECT std_id, hash(left(coalesce(title_zh, split_part(lower(title_en), ' ', 1)), 2)) AS cluster
                FROM corpus.standard
            ),
            sized AS (
                SELECT cluster, count(*) AS n FROM keyed GROUP BY cluster
            ),
            running AS (
                SELECT cluster, sum(n) OVER (ORDER BY cluster ROWS UNBOUNDED PRECEDING) AS upto FROM sized
            )
            SELECT std_id FROM keyed JOIN running USING (cluster)
            WHERE upto <= {int(sample)}"""  # noqa: S608 - an integer
    for name in CORPUS_TABLES:
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM corpus.{name} WHERE std_id IN ({chosen})")  # noqa: S608
    con.execute("DETACH corpus")
    # As in a build: the records as the catalogs give them, and standard a view of them (115_standard.sql).
    con.execute("ALTER TABLE standard RENAME TO standard_record")
    con.execute("CREATE VIEW standard AS SELECT * FROM standard_record")
    con.execute(
        "CREATE TABLE metric_config AS SELECT 'overlap_threshold' AS key, ? AS value",
        [str(Thresholds().overlap_threshold)],
    )
    return con


def run_models(corpus: Path, sample: int | None) -> dict[str, object]:
    con = _session(corpus, sample)
    titles = con.execute("SELECT count(*) FROM standard").fetchone()[0]
    start = time.perf_counter()
    for model in overlap_models():
        con.execute(model.read_text(encoding="utf-8"))
    seconds = time.perf_counter() - start
    result: dict[str, object] = {
        "titles": titles,
        "seconds": seconds,
        "compared": con.execute("SELECT count(*) FROM overlap_title").fetchone()[0],
        "pairs": con.execute("SELECT count(*) FROM overlap_title_pair").fetchone()[0],
        "mart_rows": con.execute("SELECT count(*) FROM mart_overlap").fetchone()[0],
    }
    if sample:
        found = {tuple(p) for p in con.execute("SELECT std_a, std_b FROM overlap_title_pair").fetchall()}
        start = time.perf_counter()
        expected = brute_force(con)
        result["brute_seconds"] = time.perf_counter() - start
        n = result["compared"]
        result["brute_pairs_compared"] = n * (n - 1) // 2
        result["expected"] = len(expected)
        result["recall"] = len(found & expected) / len(expected) if expected else 1.0
        result["precision"] = len(found & expected) / len(found) if found else 1.0
    return result


def brute_force(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """Every pair of the titles overlap_title holds, with the models' similarity and threshold."""
    rows = con.execute(
        """WITH cfg AS (SELECT value::DOUBLE AS t FROM metric_config WHERE key = 'overlap_threshold'),
           scored AS (
               SELECT a.std_id AS a, b.std_id AS b, a.weight AS wa, b.weight AS wb,
                      list_sum(list_transform(list_intersect(a.tokens, b.tokens), lambda k: overlap_weight(k)))
                          AS shared
               FROM overlap_title a JOIN overlap_title b ON a.std_id < b.std_id AND a.series <> b.series
           )
           SELECT a, b FROM scored, cfg WHERE coalesce(shared, 0) / (wa + wb - coalesce(shared, 0)) >= cfg.t - 1e-9"""
    ).fetchall()
    return {(a, b) for a, b in rows}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        sample = int(sys.argv[3]) or None
        print(json.dumps(run_models(Path(sys.argv[2]), sample)))
        return
    if len(sys.argv) == 5 and sys.argv[1] == "--build-corpus":
        name, work, titles = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
        print((demo_corpus if name == "demo" else real_corpus)(work, titles))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=300_000, help="current standards in the corpus (at most)")
    parser.add_argument("--sample", type=int, default=5_000, help="titles of the recall sample")
    parser.add_argument("--corpus", choices=("demo", "real"), action="append", help="corpus; may repeat (default demo)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"work folder (default {DEFAULT_WORK})")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    # Built in a process of their own: a child's peak memory (ru_maxrss) starts from what its
    # parent had resident when it forked, so this process stays small.
    corpora = {
        name: Path(
            run_measured(python_command(__file__, "--build-corpus", name, str(args.work), str(args.titles)))
            .stdout.strip()
            .splitlines()[-1]
        )
        for name in args.corpus or ["demo"]
    }
    print_header("Overlap candidates")
    print("models: " + ", ".join(p.name for p in overlap_models()) + "\n")
    rows = []
    for name, corpus in corpora.items():
        whole = run_measured(python_command(__file__, "--measure", str(corpus), "0"))
        full = json.loads(whole.stdout.strip().splitlines()[-1])
        part = json.loads(
            run_measured(python_command(__file__, "--measure", str(corpus), str(args.sample)))
            .stdout.strip()
            .splitlines()[-1]
        )
        per_pair = part["brute_seconds"] / max(1, part["brute_pairs_compared"])
        extrapolated = per_pair * full["compared"] * (full["compared"] - 1) / 2
        rows.append(
            [
                name,
                full["titles"],
                full["compared"],
                full["seconds"],
                round(mib(whole.peak_rss_bytes)),
                full["pairs"],
                f"{part['compared']:,} titles, {part['expected']:,} pairs",
                f"{part['recall']:.3f}",
                f"{part['brute_seconds']:.1f} s",
                f"{extrapolated / 3600:,.1f} h",
                verdict(full["seconds"], TARGET_SECONDS)
                + (", recall met" if part["recall"] >= TARGET_RECALL else ", recall MISSED"),
            ]
        )
    print(
        table(
            ["corpus", "standards", "titles compared", "models s", "peak RSS MiB", "pairs", "recall sample", "recall",
             "brute force on sample", "brute force extrapolated", "target < 60 s, recall ≥ 0.95"],
            rows,
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
