"""ISO Open Data: deliverables, technical committees (with P/O members) and the ICS tree.

Licence ODC-By 1.0: "Contains information from ISO Open Data (https://www.iso.org/open-data.html),
made available under the ODC Attribution License." Field names and quirks: shared/realdata/iso/SOURCES.md.

Each dataset comes in several flavours (JSONL, CSV and Parquet; ICS as CSV or XML). A flavour only
decides how a file becomes a table (``_read_*``). From there every column is found by its official
name (``title.en`` is a CSV header or a nested key alike), so all flavours run through the same SQL,
fields added by later releases are ignored and fields missing from older ones are null.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, tostring

import duckdb
import pyarrow as pa
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as parse_xml

from etl.http import cached_meta, download
from etl.settings import CONFIG_NAME, config_path
from etl.sources import LoadContext, LoadResult

NAME = "iso"

DEFAULT_BASE_URL = "https://isopublicstorageprod.blob.core.windows.net/opendata/_latest"
BASE_URL_ENV = "ISO_OPENDATA_BASE_URL"
# The default flavour of each dataset and where it lives under the base URL.
DOWNLOADS = {
    "iso_deliverables_metadata.jsonl": "iso_deliverables_metadata/json/iso_deliverables_metadata.jsonl",
    "iso_technical_committees.jsonl": "iso_technical_committees/json/iso_technical_committees.jsonl",
    "ICS.csv": "iso_ics/csv/ICS.csv",
}
URLS = {name: f"{DEFAULT_BASE_URL}/{path}" for name, path in DOWNLOADS.items()}

MAX_LINE_BYTES = 64 * 1024**2  # one JSONL record or CSV row; scopes are long HTML, not this long


@dataclass(frozen=True)
class Dataset:
    name: str
    pattern: re.Pattern[str]
    flavours: tuple[str, ...]  # accepted file types, the one loaded first when several are present


_DATE = r"(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})"
DELIVERABLES = Dataset(
    "deliverables",
    re.compile(r"^iso_deliverables_metadata[^/]*\.(?P<flavour>jsonl|parquet|csv)$"),
    ("jsonl", "parquet", "csv"),
)
COMMITTEES = Dataset(
    "committees",
    re.compile(rf"^iso_technical_committees(?:[_-]{_DATE})?[^/]*\.(?P<flavour>jsonl|csv)$"),
    ("jsonl", "csv"),
)
ICS = Dataset("ics", re.compile(r"^ICS[^/]*\.(?P<flavour>csv|xml)$"), ("csv", "xml"))
DATASETS = (ICS, DELIVERABLES, COMMITTEES)


def dataset(path: Path) -> Dataset | None:
    """Which dataset a file is, judged by its official name."""
    return next((d for d in DATASETS if d.pattern.match(path.name)), None)


def recognises(path: Path) -> bool:
    return dataset(path) is not None


def _flavour(path: Path) -> str:
    match = next(m for d in DATASETS if (m := d.pattern.match(path.name)))
    return match["flavour"]


def snapshot_date(path: Path) -> date | None:
    """The date a committee snapshot describes: the date in its name, else the Last-Modified of
    its download; None when neither is known (the run's as-of date applies)."""
    match = COMMITTEES.pattern.match(path.name)
    if not match:
        return None
    if match["year"]:
        try:
            return date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            raise ValueError(f"{path.name}: the date in the file name is not a valid date") from None
    modified = cached_meta(path).get("last_modified")
    if modified:
        try:
            return parsedate_to_datetime(modified).date()
        except (TypeError, ValueError):
            return None
    return None


def cache_name(path: Path, as_of: date) -> str:
    """Committee files are snapshots: each is kept under its date, so history can be rebuilt."""
    match = COMMITTEES.pattern.match(path.name)
    if match:
        return f"iso_technical_committees_{(snapshot_date(path) or as_of).isoformat()}.{match['flavour']}"
    return path.name


# --- Download -----------------------------------------------------------------------------


def base_url(cache_dir: Path | None = None) -> str:
    """$ISO_OPENDATA_BASE_URL, else ``[iso] base_url`` of standards.toml, else ISO's own storage."""
    if os.environ.get(BASE_URL_ENV):
        return os.environ[BASE_URL_ENV].rstrip("/")
    # cache_dir is <database folder>/cache/iso; the configuration may sit in the database folder.
    config = config_path(cache_dir.parent.parent / CONFIG_NAME if cache_dir else None)
    if config is not None:
        url = tomllib.loads(config.read_text(encoding="utf-8")).get("iso", {}).get("base_url")
        if url:
            return str(url).rstrip("/")
    return DEFAULT_BASE_URL


def fetch(cache_dir: Path, ctx: LoadContext, staged: Path | None = None) -> list[Path]:
    """Download the default flavour of each dataset, conditionally on the cached copy.

    With ``staged``, a new body lands there and joins the cache only when the build goes live, so
    a download that breaks the build never replaces a good cached file; a 304 returns the cached copy.
    """
    base = base_url(cache_dir)
    return [
        download(
            f"{base}/{path}",
            (staged or cache_dir) / name,
            cached=cache_dir / name,
            progress=ctx.progress,
            validate=check_payload,
        )
        for name, path in DOWNLOADS.items()
    ]


def check_payload(path: Path, name: str | None = None) -> None:
    """Refuse what is not a whole data file of its flavour: an HTML error page or a cut-off body.

    Reads only the head and the tail, so it is cheap enough to run on every input of every run.
    """
    name = name or path.name
    size = path.stat().st_size
    if size == 0:
        raise ValueError(f"{name} is empty")
    with path.open("rb") as fh:
        head = fh.read(4096)
        fh.seek(max(0, size - 65536))
        tail = fh.read()
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise ValueError(f"{name} is an HTML page, not a data file")
    flavour = name.rsplit(".", 1)[-1].lower()
    if flavour != "parquet" and b"\x00" in head:
        # UTF-16 (what some spreadsheet exports write) is full of NUL bytes; UTF-8 and Windows-1252 never are.
        raise ValueError(f"{name} holds NUL bytes: it is not UTF-8 or Windows-1252 text (UTF-16?); save it as UTF-8")
    truncated = f"{name} ends in the middle of a record: the file is truncated"
    if flavour == "parquet":
        if head[:4] != b"PAR1" or tail[-4:] != b"PAR1":
            raise ValueError(
                f"{name} is not a whole Parquet file (no PAR1 marker at both ends): truncated or not Parquet"
            )
    elif flavour == "xml":
        if not tail.rstrip().endswith(b">"):
            raise ValueError(truncated)
    elif flavour in ("jsonl", "csv") and not tail.endswith(b"\n"):
        last = tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")
        if flavour == "jsonl":
            try:
                json.loads(last)
            except ValueError:
                raise ValueError(truncated) from None
        else:
            header = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
            try:
                complete = len(next(csv.reader([last]))) == len(next(csv.reader([header])))
            except (csv.Error, StopIteration):
                complete = False
            if not complete:
                raise ValueError(truncated)


# --- Load ---------------------------------------------------------------------------------


def load(files: list[Path], ctx: LoadContext) -> LoadResult:
    _prepare(ctx.con)
    found: dict[str, list[Path]] = {d.name: [] for d in DATASETS}
    for path in files:
        if (d := dataset(path)) is not None:
            found[d.name].append(path)
    result = LoadResult()
    for path in _pick(found[ICS.name], ctx):
        result.add(load_ics(path, ctx))
    for path in _pick(found[DELIVERABLES.name], ctx):
        result.add(load_deliverables(path, ctx))
    snapshots: dict[date, list[Path]] = {}
    for path in found[COMMITTEES.name]:
        snapshots.setdefault(snapshot_date(path) or ctx.as_of, []).append(path)
    for as_of, paths in sorted(snapshots.items()):
        for path in _pick(paths, ctx):
            result.add(load_committees(path, as_of, ctx))
    return result


def _pick(paths: list[Path], ctx: LoadContext) -> list[Path]:
    """One file per dataset (per snapshot date for committees): several flavours of one dataset hold
    the same records. Files given in this run win over cached ones, then the preferred flavour."""
    if not paths:
        return []

    def rank(path: Path) -> tuple[bool, int, str]:
        given_now = f"{ctx.run_id}.inputs" in path.parts
        flavours = dataset(path).flavours
        return (not given_now, flavours.index(_flavour(path)), path.name)

    chosen, *others = sorted(paths, key=rank)
    for other in others:
        ctx.notes.append(f"{other.name} not loaded: {chosen.name} holds the same dataset")
    return [chosen]


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        r"""
        -- CSV list cells: Python literals ['49.140', None] (deliverables) or bare [SABS, null, DIN]
        -- (committees). Elements never contain commas in these files.
        CREATE OR REPLACE TEMP MACRO iso_list(s) AS CASE
            WHEN s IS NULL OR trim(s) IN ('', 'None', 'null') THEN NULL
            WHEN NOT (starts_with(trim(s), '[') AND ends_with(trim(s), ']')) THEN [trim(s)]
            WHEN trim(s) = '[]' THEN []::VARCHAR[]
            ELSE list_transform(
                string_split(substr(trim(s), 2, length(trim(s)) - 2), ','),
                lambda x: CASE WHEN trim(x) IN ('', 'None', 'null') THEN NULL ELSE trim(trim(x), '''"') END)
            END;
        -- Character references (&#8217; &#x2019;) and the named entities Word and editors emit.
        CREATE OR REPLACE TEMP MACRO iso_entities(s) AS
            replace(replace(replace(replace(replace(replace(
                array_to_string(list_transform(string_split(s, '&#'), lambda part, i: CASE
                    WHEN i = 1 THEN part
                    WHEN regexp_matches(part, '^[0-9]{1,7};')
                        THEN coalesce(try(chr(regexp_extract(part, '^([0-9]+);', 1)::INTEGER)), '')
                             || regexp_replace(part, '^[0-9]+;', '')
                    WHEN regexp_matches(part, '^[xX][0-9a-fA-F]{1,6};')
                        THEN coalesce(try(chr(('0x' || regexp_extract(part, '^[xX]([0-9a-fA-F]+);', 1))::INTEGER)), '')
                             || regexp_replace(part, '^[xX][0-9a-fA-F]+;', '')
                    ELSE '&#' || part END), ''),
            '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&apos;', ''''), '&amp;', '&');
        -- HTML (often Word-generated) to plain text: comments and tags go, block ends become line
        -- breaks, runs of blanks collapse.
        CREATE OR REPLACE TEMP MACRO iso_html_text(s) AS nullif(regexp_replace(regexp_replace(regexp_replace(
            iso_entities(regexp_replace(regexp_replace(regexp_replace(s,
                '<!--.*?-->', '', 'gs'),
                '</?(br|p|li|div|h[1-6]|tr|ol|ul)\b[^>]*>', chr(10), 'gi'),
                '<[^>]*>', '', 'gs')),
            '[ \t\r\f\x{00A0}]+', ' ', 'g'),
            ' ?\n[\n ]*', chr(10), 'g'),
            '^\s+|\s+$', '', 'g'), '');
        """
    )


