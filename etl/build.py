"""Run orchestration: lock, gather inputs, build a new database, check it, swap it in.

The served file is never written: a run builds ``build/<run-id>.duckdb``, and only when every
step and check has passed is it moved over the served file with ``os.replace`` (atomic on one
filesystem). Anything else leaves the served file exactly as it was.

Sources are isolated: one that fails, or whose staging falls sharply against the served build
(the sanity gate), keeps its previous staging rows and the run goes live as ``partial``;
``strict`` makes either a failure of the run. Build leftovers, earlier builds and snapshot files
are pruned by :mod:`etl.retention`.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import duckdb

from etl import checks, hooks, model_runner, retention
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
# Demo and real histories never mix: a real build keeps only real snapshots.
_PREV_MEMBERSHIP_FILL = "INSERT INTO prev_membership BY NAME SELECT * FROM {db}.membership WHERE (source = 'demo') = ?"


def _parser_files(module: ModuleType) -> list[Path]:
    """A source's module and the etl modules it imports whole (samr: cn_normalize; demo: iso, samr)."""
    used = [module, *(v for v in vars(module).values() if isinstance(v, ModuleType) and v.__name__.startswith("etl."))]
    return sorted({Path(m.__file__) for m in used if getattr(m, "__file__", None)})


class BuildError(RuntimeError):
    """A run that failed; the served database is unchanged."""

    def __init__(self, message: str, run_id: str | None = None) -> None:
        super().__init__(message)
        self.run_id = run_id


# Statuses of a source whose data in the build is not fresh: its previous data was kept instead.
NOT_REFRESHED = ("failed", "held_back")


@dataclass
class SourceRun:
    name: str
    files: list[Path]
    started_at: datetime
    finished_at: datetime | None = None
    result: LoadResult = field(default_factory=LoadResult)
    status: str = "ok"
    message: str = ""
    reason: str = ""  # why a failed or held-back source did not come through


@dataclass
class RunSummary:
    run_id: str
    db: Path
    as_of: date
    sources: list[SourceRun]
    seconds: float
    counts: dict[str, int]
    status: str = "ok"  # "partial": some sources failed or were held back and kept their previous data
    problems: list[str] = field(default_factory=list)
    models_reused: list[str] = field(default_factory=list)  # models whose tables were the served build's


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
    strict: bool = False,
    accept_drops: bool = False,
) -> RunSummary:
    """Refresh the served database at ``db``.

    Sources named in ``sources`` are fetched from the network unless ``inputs`` holds files for
    them; with neither, the configured live sources are fetched; ``offline`` fetches nothing and
    rebuilds from the cached inputs. ``demo_scale`` set means a demo build.

    A source that fails to download or parse, or whose staging falls by more than
    ``[etl] max_drop_share`` against the served build, keeps its previous data and the run is
    ``partial``; when none of the sources the run was asked for comes through, it fails. ``strict``
    fails the run on any such source; ``accept_drops`` lets sharp falls through.
    """
    dirs = DataDirs(db)
    dirs.root.mkdir(parents=True, exist_ok=True)
    purpose = "demo build" if demo_scale is not None else "refresh"
    with RunLock(dirs.lock, purpose):
        run = _Run(dirs, sources or [], inputs or [], as_of, progress, models_dir, demo_scale)
        if not sources and not inputs and not offline and demo_scale is None:
            run.requested = list(run.config.live_sources)
        run.offline = offline
        run.strict = strict
        run.accept_drops = accept_drops
        return run.execute()


def demo(db: Path, *, as_of: date | None = None, progress: Mode = "bar", scale: float = 1.0) -> RunSummary:
    return refresh(db, sources=["demo"], as_of=as_of, progress=progress, demo_scale=scale)


MAX_REASON = 1000  # characters; a parser's error may quote a whole input line


