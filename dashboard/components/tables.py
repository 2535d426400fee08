"""Tables with translated headers, CSV and XLSX downloads, and empty states that say what to do."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.components import filters
from dashboard.components.i18n import TEXT, label, t

# A cell starting with one of these is run as a formula by spreadsheet programs. Titles and
# quarantined records come from outside sources, so the CSV quotes such text with a leading
# apostrophe (the XLSX stores it as text, which needs no change).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def _flatten_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells (member lists) as 'A, B' so they read well and survive CSV."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(_is_list).any():
            out[column] = out[column].map(lambda v: ", ".join(map(str, v)) if _is_list(v) else v)
    return out


# Display formats by column; the CSV keeps the raw values (shares stay 0–1 fractions).
NUMBER_FORMATS = {
    "share_p": "percent",
    "rate": "percent",
    "bytes": "bytes",
    "age_years": "%.1f",
    "adoption_delay_years": "%.1f",
    "similarity": "%.2f",
}
# Counts get thousands separators ("localized"); these integers are labels, not amounts.
PLAIN_NUMBERS = frozenset({"year", "record_no"})


def _plain_moments(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as YYYY-MM-DD and timestamps to the minute, instead of '… 00:00:00'."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            moments = out[column]
            whole_days = bool((moments.dropna() == moments.dropna().dt.normalize()).all())
            text = moments.dt.strftime("%Y-%m-%d" if whole_days else "%Y-%m-%d %H:%M")
            out[column] = text.where(moments.notna(), None)
    return out


def _headers(columns: Sequence[str]) -> dict[str, str]:
    """Translated headers; a name already taken keeps the column's own name."""
    headers: dict[str, str] = {}
    for column in columns:
        name = t(f"col.{column}") if f"col.{column}" in TEXT else column
        headers[column] = column if name in headers.values() else name
    return headers


def _defused(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so spreadsheet programs open Chinese titles correctly; no live formulas."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_defused)
    return safe.to_csv(index=False).encode("utf-8-sig")


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, str | list | tuple | np.ndarray) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def to_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """One sheet with a bold header row; text stays text even when it looks like a formula."""
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append([str(column) for column in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        ws.append([_cell(value) for value in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for index, column in enumerate(frame.columns, start=1):
        widest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))], default=8)
        ws.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 8), 60)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def localise_codes(frame: pd.DataFrame, codes: Mapping[str, str]) -> pd.DataFrame:
    """Replace stored codes by their names, e.g. {"level": "level"} maps level values."""
    out = frame.copy()
    for column, prefix in codes.items():
        if column in out.columns:
            # One lookup per distinct code, mapped in one pass: label() reads the session's
            # language, and a long list has tens of thousands of cells but a handful of codes.
            # Missing values are no key of names, so they stay missing.
            names = {v: label(prefix, v) for v in out[column].dropna().unique()}
            out[column] = out[column].map(names)
    return out


def show_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    columns: Sequence[str] | None = None,
    codes: Mapping[str, str] | None = None,
    height: int | None = None,
    selectable: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Render frame with headers in the current language, and CSV and XLSX downloads of it.

    columns picks and orders columns; codes maps columns holding stored codes to their
    label prefix (see ``localise_codes``). file_name is the download's name without suffix.
    selectable lets the user pick one row; the positions of picked rows are returned. limit
    says the query stopped at that many rows, so the user is told the list is cut.
    """
    shown = frame[list(columns)] if columns is not None else frame
    shown = _plain_moments(_flatten_lists(localise_codes(shown, codes or {})))
    headers = _headers(shown.columns)
    shown = shown.rename(columns=headers)
    formats = {
        headers[column]: st.column_config.NumberColumn(format=NUMBER_FORMATS.get(column, "localized"))
        for column in headers
        if column in NUMBER_FORMATS
        or (column not in PLAIN_NUMBERS and pd.api.types.is_integer_dtype(frame[column].dtype))
    }
    picked: list[int] = []
    if selectable:
        event = st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            height=height or "auto",
            column_config=formats,
            key=f"table-{key}",
            on_select="rerun",
            selection_mode="single-row",
        )
        picked = list(event.selection.rows)
    else:
        st.dataframe(shown, hide_index=True, width="stretch", height=height or "auto", column_config=formats)
    csv, xlsx, count = st.columns([1, 1, 4], vertical_alignment="center")
    # Files are made when clicked (deferred), so a page of tables costs nothing until then.
    csv.download_button(
        t("table.download_csv"),
        partial(to_csv, shown),
        file_name=f"{file_name}.csv",
        mime="text/csv",
        key=f"download-{key}",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
    xlsx.download_button(
        t("table.download_xlsx"),
        partial(to_xlsx, shown, file_name),
        file_name=f"{file_name}.xlsx",
        mime=XLSX_MIME,
        key=f"download-xlsx-{key}",
        icon=":material/table_view:",
        on_click="ignore",
        width="stretch",
    )
    rows = t("table.rows", n=f"{len(shown):,}")
    if limit is not None and len(shown) >= limit:
        rows += " · " + t("table.truncated", limit=f"{limit:,}")
    count.caption(rows)
    return picked


def empty_state(message_key: str, *, good_news: bool = False, **values: object) -> None:
    """Say why nothing is shown and what to do about it.

    When filters are set they are the likelier reason, so the message names them and points
    to the sidebar's button that clears them; unless the empty list is good news (nothing
    failed, everything adopted), where that hint would read as a problem.
    """
    message = t(message_key, **values)
    if filters.active_filters() and not good_news:
        message += "\n\n" + t("empty.filtered", filters=filters.scope_label())
    st.info(message, icon=":material/info:")
