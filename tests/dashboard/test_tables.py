"""Downloads: CSV and XLSX of what a table shows, safe to open in a spreadsheet program."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from dashboard.components import tables
from tests.dashboard.apptest import open_app

FRAME = pd.DataFrame(
    {
        "标准号": ["GB/T 9061-2006", '=HYPERLINK("http://x")'],
        "名称": ["金属切削机床 通用技术条件", "+cmd|' /C calc'!A0"],
        "标龄（年）": [19.4, None],
        "发布日期": [pd.Timestamp("2006-02-15"), pd.NaT],
        "成员": ["SAC, DIN", "bell\x07 inside"],
    }
)


def test_csv_has_bom_headers_and_no_live_formulas() -> None:
    data = tables.to_csv(FRAME)

    assert data.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == list(FRAME.columns)
    assert back["标准号"].tolist() == ["GB/T 9061-2006", '\'=HYPERLINK("http://x")']
    assert back["名称"].iloc[1].startswith("'+cmd")


def test_xlsx_keeps_text_as_text() -> None:
    book = load_workbook(io.BytesIO(tables.to_xlsx(FRAME, "standards")))
    sheet = book["standards"]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == tuple(FRAME.columns)
    assert rows[1][:3] == ("GB/T 9061-2006", "金属切削机床 通用技术条件", 19.4)
    assert rows[1][3].date().isoformat() == "2006-02-15"
    # Formula-looking text is stored as text, not as a formula; control characters are dropped.
    assert sheet["A3"].data_type == "s" and sheet["A3"].value == '=HYPERLINK("http://x")'
    assert rows[2][2:4] == (None, None)
    assert rows[2][4] == "bell inside"
    assert sheet.freeze_panes == "A2"


def test_every_table_offers_csv_and_xlsx(served: Path) -> None:
    at = open_app("data_status", lang="en")

    buttons = list(at.get("download_button"))
    labels = [button.proto.label for button in buttons]
    # Five tables on the page, each with both downloads; the files are made when clicked.
    assert labels.count("Download CSV") == labels.count("Download XLSX") == 5
    assert all(button.proto.deferred_file_id for button in buttons)
