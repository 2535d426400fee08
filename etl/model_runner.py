"""The SQL models, run in order; a model whose inputs are those of the served build is not run again.

A model's inputs are its own text, the tables and macros it names and the ``metric_config``
settings it reads (``key = '…'``). Every table a model makes and another reads is recorded in
``model_run`` with a digest of its content (its columns, row count and the sum of its row hashes);
tables no model makes (staging, reference data, history) are digested when read. A run that starts from a
copy of the served build skips every model whose key (text, digests of what it reads, settings)
is the one recorded there: its tables in the copy are the ones it would make. So a nightly run on
a day when no input changed evaluates again only what the moved as-of date reaches, and stops
wherever a model's tables come out the same as before (a new date that changes no standard's
status leaves every model on ``standard`` alone).

Names are found by matching words of the SQL against the tables and macros there are, which can
only find more inputs than a model really has: a false match costs a needless run, never a stale
table. Two rules keep that true: a model reads ``metric_config`` by key (``key = '…'``), and a
macro reads no table (its text is its digest). Temporary tables and macros do not outlive a
build: a model that runs again and needs one made by a skipped model runs that model again first.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

MODEL_RUN_DDL = """CREATE TABLE model_run (
    model VARCHAR, key VARCHAR, object VARCHAR, digest VARCHAR, seconds DOUBLE)"""

_CREATE = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(TEMP(?:ORARY)?\s+)?(TABLE|MACRO|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)",
    re.IGNORECASE,
)
_DROP = re.compile(r"\bDROP\s+(?:TABLE|MACRO|VIEW)\s+(?:IF\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_SETTING = re.compile(r"\bkey\s*=\s*'(\w+)'")
_WORD = re.compile(r"[A-Za-z_]\w*")
_COMMENT = re.compile(r"--[^\n]*")


@dataclass(frozen=True)
class Model:
    name: str
    sql: str
    creates: dict[str, str]  # object -> "table", "view" or "macro"
    temporary: frozenset[str]  # the created objects that end with the connection
    words: frozenset[str]  # every identifier-like word of the code, lower case
    settings: tuple[str, ...]  # metric_config keys it reads

    @classmethod
    def read(cls, path: Path) -> Model:
        sql = path.read_text(encoding="utf-8")
        # Comments name tables too ("see overlap_title"); they are no input.
        code = _COMMENT.sub("", sql)
        creates, temporary = {}, set()
        for temp, kind, name in _CREATE.findall(code):
            creates[name.lower()] = kind.lower()
            if temp:
                temporary.add(name.lower())
        # What it drops again is scratch, neither made for others nor read from them.
        scratch = {name.lower() for name in _DROP.findall(code)}
        for name in scratch:
            creates.pop(name, None)
            temporary.discard(name)
        words = frozenset(w.lower() for w in _WORD.findall(code)) - scratch
        return cls(path.name, sql, creates, frozenset(temporary), words, tuple(sorted(set(_SETTING.findall(code)))))


def read_models(paths: list[Path]) -> list[Model]:
    return [Model.read(p) for p in sorted(paths)]


Previous = dict[str, tuple[str, dict[str, str | None]]]  # model -> (key, object -> digest, None: not taken)


def previous_runs(con: duckdb.DuckDBPyConnection) -> Previous:
    """What the build in ``con`` recorded of its models; empty when it recorded nothing."""
    if not con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = 'model_run'"
    ).fetchall()[0][0]:
        return {}
    runs: Previous = {}
    for model, key, obj, digest in con.execute("SELECT model, key, object, digest FROM model_run").fetchall():
        runs.setdefault(model, (key, {}))[1][obj] = digest
    return runs


class ModelRunner:
    """Runs ``models`` on ``con``, skipping those whose key matches ``previous``; ``before(model)``
    is called before each model is taken up (for progress)."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        models: list[Model],
        previous: Previous | None = None,
        before: Callable[[Model], None] = lambda _: None,
    ) -> None:
        self.con = con
        self.models = models
        self.previous = previous or {}
        self.before = before
        self.made_by = {obj: m for m in models for obj in m.creates}
        self.digests: dict[str, str | None] = {}
        self.keys: dict[str, str] = {}
        self.reads: dict[str, list[str]] = {}
        self.seconds: dict[str, float] = {}
        self.absent: set[str] = set()  # temporary objects of skipped models
        self.ran: list[str] = []
        self.skipped: list[str] = []
        # Tables and macros no model makes: what the models start from.
        self.start = {name: kind for name, kind in self._objects().items() if name not in self.made_by}

    def run(self) -> None:
        known = set(self.start)
        for model in self.models:
            self.before(model)
            reads = self.reads[model.name] = self._reads(model, known)
            known |= set(model.creates)
            key = self._key(model, reads)
            self.keys[model.name] = key
            prior = self.previous.get(model.name)
            if prior is not None and prior[0] == key and self._persistent_present(model):
                self.digests.update(prior[1])
                self.absent |= model.temporary
                self.skipped.append(model.name)
                continue
            self._execute(model, reads)

    def record(self) -> None:
        """Write ``model_run``: every model's key, the digests of what it made, and the seconds it
        took in this run (null when its tables were reused)."""
        self.con.execute("DROP TABLE IF EXISTS model_run")
        self.con.execute(MODEL_RUN_DDL)
        rows = [
            (model.name, self.keys[model.name], obj, self.digests[obj], self.seconds.get(model.name))
            for model in self.models
            for obj in model.creates
            if model.name in self.keys
        ]
        self.con.executemany("INSERT INTO model_run VALUES (?, ?, ?, ?, ?)", rows)

    # -- inside ------------------------------------------------------------------------------

    def _reads(self, model: Model, known: set[str]) -> list[str]:
        # A model reading settings by key depends on those values only, not on the whole table.
        ignored = set(model.creates) | ({"metric_config"} if model.settings else set())
        return sorted((model.words & known) - ignored)

    def _key(self, model: Model, reads: list[str]) -> str:
        digest = hashlib.sha256(model.sql.encode())
        for name in reads:
            digest.update(f"\0{name}={self._digest(name)}".encode())
        if model.settings:
            values = dict(
                self.con.execute(
                    "SELECT key, value FROM metric_config WHERE list_contains(?, key)", [list(model.settings)]
                ).fetchall()
            )
            for setting in model.settings:
                digest.update(f"\0{setting}:={values.get(setting)}".encode())
        return digest.hexdigest()

    def _digest(self, name: str) -> str:
        # Digested when first read: a table nothing reads (most marts) costs no scan.
        if self.digests.get(name) is None:
            producer = self.made_by.get(name)
            self.digests[name] = self._content(name, producer.creates[name] if producer else self.start[name])
        return self.digests[name]

    def _content(self, name: str, kind: str) -> str:
        if kind == "macro":
            rows = self.con.execute(
                "SELECT list(macro_definition ORDER BY macro_definition) FROM duckdb_functions() "
                "WHERE function_name = ? AND function_type LIKE '%macro'",
                [name],
            ).fetchall()
            return hashlib.sha256(repr(rows).encode()).hexdigest()
        columns = self.con.execute(
            "SELECT list(column_name || ' ' || data_type ORDER BY column_index) FROM duckdb_columns() "
            "WHERE table_name = ? AND schema_name = 'main'",
            [name],
        ).fetchall()[0][0]
        # Row hashes summed, not xor-ed: two equal rows must not cancel out.
        count, total = self.con.execute(f'SELECT count(*), sum(hash(t)) FROM "{name}" t').fetchall()[0]  # noqa: S608 - catalog names
        return f"{hashlib.sha256(repr(columns).encode()).hexdigest()[:16]}:{count}:{total}"

    def _persistent_present(self, model: Model) -> bool:
        present = self._objects()
        return all(obj in present for obj in model.creates if obj not in model.temporary)

    def _objects(self) -> dict[str, str]:
        return {name.lower(): kind for name, kind in self.con.execute(_OBJECTS).fetchall()}

    def _execute(self, model: Model, reads: list[str]) -> None:
        # A temporary input a skipped model made is not there: that model runs again first.
        for name in reads:
            if name in self.absent:
                producer = self.made_by[name]
                self.skipped.remove(producer.name)
                self._execute(producer, self.reads[producer.name])
        for obj, kind in model.creates.items():
            self.con.execute(f'DROP {kind.upper()} IF EXISTS "{obj}"')
        start = time.perf_counter()
        try:
            self.con.execute(model.sql)
        except duckdb.Error as exc:
            raise ModelError(f"SQL model {model.name} failed: {exc}") from exc
        for obj, kind in model.creates.items():
            # Temporary objects now, while they exist; the rest when read (see _digest).
            self.digests[obj] = self._content(obj, kind) if obj in model.temporary else None
        self.seconds[model.name] = time.perf_counter() - start
        self.absent -= set(model.creates)
        self.ran.append(model.name)


class ModelError(RuntimeError):
    pass


_OBJECTS = """
SELECT table_name, 'table' FROM duckdb_tables() WHERE database_name IN (current_database(), 'temp')
UNION SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal AND database_name IN (current_database(), 'temp')
UNION SELECT function_name, 'macro' FROM duckdb_functions()
      WHERE function_type LIKE '%macro' AND NOT internal AND database_name IN (current_database(), 'temp')
"""