# --- Reading any flavour into canonical columns -------------------------------------------


@dataclass(frozen=True)
class Field:
    column: str  # name in the canonical raw table
    path: str  # official name: a CSV header, or a dotted path of nested JSON/Parquet keys
    type: str  # DuckDB type; "T[]" for lists


def _read(path: Path, fields: tuple[Field, ...], ctx: LoadContext) -> int:
    """Read one file of any flavour into ``iso_raw`` (record_no, parse_problem, the fields' columns),
    keeping the file's own rows in ``iso_src`` for quarantine. Returns the records read, rows the
    CSV reader rejected included (they are quarantined here)."""
    check_payload(path)
    flavour = _flavour(path)
    rejected = 0
    if flavour == "jsonl":
        _read_jsonl(ctx.con, path, fields)
    elif flavour == "csv":
        rejected = _read_csv(path, ctx)
    elif flavour == "parquet":
        _read_parquet(ctx.con, path)
    else:
        _read_ics_xml(ctx.con, path)
    columns = {name: type_ for name, type_, *_ in ctx.con.execute("DESCRIBE iso_src").fetchall()}
    select = ", ".join(f"{_expression(f, columns)} AS {f.column}" for f in fields)
    ctx.con.execute(f"CREATE OR REPLACE TEMP TABLE iso_raw AS SELECT record_no, parse_problem, {select} FROM iso_src")  # noqa: S608 - names from the field constants
    return ctx.con.execute("SELECT count(*) FROM iso_raw").fetchall()[0][0] + rejected


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _has_key(type_: str, key: str) -> bool:
    return type_.startswith("STRUCT(") and re.search(rf'[(,]\s*"?{re.escape(key)}"?\s', type_) is not None


