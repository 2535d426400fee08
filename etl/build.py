"""Run orchestration: lock, gather inputs, build a new database, check it, swap it in.

The served file is never written: a run builds ``build/<run-id>.duckdb``, and only when every
step and check has passed is it moved over the served file with ``os.replace`` (atomic on one
filesystem). Anything else leaves the served file exactly as it was.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from etl import checks
from etl.lock import RunLock
from etl.progress import Mode, Progress
from etl.settings import Config, DataDirs, load_config
from etl.sources import LoadContext, LoadResult, fingerprint, registry

log = logging.getLogger("etl")

MODELS_DIR = Path(__file__).parent / "models"
REFERENCE_DIR = Path(__file__).parent / "data"
STAGING_MODEL = "000_staging.sql"

# Tables whose rows outlive a build: copied from the served file into every new one.
ETL_RUN_DDL = """CREATE TABLE etl_run (
    run_id VARCHAR, source VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR,
    rows_read BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT, bytes BIGINT, etag VARCHAR,
    as_of DATE, message VARCHAR)"""
KPI_HISTORY_DDL = """CREATE TABLE kpi_history (
    run_id VARCHAR, as_of DATE, is_demo BOOLEAN, kpi VARCHAR, sector VARCHAR, value DOUBLE)"""
PREV_MEMBERSHIP_DDL = """CREATE TABLE prev_membership (
    as_of DATE, committee_ref VARCHAR, member VARCHAR, role VARCHAR, source VARCHAR)"""


class BuildError(RuntimeError):
    """A run that failed; the served database is unchanged."""


@dataclass
class SourceRun:
    name: str
    files: list[Path]
    started_at: datetime
    finished_at: datetime | None = None
    result: LoadResult = field(default_factory=LoadResult)
    status: str = "ok"
    message: str = ""


@dataclass
class RunSummary:
    run_id: str
    db: Path
    as_of: date
    sources: list[SourceRun]
    seconds: float
    counts: dict[str, int]


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def refresh(
    db: Path,
    *,
    sources: list[str] | None = None,
    inputs: list[Path] | None = None,
    as_of: date | None = None,
    progress: Mode = "bar",
    offline: bool = False,
    models_dir: Path = MODELS_DIR,
    demo_scale: float | None = None,
) -> RunSummary:
    """Refresh the served database at ``db``.

    Sources named in ``sources`` are fetched from the network unless ``inputs`` holds files for
    them; with neither, the configured live sources are fetched; ``offline`` fetches nothing and
    rebuilds from the cached inputs. ``demo_scale`` set means a demo build.
    """
    dirs = DataDirs(db)
    dirs.root.mkdir(parents=True, exist_ok=True)
    purpose = "demo build" if demo_scale is not None else "refresh"
    with RunLock(dirs.lock, purpose):
        run = _Run(dirs, sources or [], inputs or [], as_of, progress, models_dir, demo_scale)
        if not sources and not inputs and not offline and demo_scale is None:
            run.requested = list(run.config.live_sources)
        run.offline = offline
        return run.execute()


def demo(db: Path, *, as_of: date | None = None, progress: Mode = "bar", scale: float = 1.0) -> RunSummary:
    return refresh(db, sources=["demo"], as_of=as_of, progress=progress, demo_scale=scale)


class _Run:
    def __init__(
        self,
        dirs: DataDirs,
        sources: list[str],
        inputs: list[Path],
        as_of: date | None,
        progress: Mode,
        models_dir: Path,
        demo_scale: float | None,
    ) -> None:
        self.dirs = dirs
        self.requested = sources
        self.inputs = inputs
        self.as_of = as_of or datetime.now(UTC).date()
        self.progress_mode = progress
        self.models_dir = models_dir
        self.demo_scale = demo_scale
        self.run_id = new_run_id()
        self.started_at = datetime.now(UTC)
        self.config: Config = load_config(dirs.db)
        self.registry = registry()
        self.build_file = dirs.build / f"{self.run_id}.duckdb"
        self.staged = dirs.build / f"{self.run_id}.inputs"
        self.source_runs: list[SourceRun] = []
        self.offline = False

    # -- the run -------------------------------------------------------------------------

    def execute(self) -> RunSummary:
        clock = time.monotonic()
        models = sorted(p for p in self.models_dir.glob("*.sql") if p.name != STAGING_MODEL)
        con = None
        step = "gathering inputs"
        try:
            selected = self._gather_inputs()
            progress = Progress(len(selected) + len(models) + 3, self.progress_mode)
            self.dirs.build.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(str(self.build_file))
            step = "preparing the build"
            progress.step(step)
            self._prepare(con)
            progress.advance()
            for name, files in selected.items():
                step = f"loading {name}"
                progress.step(step)
                self._load_source(con, name, files)
                progress.advance()
            for model in models:
                step = f"model {model.name}"
                progress.step(step)
                try:
                    con.execute(model.read_text(encoding="utf-8"))
                except duckdb.Error as exc:
                    raise BuildError(f"SQL model {model.name} failed: {exc}") from exc
                progress.advance()
            step = "checking the build"
            progress.step(step)
            problems = checks.run_all(con, self.config)
            if problems:
                raise BuildError("checks failed:\n  - " + "\n  - ".join(problems))
            progress.advance()
            step = "swapping the build in"
            progress.step(step)
            counts = self._finish(con)
            con.execute("CHECKPOINT")
            con.close()
            con = None
            os.replace(self.build_file, self.dirs.db)
            self._promote_inputs()
            progress.advance()
            progress.close()
        except BaseException as exc:
            if con is not None:
                con.close()
            self._discard()
            message = str(exc) if isinstance(exc, BuildError) else f"{type(exc).__name__}: {exc}"
            self._record_failure(step, message)
            if isinstance(exc, BuildError | KeyboardInterrupt):
                raise
            raise BuildError(f"failed while {step}: {message}") from exc
        return RunSummary(self.run_id, self.dirs.db, self.as_of, self.source_runs, time.monotonic() - clock, counts)

    # -- inputs --------------------------------------------------------------------------

    def _gather_inputs(self) -> dict[str, list[Path]]:
        """Copy --from files into the cache, fetch what was asked without files, and return
        every source's cached inputs: a build always includes every source it has inputs for."""
        if self.demo_scale is not None:
            demo_dir = self.dirs.cache / "demo"
            ctx = self._context(None, "demo")
            return {"demo": self.registry["demo"].fetch(demo_dir, ctx, scale=self.demo_scale)}
        unknown = [name for name in self.requested if name not in self.registry or name == "demo"]
        if unknown:
            known = sorted(n for n in self.registry if n != "demo")
            raise BuildError(f"unknown source {unknown}; known sources are {known} (demo: use `standards-etl demo`)")
        given: dict[str, list[Path]] = {}
        for file in self._expand(self.inputs):
            owner = next((n for n, m in self.registry.items() if m.recognises(file)), None)
            if owner is None:
                continue
            if self.requested and owner not in self.requested:
                continue
            given.setdefault(owner, []).append(file)
        if self.inputs and not given:
            raise BuildError(
                "none of the --from files is a recognised input; expected official names such as "
                "iso_deliverables_metadata.jsonl, iso_technical_committees.jsonl, ICS.csv, samr_*.json"
            )
        # --from files wait beside the build and join the cache only when the build goes live,
        # so a file that breaks the run cannot poison the next one.
        for name, files in given.items():
            module = self.registry[name]
            for file in files:
                target = self.staged / name / module.cache_name(file, self.as_of)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, target)
        for name in [] if self.offline else self.requested:
            if name not in given:
                cache = self.dirs.cache / name
                cache.mkdir(parents=True, exist_ok=True)
                self.registry[name].fetch(cache, self._context(None, name))
        selected = {}
        for name, module in self.registry.items():
            if name == "demo":
                continue
            files = {
                p.name: p
                for folder in (self.dirs.cache / name, self.staged / name)
                if folder.is_dir()
                for p in sorted(folder.iterdir())
                if p.is_file() and module.recognises(p)
            }
            if files:
                selected[name] = sorted(files.values(), key=lambda p: p.name)
        if not selected:
            raise BuildError(
                "no inputs: give files with --from PATH or name a live source with --source "
                f"({', '.join(n for n in self.registry if n != 'demo')}); "
                "for the demo data run `standards-etl demo`"
            )
        return selected

    @staticmethod
    def _expand(paths: list[Path]) -> list[Path]:
        files = []
        for path in paths:
            if not path.exists():
                raise BuildError(f"--from {path}: no such file or directory")
            files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
        return files

    # -- the build file ------------------------------------------------------------------

    def _context(self, con: duckdb.DuckDBPyConnection | None, source: str) -> LoadContext:
        return LoadContext(con=con, run_id=self.run_id, as_of=self.as_of, source=source, progress=self.progress_mode)

    def _prepare(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute((self.models_dir / STAGING_MODEL).read_text(encoding="utf-8"))
        for ddl in (ETL_RUN_DDL, KPI_HISTORY_DDL, PREV_MEMBERSHIP_DDL):
            con.execute(ddl)
        for csv in sorted(REFERENCE_DIR.glob("*.csv")):
            con.execute(
                f"CREATE TABLE ref_{csv.stem} AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",  # noqa: S608 - file stems of the package
                [str(csv)],
            )
        metrics = self.config.metrics
        settings = {
            **{k: str(v) for k, v in vars(metrics).items()},
            "as_of": self.as_of.isoformat(),
            "is_demo": str(self.demo_scale is not None).lower(),
        }
        con.execute("CREATE TABLE metric_config (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.executemany("INSERT INTO metric_config VALUES (?, ?)", sorted(settings.items()))
        self._carry_history(con)

    def _carry_history(self, con: duckdb.DuckDBPyConnection) -> None:
        if not self.dirs.db.exists():
            return
        try:
            con.execute("ATTACH ? AS served (READ_ONLY)", [str(self.dirs.db)])
        except duckdb.Error as exc:
            raise BuildError(
                f"the served database {self.dirs.db} cannot be read ({exc}); its run history would be "
                "lost. Move it aside (it is kept untouched) and run again to start a fresh history."
            ) from exc
        present = {
            row[0]
            for row in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'served'").fetchall()
        }
        if "etl_run" in present:
            con.execute("INSERT INTO etl_run BY NAME SELECT * FROM served.etl_run")
        if "kpi_history" in present:
            con.execute("INSERT INTO kpi_history BY NAME SELECT * FROM served.kpi_history")
        if "membership" in present:
            # Demo and real histories never mix: a real build keeps only real snapshots.
            con.execute(
                "INSERT INTO prev_membership BY NAME SELECT * FROM served.membership WHERE (source = 'demo') = ?",
                [self.demo_scale is not None],
            )
        if "standard" in present:
            con.execute(
                "CREATE TABLE prev_standard_count AS SELECT source, count(*) AS n FROM served.standard GROUP BY source"
            )
        con.execute("DETACH served")

    def _load_source(self, con: duckdb.DuckDBPyConnection, name: str, files: list[Path]) -> None:
        run = SourceRun(name, files, datetime.now(UTC))
        self.source_runs.append(run)
        ctx = self._context(con, name)
        try:
            run.result = self.registry[name].load(files, ctx)
        except Exception as exc:
            raise BuildError(f"source {name} failed: {exc}") from exc
        run.result.fingerprint = fingerprint(files)
        run.finished_at = datetime.now(UTC)
        run.message = "; ".join(ctx.notes)

    def _finish(self, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        finished = datetime.now(UTC)
        rows = [
            (
                self.run_id,
                r.name,
                r.started_at,
                r.finished_at,
                r.status,
                r.result.rows_read,
                r.result.rows_loaded,
                r.result.rows_quarantined,
                r.result.bytes,
                r.result.fingerprint,
                self.as_of,
                r.message,
            )
            for r in self.source_runs
        ]
        total = LoadResult()
        for r in self.source_runs:
            total.add(r.result)
        rows.append(
            (
                self.run_id,
                "build",
                self.started_at,
                finished,
                "ok",
                total.rows_read,
                total.rows_loaded,
                total.rows_quarantined,
                total.bytes,
                None,
                self.as_of,
                f"sources: {', '.join(r.name for r in self.source_runs)}",
            )
        )
        con.executemany("INSERT INTO etl_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute(
            """CREATE TABLE build_info AS SELECT ?::VARCHAR AS run_id, ?::DATE AS as_of,
                      ?::TIMESTAMP AS built_at, ?::BOOLEAN AS is_demo, ?::VARCHAR[] AS sources""",
            [self.run_id, self.as_of, finished, self.demo_scale is not None, [r.name for r in self.source_runs]],
        )
        con.execute(
            "INSERT INTO kpi_history SELECT ?, ?, ?, kpi, sector, value FROM mart_kpi",
            [self.run_id, self.as_of, self.demo_scale is not None],
        )
        con.execute("DROP TABLE IF EXISTS prev_membership; DROP TABLE IF EXISTS prev_standard_count")
        return dict(
            con.execute("SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()
        )

    def _promote_inputs(self) -> None:
        if not self.staged.is_dir():
            return
        for file in sorted(self.staged.rglob("*")):
            if file.is_file():
                target = self.dirs.cache / file.relative_to(self.staged)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, target)
        shutil.rmtree(self.staged, ignore_errors=True)

    def _discard(self) -> None:
        for leftover in (self.build_file, self.build_file.with_name(self.build_file.name + ".wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(self.staged, ignore_errors=True)

    def _record_failure(self, step: str, message: str) -> None:
        """Failed runs never reach the served file, so they are logged beside it."""
        record = {
            "run_id": self.run_id,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "status": "failed",
            "step": step,
            "sources": self.requested or ["demo"],
            "message": message[:4000],
        }
        try:
            with self.dirs.failures.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as exc:  # the failure itself must still reach the operator
            log.error("could not append to %s: %s", self.dirs.failures, exc)
