"""Tables with translated headers and a CSV download, and empty states that say what to do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.components.i18n import TEXT, label, t


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


def localise_codes(frame: pd.DataFrame, codes: Mapping[str, str]) -> pd.DataFrame:
    """Replace stored codes by their names, e.g. {"level": "level"} maps level values."""
    out = frame.copy()
    for column, prefix in codes.items():
        if column in out.columns:
            out[column] = out[column].map(lambda v, p=prefix: v if pd.isna(v) else label(p, v))
    return out


def show_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    columns: Sequence[str] | None = None,
    codes: Mapping[str, str] | None = None,
    height: int | None = None,
) -> None:
    """Render frame with headers in the current language and a CSV download of what is shown.

    columns picks and orders columns; codes maps columns holding stored codes to their
    label prefix (see ``localise_codes``).
    """
    shown = frame[list(columns)] if columns is not None else frame
    shown = _plain_moments(_flatten_lists(localise_codes(shown, codes or {})))
    headers = _headers(shown.columns)
    shown = shown.rename(columns=headers)
    formats = {
        headers[column]: st.column_config.NumberColumn(format=fmt)
        for column, fmt in NUMBER_FORMATS.items()
        if column in headers
    }
    st.dataframe(shown, hide_index=True, width="stretch", height=height or "auto", column_config=formats)
    left, right = st.columns([1, 4], vertical_alignment="center")
    # UTF-8 with BOM so spreadsheet programs open the Chinese titles correctly.
    left.download_button(
        t("table.download"),
        shown.to_csv(index=False).encode("utf-8-sig"),
        file_name=file_name,
        mime="text/csv",
        key=f"download-{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    right.caption(t("table.rows", n=f"{len(shown):,}"))


def empty_state(message_key: str, **values: object) -> None:
    """Say why nothing is shown and what to do about it."""
    st.info(t(message_key, **values), icon=":material/info:")