def _expression(field: Field, columns: dict[str, str]) -> str:
    """SQL for one canonical column, found by the field's official name in whatever shape the
    flavour gives it: a flat column, a struct key, a key of every struct in a list, or absent."""
    head, _, key = field.path.partition(".")
    if field.path in columns:
        expr, type_ = _quote(field.path), columns[field.path]
    elif key and head in columns and _has_key(columns[head], key):
        type_ = columns[head]
        if type_.endswith("[]"):
            expr, type_ = f"list_transform({_quote(head)}, lambda m: m.{_quote(key)})", "LIST"
        else:
            expr, type_ = f"{_quote(head)}.{_quote(key)}", "VARCHAR"
    else:
        return f"NULL::{field.type}"
    if field.type.endswith("[]"):
        if type_.endswith("[]") or type_ == "LIST":
            return f"TRY_CAST({expr} AS {field.type})"
        return f"TRY_CAST(iso_list(TRY_CAST({expr} AS VARCHAR)) AS {field.type})"
    if field.type == "VARCHAR":
        return f"nullif(trim(TRY_CAST({expr} AS VARCHAR)), '')"
    return f"TRY_CAST(nullif(trim(TRY_CAST({expr} AS VARCHAR)), '') AS {field.type})"


def _json_structure(fields: tuple[Field, ...]) -> str:
    """The json_transform structure that types every field: ``pMembers.id`` of type BIGINT[] is
    the ``id`` of each object in the ``pMembers`` list."""
    tree: dict = {}
    for f in fields:
        head, _, key = f.path.partition(".")
        element = f.type.removesuffix("[]")
        if not key:
            tree[head] = [element] if f.type.endswith("[]") else element
        elif f.type.endswith("[]"):
            tree.setdefault(head, [{}])[0][key] = element
        else:
            tree.setdefault(head, {})[key] = element
    return json.dumps(tree)


