"""Exports neutralise spreadsheet formula injection and round-trip through openpyxl with Chinese headers."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from credit.publish.spreadsheets import safe_cell, write_csv, write_xlsx

HEADERS = ["主体名称", "统一社会信用代码", "备注", "金额（万元）", "日期"]
ROWS = [
    [
        "淮安华远科技有限公司",
        "91320812MA1XY0000X",
        '=HYPERLINK("http://evil.example","点击")',
        12.5,
        dt.date(2026, 11, 20),
    ],
    ["@SUM(A1:A9)", "+86", "-1+1", -3.0, None],
    ["\t=cmd|' /C calc'!A0", "普通文本", "消费者很满意😀𠀀", 0, dt.date(2026, 2, 14)],
]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_text_that_could_be_a_formula_is_quoted(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert safe_cell(-3.5) == -3.5
    assert safe_cell("淮安") == "淮安"
    assert safe_cell(None) is None


def test_xlsx_round_trips_with_chinese_headers_and_no_live_formula(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名单.xlsx", HEADERS, ROWS)
    ws = load_workbook(path).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == HEADERS
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", f"formula in {cell.coordinate}"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert values[1][3] == 12.5 and values[2][3] == -3.0  # numbers stay numbers
    assert values[3][2] == "消费者很满意😀𠀀"


def test_csv_is_utf8_with_bom_and_quoted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名单.csv", HEADERS, ROWS)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == HEADERS
    assert rows[1][2].startswith("'=HYPERLINK")
    assert rows[2][0] == "'@SUM(A1:A9)" and rows[2][1] == "'+86"
    assert rows[1][4] == "2026-11-20"