def _reason(exc: Exception, files: list[Path] | None = None) -> str:
    """An exception in words, short enough for a log line. The sources' own errors say what went
    wrong; others need their type, and the input files when they name none."""
    text = (
        str(exc)
        if isinstance(exc, ValueError | RuntimeError | OSError) and str(exc)
        else f"{type(exc).__name__}: {exc}"
    )
    if len(text) > MAX_REASON:
        text = text[:MAX_REASON] + "…"
    if files and not any(f.name in text for f in files):
        text += f" (reading {', '.join(sorted(f.name for f in files))})"
    return text


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
        self.strict = False
        self.accept_drops = False
        self.given: set[str] = set()  # sources with --from files in this run
        self.fetch_errors: dict[str, str] = {}  # source -> why its download failed
        self.served_run_id: str | None = None
        self.redact = hooks.Redactor(self.config)
        self.input_prints: dict[str, str] = {}  # source -> fingerprint of its inputs and parser
        self.models_skipped: list[str] = []  # models whose tables were the served build's

    # -- the run -------------------------------------------------------------------------

    def execute(self) -> RunSummary:
        clock = time.monotonic()
        models = model_runner.read_models([p for p in self.models_dir.glob("*.sql") if p.name != STAGING_MODEL])
        con = None
        step = "gathering inputs"
        try:
            retention.clean_leftovers(self.dirs, self.run_id)
            selected = self._gather_inputs()
            unchanged = self._unchanged_since_served(selected)
            self.dirs.build.mkdir(parents=True, exist_ok=True)
            if unchanged is not None:
                progress = Progress(len(models) + 3, self.progress_mode)
                step = "starting from the served build"
                progress.step(f"inputs unchanged: {step}")
                shutil.copyfile(self.dirs.db, self.build_file)
                con = duckdb.connect(str(self.build_file))
                self._start_from_served(con, unchanged)
                previous = model_runner.previous_runs(con)
            else:
                progress = Progress(len(selected) + len(models) + 3, self.progress_mode)
                con = duckdb.connect(str(self.build_file))
                step = "preparing the build"
                progress.step(step)
                self._prepare(con)
                for name, files in selected.items():
                    progress.advance()
                    step = f"loading {name}"
                    progress.step(step)
                    self._load_source(con, name, files)
                step = "checking each source against the served build"
                self._note_unfetched()
                self._gate(con)
                self._refuse_unless_refreshed()
                previous = None
            progress.advance()

            def before(model: model_runner.Model) -> None:
                nonlocal step
                if step.startswith("model "):
                    progress.advance()
                    hooks.pause_point("models")  # one model done: a kill here lands amid the models
                step = f"model {model.name}"
                progress.step(step)

            runner = model_runner.ModelRunner(con, models, previous, before)
            try:
                runner.run()
            except model_runner.ModelError as exc:
                raise BuildError(str(exc)) from exc
            runner.record()
            progress.advance()
            self.models_skipped = runner.skipped
            step = "checking the build"
            progress.step(step)
            problems = checks.run_all(con, self.config)
            if problems:
                raise BuildError("checks failed:\n  - " + "\n  - ".join(problems))
            progress.advance()
            step = "swapping the build in"
            progress.step(step)
            counts = self._finish(con)
            held = self._snapshots_held(con)
            con.execute("CHECKPOINT")
            con.close()
            con = None
            hooks.pause_point("swap")
            retention.keep_previous(self.dirs, self.served_run_id or f"before-{self.run_id}", self.config.run)
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
            if isinstance(exc, BuildError):
                exc.run_id = self.run_id
            if isinstance(exc, BuildError | KeyboardInterrupt):
                raise
            raise BuildError(f"failed while {step}: {message}", self.run_id) from exc
        return self._summary(clock, counts, held)

    def _summary(self, clock: float, counts: dict[str, int], held: dict[str, date]) -> RunSummary:
        try:
            retention.prune(self.dirs, self.config.run, self.registry, held)
        except Exception as exc:  # the new build is live: housekeeping must not turn it into a failure
            log.warning("retention after run %s failed: %s", self.run_id, exc)
        problems = self._problems()
        return RunSummary(
            self.run_id,
            self.dirs.db,
            self.as_of,
            self.source_runs,
            time.monotonic() - clock,
            counts,
            "partial" if problems else "ok",
            problems,
            self.models_skipped,
        )

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
                "iso_deliverables_metadata.jsonl, iso_technical_committees.jsonl, ICS.csv, samr_*.json, "
                "or catalog files (CSV, XLSX, JSON) with a standard-number column"
            )
        # --from files wait beside the build and join the cache only when the build goes live,
        # so a file that breaks the run cannot poison the next one.
        for name, files in given.items():
            module = self.registry[name]
            for file in files:
                target = self.staged / name / module.cache_name(file, self.as_of)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, target)
        self.given = set(given)
        for name in [] if self.offline else self.requested:
            if name not in given:
                try:
                    self._fetch(name)
                except Exception as exc:
                    if self.strict:
                        raise BuildError(f"source {name}: download failed: {_reason(exc)}") from exc
                    # The source keeps its last good inputs: whatever this attempt staged is dropped.
                    self.fetch_errors[name] = _reason(exc)
                    shutil.rmtree(self.staged / name, ignore_errors=True)
                    log.warning(
                        "%s",
                        hooks.fields(run=self.run_id, source=name, status="failed", message=self.fetch_errors[name]),
                    )
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

    def _fetch(self, name: str) -> None:
        cache = self.dirs.cache / name
        cache.mkdir(parents=True, exist_ok=True)
        fetch = self.registry[name].fetch
        # A source that can stage its downloads keeps them beside the build until it goes
        # live, like --from files: a download that breaks the build never reaches the cache.
        if "staged" in inspect.signature(fetch).parameters:
            fetch(cache, self._context(None, name), staged=self.staged / name)
        else:
            fetch(cache, self._context(None, name))

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
        return LoadContext(
            con=con,
            run_id=self.run_id,
            as_of=self.as_of,
            source=source,
            progress=self.progress_mode,
            config=self.config,
        )

    def _prepare(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute((self.models_dir / STAGING_MODEL).read_text(encoding="utf-8"))
        for ddl in (ETL_RUN_DDL, KPI_HISTORY_DDL, PREV_MEMBERSHIP_DDL):
            con.execute(ddl)
        for csv in sorted(REFERENCE_DIR.glob("*.csv")):
            con.execute(
                f"CREATE TABLE ref_{csv.stem} AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",  # noqa: S608 - file stems of the package
                [str(csv)],
            )
        con.execute("CREATE TABLE metric_config (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.executemany("INSERT INTO metric_config VALUES (?, ?)", sorted(self._settings().items()))
        self._carry_history(con)

    def _settings(self) -> dict[str, str]:
        """What the models are computed with (metric_config)."""
        return {
            **{k: str(v) for k, v in vars(self.config.metrics).items()},
            "as_of": self.as_of.isoformat(),
            "is_demo": str(self.demo_scale is not None).lower(),
        }

    @functools.cached_property
    def models_print(self) -> str:
        """Fingerprint of what turns staging into the served tables: the models, the reference
        data, and the code that runs and checks them. Kept in the build's etl_run row."""
        code = [Path(__file__), Path(checks.__file__), Path(model_runner.__file__)]
        return fingerprint([*self.models_dir.glob("*.sql"), *REFERENCE_DIR.glob("*.csv"), *code])

    def _inputs_print(self, name: str, files: list[Path]) -> str:
        """Fingerprint of a source's inputs; the code that parses is an input too: a changed
        parser parses unchanged files again."""
        if name not in self.input_prints:
            parser = [*_parser_files(self.registry[name]), self.models_dir / STAGING_MODEL]
            self.input_prints[name] = fingerprint([*files, *parser])
        return self.input_prints[name]

    # -- a run whose inputs did not change ---------------------------------------------------

    def _unchanged_since_served(self, selected: dict[str, list[Path]]) -> dict[str, str] | None:
        """Every source's input fingerprint, when this run has the served build's inputs: the same
        sources with the same inputs and parsers, all of which came through in the served build,
        and the same models, reference data and build code. Else None.

        Settings (the as-of date among them) may differ: the models they reach run again."""
        if self.fetch_errors or not self.dirs.db.exists():
            return None
        prints = {name: self._inputs_print(name, files) for name, files in selected.items()}
        try:
            with duckdb.connect() as con:
                con.execute("ATTACH ? AS served (READ_ONLY)", [str(self.dirs.db)])
                served_run = con.execute("SELECT any_value(run_id) FROM served.build_info").fetchall()[0][0]
                runs = {
                    source: (status, etag)
                    for source, status, etag in con.execute(
                        "SELECT source, status, etag FROM served.etl_run WHERE run_id = ?", [served_run]
                    ).fetchall()
                }
        except duckdb.Error:
            return None  # an older or damaged served file: build it anew
        if runs.pop("build", None) != ("ok", self.models_print):
            return None
        if set(runs) != set(prints):
            return None
        if any(runs[name] not in (("ok", p), ("unchanged", p)) for name, p in prints.items()):
            return None
        return prints

    def _start_from_served(self, con: duckdb.DuckDBPyConnection, prints: dict[str, str]) -> None:
        """Make the build, a copy of the served file, ready for the models: its staging is what the
        inputs would give; the settings and the history the models read are this run's."""
        self.served_run_id = con.execute("SELECT any_value(run_id) FROM build_info").fetchall()[0][0]
        last = {
            source: counts
            for source, *counts in con.execute(
                "SELECT source, rows_read, rows_loaded, rows_quarantined, bytes FROM etl_run WHERE run_id = ?",
                [self.served_run_id],
            ).fetchall()
        }
        now = datetime.now(UTC)
        message = f"inputs unchanged since run {self.served_run_id}: its staging is kept"
        for name, inputs_print in prints.items():
            self.source_runs.append(
                SourceRun(name, [], now, now, LoadResult(*last[name], fingerprint=inputs_print), "unchanged", message)
            )
        con.execute("DELETE FROM metric_config")
        con.executemany("INSERT INTO metric_config VALUES (?, ?)", sorted(self._settings().items()))
        con.execute(PREV_MEMBERSHIP_DDL)
        con.execute(_PREV_MEMBERSHIP_FILL.format(db="main"), [self.demo_scale is not None])

    @contextmanager
    def _served(self, con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, list[str]]]:
        """The served database attached read-only as ``served``; yields its tables and their
        columns (nothing when there is no served database yet)."""
        if not self.dirs.db.exists():
            yield {}
            return
        try:
            con.execute("ATTACH ? AS served (READ_ONLY)", [str(self.dirs.db)])
        except duckdb.Error as exc:
            raise BuildError(
                f"the served database {self.dirs.db} cannot be read ({exc}); its run history would be "
                "lost. Move it aside (it is kept untouched) and run again to start a fresh history."
            ) from exc
        try:
            yield dict(
                con.execute(
                    """SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns()
                       WHERE database_name = 'served' AND schema_name = 'main' GROUP BY table_name"""
                ).fetchall()
            )
        finally:
            con.execute("DETACH served")

    def _carry_history(self, con: duckdb.DuckDBPyConnection) -> None:
        with self._served(con) as present:
            if "etl_run" in present:
                con.execute("INSERT INTO etl_run BY NAME SELECT * FROM served.etl_run")
            if "kpi_history" in present:
                con.execute("INSERT INTO kpi_history BY NAME SELECT * FROM served.kpi_history")
            if "membership" in present:
                con.execute(_PREV_MEMBERSHIP_FILL.format(db="served"), [self.demo_scale is not None])
            if "build_info" in present:
                self.served_run_id = con.execute("SELECT any_value(run_id) FROM served.build_info").fetchone()[0]

    def _load_source(self, con: duckdb.DuckDBPyConnection, name: str, files: list[Path]) -> None:
        run = SourceRun(name, files, datetime.now(UTC))
        self.source_runs.append(run)
        ctx = self._context(con, name)
        inputs_print = self._inputs_print(name, files)
        reused = self._reuse_staging(con, name, inputs_print)
        if reused is not None:
            run.result, run.message = reused
            run.status = "unchanged"
        else:
            try:
                run.result = self.registry[name].load(files, ctx)
            except Exception as exc:
                reason = _reason(exc, [f for f in files if self.staged in f.parents] or files)
                if self.strict:
                    raise BuildError(f"source {name} failed: {reason}") from exc
                self._keep_previous(con, run, "failed", f"failed: {reason}")
            else:
                run.message = "; ".join(ctx.notes)
            hooks.pause_point("parse")
        if name in self.fetch_errors:
            loaded = "" if run.status == "failed" else "its cached inputs were loaded instead"
            run.status = "failed"
            run.reason = "; ".join(m for m in (f"download failed: {self.fetch_errors[name]}", run.reason) if m)
            run.message = "; ".join(
                m for m in (f"download failed: {self.fetch_errors[name]}", loaded, run.message) if m
            )
        run.result.fingerprint = inputs_print
        run.finished_at = datetime.now(UTC)

    def _note_unfetched(self) -> None:
        """A source whose download failed and that has no cached inputs still appears in the run log."""
        loaded = {r.name for r in self.source_runs}
        for name, reason in self.fetch_errors.items():
            if name not in loaded:
                now = datetime.now(UTC)
                why = f"download failed: {reason}"
                message = f"{why}; it has no earlier inputs"
                self.source_runs.append(SourceRun(name, [], now, now, status="failed", message=message, reason=why))

    def _reuse_staging(
        self, con: duckdb.DuckDBPyConnection, name: str, inputs_print: str
    ) -> tuple[LoadResult, str] | None:
        """Inputs identical to the source's last successful run need no parsing: that run built the
        served database, whose staging rows of the source are copied instead. None: parse."""
        last = con.execute(
            """SELECT run_id, etag, rows_read, rows_loaded, rows_quarantined, bytes FROM etl_run
               WHERE source = ? AND status IN ('ok', 'unchanged') ORDER BY finished_at DESC LIMIT 1""",
            [name],
        ).fetchall()
        if not last or last[0][1] != inputs_print:
            return None
        run_id, _, read, loaded, quarantined, size = last[0]
        with self._served(con) as served:
            if "build_info" not in served or con.execute("SELECT run_id FROM served.build_info").fetchall() != [
                (run_id,)
            ]:
                return None
            if not self._copy_staging(con, name, served):
                return None
        result = LoadResult(rows_read=read, rows_loaded=loaded, rows_quarantined=quarantined, bytes=size)
        return result, f"inputs unchanged since run {run_id}: staging copied from the served database"

    @staticmethod
    def _staging_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
        return [
            t
            for (t,) in con.execute(
                """SELECT table_name FROM duckdb_tables()
                   WHERE database_name = current_database() AND schema_name = 'main'
                     AND (starts_with(table_name, 'stg_') OR table_name = 'quarantine') ORDER BY 1"""
            ).fetchall()
        ]

    def _copy_staging(self, con: duckdb.DuckDBPyConnection, name: str, served: dict[str, list[str]]) -> dict[str, int]:
        """Copy the source's staging and quarantine rows from the attached served database in one
        transaction; rows copied per table, empty when there was no staging row to copy.

        Columns are matched by name and only shared ones are copied, so a served build made before a
        staging column was added still hands its rows on (the new column stays null)."""
        copied = {}
        con.begin()
        try:
            for table in self._staging_tables(con):
                if table not in served:
                    continue
                ours = {c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE main.{table})").fetchall()}  # noqa: S608 - catalog names
                shared = ", ".join(f'"{c}"' for c in served[table] if c in ours)
                copied[table] = con.execute(
                    f"INSERT INTO main.{table} ({shared}) SELECT {shared} FROM served.{table} WHERE source = ?",  # noqa: S608 - catalog names
                    [name],
                ).fetchall()[0][0]
        except duckdb.Error as exc:
            con.rollback()
            log.warning("staging of %s could not be copied from the served database: %s", name, exc)
            return {}
        if not any(n for table, n in copied.items() if table != "quarantine"):
            con.rollback()
            return {}
        con.commit()
        return copied

    def _keep_previous(self, con: duckdb.DuckDBPyConnection, run: SourceRun, status: str, reason: str) -> None:
        """Isolate a source that failed or was held back: drop what it loaded in this run, take its
        staging rows from the served build instead, and keep its new inputs out of the cache."""
        with suppress(duckdb.Error):
            con.rollback()  # a load that failed inside a transaction of its own leaves it open
        for table in self._staging_tables(con):
            con.execute(f"DELETE FROM main.{table} WHERE source = ?", [run.name])  # noqa: S608 - catalog names
        with self._served(con) as served:
            copied = self._copy_staging(con, run.name, served)
        rows = sum(n for table, n in copied.items() if table != "quarantine")
        kept = (
            f"its previous data is kept ({rows} staging rows of the served build)"
            if rows
            else "it has no previous data"
        )
        run.status, run.result, run.reason, run.message = status, LoadResult(), reason, f"{reason}; {kept}"
        shutil.rmtree(self.staged / run.name, ignore_errors=True)
        log.warning("%s", hooks.fields(run=self.run_id, source=run.name, status=status, message=run.message))

    def _gate(self, con: duckdb.DuckDBPyConnection) -> None:
        """The sanity gate: a freshly parsed source whose staging fell sharply against the served
        build is held back with its previous data."""
        fresh = [r.name for r in self.source_runs if r.status == "ok"]
        if self.accept_drops or not fresh:
            return
        with self._served(con) as served:
            drops = checks.staging_drops(con, served, fresh, self.config.run.max_drop_share)
        by_source: dict[str, list[checks.Drop]] = {}
        for drop in drops:
            by_source.setdefault(drop.source, []).append(drop)
        for name, found in by_source.items():
            reason = (
                f"{', '.join(map(str, found))}; check its inputs, and if the fall is real run again with --accept-drops"
            )
            if self.strict:
                raise BuildError(f"source {name}: {reason}")
            run = next(r for r in self.source_runs if r.name == name)
            self._keep_previous(con, run, "held_back", f"held back: {reason}")

    def _refuse_unless_refreshed(self) -> None:
        """A run in which none of the sources it was asked for (all it loaded, when it was asked for
        none) came through has nothing new to serve: it fails and the served file stays as it is."""
        if not self._problems():
            return
        wanted = set(self.requested) | self.given or {r.name for r in self.source_runs}
        if not any(r.name in wanted and r.status not in NOT_REFRESHED for r in self.source_runs):
            troubled = [r for r in self.source_runs if r.status in NOT_REFRESHED]
            raise BuildError("no source came through: " + "; ".join(f"source {r.name} {r.reason}" for r in troubled))

    def _problems(self) -> list[str]:
        return [f"source {r.name} {r.message}" for r in self.source_runs if r.status in NOT_REFRESHED]

    def _snapshots_held(self, con: duckdb.DuckDBPyConnection) -> dict[str, date]:
        """Newest membership snapshot per source that came through, for pruning snapshot files."""
        fine = {r.name for r in self.source_runs if r.status not in NOT_REFRESHED}
        rows = con.execute("SELECT source, max(as_of) FROM membership GROUP BY source").fetchall()
        return {source: newest for source, newest in rows if source in fine and newest is not None}

    def _finish(self, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        finished = datetime.now(UTC)
        # Error texts quote URLs; from here on the run log, the summary and the hooks get them masked.
        for r in self.source_runs:
            r.message, r.reason = self.redact(r.message), self.redact(r.reason)
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
            log.info(
                "%s",
                hooks.fields(
                    run=self.run_id,
                    source=r.name,
                    status=r.status,
                    read=r.result.rows_read,
                    loaded=r.result.rows_loaded,
                    quarantined=r.result.rows_quarantined,
                ),
            )
        problems = self._problems()
        skipped = self.models_skipped
        reused = [f"{len(skipped)} models unchanged since run {self.served_run_id}"] if skipped else []
        rows.append(
            (
                self.run_id,
                "build",
                self.started_at,
                finished,
                "partial" if problems else "ok",
                total.rows_read,
                total.rows_loaded,
                total.rows_quarantined,
                total.bytes,
                self.models_print,
                self.as_of,
                "; ".join([f"sources: {', '.join(r.name for r in self.source_runs)}", *problems, *reused]),
            )
        )
        con.executemany("INSERT INTO etl_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("DROP TABLE IF EXISTS build_info")  # a build started from the served one has its row
        con.execute(
            """CREATE TABLE build_info AS SELECT ?::VARCHAR AS run_id, ?::DATE AS as_of,
                      ?::TIMESTAMP AS built_at, ?::BOOLEAN AS is_demo, ?::VARCHAR[] AS sources""",
            [self.run_id, self.as_of, finished, self.demo_scale is not None, [r.name for r in self.source_runs]],
        )
        con.execute(
            "INSERT INTO kpi_history SELECT ?, ?, ?, kpi, sector, value FROM mart_kpi",
            [self.run_id, self.as_of, self.demo_scale is not None],
        )
        con.execute("DROP TABLE IF EXISTS prev_membership")
        counts = dict(
            con.execute("SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()
        )
        views = "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
        for (view,) in con.execute(views).fetchall():
            counts[view] = con.execute(f'SELECT count(*) FROM "{view}"').fetchall()[0][0]  # noqa: S608 - catalog names
        return counts

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
            "sources": sorted(set(self.requested) | self.given) or (["demo"] if self.demo_scale is not None else []),
            "message": self.redact(message)[:4000],
        }
        try:
            with self.dirs.failures.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as exc:  # the failure itself must still reach the operator
            log.error("could not append to %s: %s", self.dirs.failures, exc)