def _read_jsonl(con: duckdb.DuckDBPyConnection, path: Path, fields: tuple[Field, ...]) -> None:
    # Lines are read as text first, so that one broken line is quarantined with its line number
    # instead of failing the whole file (chr(1) never occurs raw in valid JSON). Only broken lines
    # keep their text: holding every line would double the cost of the read.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE iso_src AS
           SELECT n AS record_no,
                  CASE WHEN NOT (valid AND object) THEN line END AS record,
                  CASE WHEN NOT valid THEN 'not valid JSON' WHEN NOT object THEN 'not a JSON object' END
                      AS parse_problem,
                  unnest(CASE WHEN valid AND object THEN json_transform(line, ?) END)
           FROM (SELECT n, line, json_valid(line) AS valid, starts_with(ltrim(line), '{') AS object
                 FROM (SELECT row_number() OVER () AS n, ltrim(line, chr(65279)) AS line
                       FROM read_csv(?, columns = {'line': 'VARCHAR'}, header = false, auto_detect = false,
                                     delim = chr(1), quote = '', escape = '', strict_mode = false,
                                     max_line_size = ?))
                 WHERE trim(line) <> '')""",
        [_json_structure(fields), str(path), MAX_LINE_BYTES],
    )


def _read_csv(path: Path, ctx: LoadContext) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        utf8 = _as_utf8(path, Path(tmp), ctx)
        header = _csv_header(utf8)
        ctx.con.execute("DROP TABLE IF EXISTS iso_rejects; DROP TABLE IF EXISTS iso_reject_scans")
        ctx.con.execute(
            """CREATE OR REPLACE TEMP TABLE iso_src AS
               SELECT row_number() OVER () AS record_no, NULL::VARCHAR AS record, NULL::VARCHAR AS parse_problem, *
               FROM read_csv(?, columns = ?, header = true, auto_detect = false, delim = ',', quote = '"',
                             escape = '"', store_rejects = true, rejects_table = 'iso_rejects',
                             rejects_scan = 'iso_reject_scans', max_line_size = ?)""",
            [str(utf8), {name: "VARCHAR" for name in header}, MAX_LINE_BYTES],
        )
    ctx.con.execute(
        """INSERT INTO quarantine
           SELECT ?, ?, ?, line, 'unreadable CSV row: ' || error_message, left(csv_line, 2000) FROM iso_rejects""",
        [ctx.run_id, ctx.source, path.name],
    )
    return ctx.con.execute("SELECT count(DISTINCT line) FROM iso_rejects").fetchall()[0][0]


def _as_utf8(path: Path, workdir: Path, ctx: LoadContext) -> Path:
    """The file itself when it is UTF-8; else a UTF-8 copy from Windows-1252 (the mid-2025
    committee CSV), or Latin-1 for bytes Windows-1252 leaves undefined."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return path
    except UnicodeDecodeError:
        pass
    target = workdir / path.name
    for encoding in ("cp1252", "latin-1"):
        try:
            with (
                path.open(encoding=encoding, newline="") as src,
                target.open("w", encoding="utf-8", newline="") as out,
            ):
                shutil.copyfileobj(src, out, 1 << 20)
        except UnicodeDecodeError:
            continue
        ctx.notes.append(f"{path.name} is not UTF-8: read as {'Windows-1252' if encoding == 'cp1252' else 'Latin-1'}")
        return target
    raise AssertionError("latin-1 decodes any byte")


def _csv_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        try:
            names = next(csv.reader(fh))
        except StopIteration:
            raise ValueError(f"{path.name} has no header row") from None
    seen: dict[str, int] = {}
    unique = []
    for i, name in enumerate(names, 1):
        name = name.strip() or f"column{i}"
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


def _read_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute(
        """CREATE OR REPLACE TEMP TABLE iso_src AS
           SELECT file_row_number + 1 AS record_no, NULL::VARCHAR AS record, NULL::VARCHAR AS parse_problem,
                  * EXCLUDE (file_row_number)
           FROM read_parquet(?, file_row_number = true)""",
        [str(path)],
    )


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _read_ics_xml(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """ICS-simple.xml into the columns of ICS.csv. A data file never needs a DTD, so any DTD or
    entity declaration is refused outright (entity-expansion and external-entity attacks)."""
    try:
        root = parse_xml(path, forbid_dtd=True, forbid_entities=True, forbid_external=True).getroot()
    except DefusedXmlException as exc:
        raise ValueError(
            f"{path.name} refused: XML with a DTD or entity declarations is not accepted ({type(exc).__name__})"
        ) from None
    except ParseError as exc:
        raise ValueError(f"{path.name} is not well-formed XML: {exc}") from None
    rows = []
    for number, element in enumerate(root, 1):
        kind = _local(element.tag)
        if kind not in ("field", "group", "subGroup"):
            continue
        row = {"record_no": number, "record": tostring(element, encoding="unicode")[:2000], "parse_problem": None}
        row |= {"identifier": None, "parent": None, "titleEn": None, "titleFr": None, "scopeEn": None, "scopeFr": None}
        for child in element:
            tag, text = _local(child.tag), (child.text or "").strip() or None
            if tag == "identifier":
                row["identifier"] = text
            elif (kind, tag) in (("group", "field"), ("subGroup", "group")):
                row["parent"] = text
            elif tag in ("title", "scope") and child.get(_XML_LANG) in ("en", "fr"):
                row[tag + child.get(_XML_LANG).capitalize()] = _text(child)
        rows.append(row)
    if not rows:
        raise ValueError(f"{path.name} holds no ICS field, group or sub-group")
    schema = pa.schema([("record_no", pa.int64()), *((name, pa.string()) for name in list(rows[0])[1:])])
    con.register("iso_xml_rows", pa.Table.from_pylist(rows, schema=schema))
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE iso_src AS SELECT * FROM iso_xml_rows")
    finally:
        con.unregister("iso_xml_rows")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: Element) -> str | None:
    return " ".join("".join(element.itertext()).split()) or None


def _quarantine(ctx: LoadContext, path: Path, table: str) -> None:
    ctx.con.execute(
        f"""INSERT INTO quarantine
            SELECT ?, ?, ?, t.record_no, t.problem, left(coalesce(s.record, to_json(s)::VARCHAR), 2000)
            FROM {table} t JOIN iso_src s USING (record_no) WHERE t.problem IS NOT NULL""",  # noqa: S608 - table names are constants
        [ctx.run_id, ctx.source, path.name],
    )


def _counts(ctx: LoadContext, table: str, read: int, path: Path) -> LoadResult:
    loaded = ctx.con.execute(f"SELECT count(*) FROM {table} WHERE problem IS NULL").fetchall()[0][0]  # noqa: S608
    return LoadResult(read, loaded, read - loaded, path.stat().st_size)


# --- ICS ----------------------------------------------------------------------------------

ICS_FIELDS = (
    Field("code", "identifier", "VARCHAR"),
    Field("parent", "parent", "VARCHAR"),
    Field("title_en", "titleEn", "VARCHAR"),
    Field("title_fr", "titleFr", "VARCHAR"),
)


def load_ics(path: Path, ctx: LoadContext) -> LoadResult:
    read = _read(path, ICS_FIELDS, ctx)
    ctx.con.execute(
        r"""CREATE OR REPLACE TEMP TABLE iso_ics AS
            SELECT *, CASE
                WHEN parse_problem IS NOT NULL THEN parse_problem
                WHEN code IS NULL THEN 'ICS row without identifier'
                WHEN NOT regexp_matches(code, '^[0-9]{2}(\.[0-9]{3}(\.[0-9]{2})?)?$')
                    THEN 'ICS identifier not of the form NN, NN.NNN or NN.NNN.NN'
                END AS problem
            FROM iso_raw"""
    )
    _quarantine(ctx, path, "iso_ics")
    # The parent follows from the code's shape when a file leaves it out.
    ctx.con.execute(
        r"""INSERT INTO stg_sector
            SELECT ?, code, coalesce(parent, CASE WHEN length(code) > 2 THEN regexp_replace(code, '\.[0-9]+$', '') END),
                   title_en, title_fr, NULL
            FROM iso_ics WHERE problem IS NULL""",
        [ctx.source],
    )
    return _counts(ctx, "iso_ics", read, path)


# --- Deliverables -------------------------------------------------------------------------

DELIVERABLE_FIELDS = (
    Field("id", "id", "BIGINT"),
    Field("deliverable_type", "deliverableType", "VARCHAR"),
    Field("supplement_type", "supplementType", "VARCHAR"),
    Field("reference", "reference", "VARCHAR"),
    Field("title_en", "title.en", "VARCHAR"),
    Field("title_fr", "title.fr", "VARCHAR"),
    Field("publication_date", "publicationDate", "VARCHAR"),
    Field("ics_codes", "icsCode", "VARCHAR[]"),
    Field("owner_committee", "ownerCommittee", "VARCHAR"),
    Field("current_stage", "currentStage", "VARCHAR"),
    Field("replaces", "replaces", "BIGINT[]"),
    Field("replaced_by", "replacedBy", "BIGINT[]"),
    Field("scope_en", "scope.en", "VARCHAR"),
)


def load_deliverables(path: Path, ctx: LoadContext) -> LoadResult:
    con = ctx.con
    read = _read(path, DELIVERABLE_FIELDS, ctx)
    # currentStage is the harmonized code without its dot, and stage 00 loses its leading zeros
    # (98 is 00.98); a dotted code is accepted too. A supplement's base is its reference up to the
    # first "/" after the document number: ISO/IEC/IEEE 8802-11:2012/Amd 1:2014 -> ISO/IEC/IEEE 8802-11:2012.
    con.execute(
        r"""CREATE OR REPLACE TEMP TABLE iso_deliverables AS
            WITH d AS (
                SELECT *,
                       CASE WHEN regexp_matches(current_stage, '^[0-9]{1,4}$') THEN lpad(current_stage, 4, '0')
                            WHEN regexp_matches(current_stage, '^[0-9]{1,2}\.[0-9]{2}$')
                                THEN replace(lpad(current_stage, 5, '0'), '.', '') END AS stage4,
                       coalesce(try_cast(publication_date AS DATE),
                                try_cast(try_cast(publication_date AS TIMESTAMP) AS DATE),
                                try_cast(publication_date || '-01' AS DATE)) AS published_on,
                       trim(regexp_replace(reference, ':[0-9]{4}.*$', '')) AS base_ref,
                       try_cast(regexp_extract(reference, ':([0-9]{4})', 1) AS INTEGER) AS ref_year,
                       regexp_extract(reference, '^([A-Z]+(?:/[A-Z]+)?)', 1) AS prefix,
                       nullif(regexp_extract(reference, '^(\S+ [^/]+?)/', 1), '') AS amended_ref
                FROM iso_raw)
            SELECT *, substr(stage4, 1, 2) || '.' || substr(stage4, 3, 2) AS stage, CASE
                WHEN parse_problem IS NOT NULL THEN parse_problem
                WHEN id IS NULL THEN 'deliverable without id'
                WHEN reference IS NULL THEN 'deliverable without reference'
                WHEN current_stage IS NULL THEN 'deliverable without currentStage'
                WHEN stage4 IS NULL THEN 'unreadable currentStage'
                WHEN publication_date IS NOT NULL AND published_on IS NULL
                     AND NOT regexp_matches(publication_date, '^[0-9]{4}$') THEN 'unreadable publicationDate'
                WHEN supplement_type IS NOT NULL AND amended_ref IS NULL THEN 'supplement without a base reference'
                END AS problem
            FROM d"""
    )
    _quarantine(ctx, path, "iso_deliverables")
    con.execute(
        """CREATE OR REPLACE TEMP TABLE iso_standards AS
           SELECT * FROM iso_deliverables WHERE problem IS NULL AND supplement_type IS NULL"""
    )
    # Supplements (Amd, Cor …) are not standards: they amend their base document.
    con.execute(
        """INSERT INTO stg_standard_link
           SELECT ?, 'iso:' || id, amended_ref, NULL, 'amends', NULL
           FROM iso_deliverables WHERE problem IS NULL AND supplement_type IS NOT NULL""",
        [ctx.source],
    )
    con.execute(
        """INSERT INTO stg_standard BY NAME
           SELECT ? AS source, 'iso:' || id AS std_id,
                  CASE WHEN prefix LIKE 'ISO/IEC%' OR prefix LIKE 'IEC/ISO%' THEN 'ISO/IEC'
                       WHEN prefix LIKE 'IEC%' THEN 'IEC' ELSE 'ISO' END AS publisher,
                  'international' AS level, reference, base_ref,
                  coalesce(ref_year, year(published_on)) AS year,
                  title_en, title_fr, stage_status(stage) AS status, stage, published_on,
                  owner_committee AS committee_ref, deliverable_type, iso_html_text(scope_en) AS scope_en,
                  ? || '#' || record_no AS origin
           FROM iso_standards""",
        [ctx.source, path.name],
    )
    con.execute(
        """INSERT INTO stg_standard_sector
           SELECT DISTINCT ?, 'iso:' || id, trim(code)
           FROM (SELECT id, unnest(ics_codes) AS code FROM iso_standards)
           WHERE nullif(trim(code), '') IS NOT NULL""",
        [ctx.source],
    )
    # replaces/replacedBy name ids; both directions describe the same edge.
    con.execute(
        """INSERT INTO stg_standard_link
           SELECT DISTINCT ?, from_std, NULL, to_std, 'replaces', NULL FROM (
               SELECT 'iso:' || id AS from_std, 'iso:' || unnest(replaces) AS to_std FROM iso_standards
               UNION ALL
               SELECT 'iso:' || unnest(replaced_by), 'iso:' || id FROM iso_standards)
           WHERE to_std IS NOT NULL AND from_std IN (SELECT 'iso:' || id FROM iso_standards)""",
        [ctx.source],
    )
    return _counts(ctx, "iso_deliverables", read, path)


# --- Technical committees -----------------------------------------------------------------

COMMITTEE_FIELDS = (
    Field("id", "id", "BIGINT"),
    Field("reference", "reference", "VARCHAR"),
    Field("status", "status", "VARCHAR"),
    Field("title_en", "title.en", "VARCHAR"),
    Field("title_fr", "title.fr", "VARCHAR"),
    Field("secretariat_id", "secretariat.id", "BIGINT"),
    Field("secretariat_acronym", "secretariat.acronym", "VARCHAR"),
    Field("creation_date", "creationDate", "VARCHAR"),
    Field("parent_id", "parentId", "BIGINT"),
    Field("p_ids", "pMembers.id", "BIGINT[]"),
    Field("p_acronyms", "pMembers.acronym", "VARCHAR[]"),
    Field("o_ids", "oMembers.id", "BIGINT[]"),
    Field("o_acronyms", "oMembers.acronym", "VARCHAR[]"),
)


def load_committees(path: Path, as_of: date, ctx: LoadContext) -> LoadResult:
    con = ctx.con
    read = _read(path, COMMITTEE_FIELDS, ctx)
    # The CSV flavour gives ids and acronyms as two lists matched by position; lists of different
    # lengths cannot be matched safely, so such a committee is refused rather than misattributed.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE iso_committees AS
           SELECT *, CASE
               WHEN parse_problem IS NOT NULL THEN parse_problem
               WHEN reference IS NULL THEN 'committee without reference'
               WHEN id IS NULL THEN 'committee without id'
               WHEN coalesce(len(p_ids), 0) <> coalesce(len(p_acronyms), 0)
                   THEN 'pMembers.id and pMembers.acronym differ in length'
               WHEN coalesce(len(o_ids), 0) <> coalesce(len(o_acronyms), 0)
                   THEN 'oMembers.id and oMembers.acronym differ in length'
               END AS problem
           FROM iso_raw"""
    )
    _quarantine(ctx, path, "iso_committees")
    # A member listed without an acronym takes the acronym its id has elsewhere in the file, else
    # a name from its id (iso.org/member/<id>.html): it is kept, never dropped.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE iso_members AS
           WITH listed AS (
               SELECT reference AS committee_ref, 'secretariat' AS role, secretariat_id AS member_id,
                      secretariat_acronym AS acronym
               FROM iso_committees WHERE problem IS NULL
               UNION ALL
               SELECT reference, 'P', unnest(p_ids), unnest(p_acronyms) FROM iso_committees WHERE problem IS NULL
               UNION ALL
               SELECT reference, 'O', unnest(o_ids), unnest(o_acronyms) FROM iso_committees WHERE problem IS NULL
           ),
           named AS (
               SELECT member_id, min(trim(acronym)) AS acronym FROM listed
               WHERE member_id IS NOT NULL AND nullif(trim(acronym), '') IS NOT NULL GROUP BY member_id
           )
           SELECT DISTINCT committee_ref, role, member FROM (
               SELECT l.committee_ref, l.role,
                      coalesce(nullif(trim(l.acronym), ''), n.acronym, 'member/' || l.member_id) AS member
               FROM listed l LEFT JOIN named n USING (member_id))
           WHERE member IS NOT NULL"""
    )
    con.execute(
        """INSERT INTO stg_committee
           SELECT ?, c.reference, split_part(c.reference, '/', 1), c.title_en, p.reference, s.member,
                  try_cast(c.creation_date AS DATE), c.status, ?
           FROM iso_committees c
           LEFT JOIN iso_committees p ON p.id = c.parent_id AND p.problem IS NULL
           LEFT JOIN (SELECT committee_ref, min(member) AS member FROM iso_members
                      WHERE role = 'secretariat' GROUP BY 1) s ON s.committee_ref = c.reference
           WHERE c.problem IS NULL""",
        [ctx.source, as_of],
    )
    con.execute(
        "INSERT INTO stg_membership SELECT ?, ?, committee_ref, member, role FROM iso_members",
        [ctx.source, as_of],
    )
    con.execute(
        "INSERT INTO stg_member_body SELECT DISTINCT ?, member, NULL, NULL, NULL FROM iso_members",
        [ctx.source],
    )
    return _counts(ctx, "iso_committees", read, path)
