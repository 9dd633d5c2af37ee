"""How the bad-input corpus in this folder was made: `python tests/data/bad/make_corpus.py`.

The files are committed (they are the test data); this script documents each one and can remake
them. Every file is a day's drop of one source as a bureau, market or platform might send it.
Expected verdicts live in tests/test_bad_corpus.py.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from ingest.layouts import INSPECTION_FIELDS, LICENSE_FIELDS, MERCHANT_FIELDS, PENALTY_FIELDS  # noqa: E402
from ingest.simulator import apis, exchange, wholesale  # noqa: E402
from ingest.simulator import gov_penalties as penalties_sim  # noqa: E402
from ingest.simulator.files import workbook_bytes  # noqa: E402
from ingest.simulator.registry import region  # noqa: E402

HERE = Path(__file__).resolve().parent
SEED = 20260401
DAY = dt.date(2026, 11, 20)


def clean_penalties(n: int = 12) -> list[dict]:
    return penalties_sim.clean_records(SEED, DAY, n)


def org_rows(rows: list[dict]) -> list[int]:
    return [i for i, r in enumerate(rows) if r["subject_category"] != "自然人"]


def csv_text(fields, rows, headers=None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers or [f.header for f in fields])
    for r in rows:
        w.writerow(["" if r.get(f.column) is None else str(r.get(f.column)) for f in fields])
    return buf.getvalue()


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def penalties_csv(name: str, rows: list[dict], encoding: str = "gbk", headers=None) -> None:
    write(name, csv_text(PENALTY_FIELDS, rows, headers).encode(encoding))


def main() -> None:
    base = clean_penalties()
    orgs = org_rows(base)
    day = f"{DAY:%Y%m%d}"

    # --- encodings and file shape -------------------------------------------------------------
    write(f"penalties_big5_{day}.csv", csv_text(PENALTY_FIELDS, base).encode("big5", errors="replace"))
    penalties_csv(f"penalties_utf8_bom_{day}.csv", base, "utf-8-sig")
    mixed = csv_text(PENALTY_FIELDS, base).splitlines(keepends=True)
    write(
        f"penalties_mixed_encodings_{day}.csv",
        b"".join(line.encode("utf-8" if i % 3 == 1 else "gbk") for i, line in enumerate(mixed)),
    )
    full = csv_text(PENALTY_FIELDS, base).encode("gbk")
    write(f"penalties_truncated_{day}.csv", full[: int(len(full) * 0.6)])
    write(f"penalties_empty_{day}.csv", b"")
    penalties_csv(f"penalties_header_only_{day}.csv", [])
    write(
        f"penalties_nul_bytes_{day}.csv", csv_text(PENALTY_FIELDS, base).encode("gbk").replace(b"\r\n", b"\x00\r\n", 3)
    )

    # --- columns ----------------------------------------------------------------------------------
    headers = [f.header for f in PENALTY_FIELDS]
    penalties_csv(
        f"penalties_extra_column_{day}.csv", [{**r} for r in base], headers=headers
    )  # rewritten below with the extra column
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([*headers, "联系人电话"])
    for r in base:
        w.writerow(["" if r.get(f.column) is None else str(r.get(f.column)) for f in PENALTY_FIELDS] + ["0517-8888"])
    write(f"penalties_extra_column_{day}.csv", buf.getvalue().encode("gbk"))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    keep = [f for f in PENALTY_FIELDS if f.column != "legal_basis"]
    w.writerow([f.header for f in keep])
    for r in base:
        w.writerow(["" if r.get(f.column) is None else str(r.get(f.column)) for f in keep])
    write(f"penalties_missing_column_{day}.csv", buf.getvalue().encode("gbk"))
    penalties_csv(
        f"penalties_renamed_column_{day}.csv", base, headers=[("处罚种类" if h == "处罚类别" else h) for h in headers]
    )

    # --- rows and keys ----------------------------------------------------------------------------
    penalties_csv(f"penalties_duplicated_rows_{day}.csv", [*base, copy.deepcopy(base[0]), copy.deepcopy(base[0])])
    conflict = copy.deepcopy(base[1])
    conflict["fine_wan"] = 88.0
    penalties_csv(f"penalties_key_two_contents_{day}.csv", [*base, conflict])

    # --- identifiers ------------------------------------------------------------------------------
    rows = copy.deepcopy(base)
    u = rows[orgs[0]]["uscc"]
    rows[orgs[0]]["uscc"] = u[:-1] + ("0" if u[-1] != "0" else "1")
    penalties_csv(f"penalties_bad_uscc_check_{day}.csv", rows)
    rows = copy.deepcopy(base)
    rows[orgs[0]]["uscc"] = rows[orgs[0]]["uscc"][:6] + "******" + rows[orgs[0]]["uscc"][12:]
    penalties_csv(f"penalties_masked_uscc_{day}.csv", rows)
    rows = copy.deepcopy(base)
    rows[orgs[0]]["uscc"] = rows[orgs[0]]["uscc"].lower()
    rows[orgs[1]]["uscc"] = rows[orgs[1]]["uscc"].translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    penalties_csv(f"penalties_lowercase_fullwidth_uscc_{day}.csv", rows, "gb18030")
    rows = copy.deepcopy(base)
    letters = [e for e in region(SEED).entities if e.uscc[0] in "NYA"][:3]
    for i, e in zip(orgs, letters, strict=False):
        rows[i].update(uscc=e.uscc, subject_name=e.name, subject_category=e.category)
    penalties_csv(f"penalties_letter_authority_codes_{day}.csv", rows)

    # --- dates and amounts ------------------------------------------------------------------------
    rows = copy.deepcopy(base)
    rows[0]["decided_on"] = "2026-02-30"
    penalties_csv(f"penalties_impossible_date_{day}.csv", rows)
    rows = copy.deepcopy(base)
    rows[0]["decided_on"] = "2027-03-01"
    penalties_csv(f"penalties_future_date_{day}.csv", rows)
    wb = Workbook()
    wb.active.append([f.header for f in PENALTY_FIELDS])
    for r in base:
        values = []
        for f in PENALTY_FIELDS:
            v = r.get(f.column)
            if f.kind == "date" and isinstance(v, dt.date):
                v = (v - dt.date(1899, 12, 30)).days  # the serial number a date column shows as
            values.append(None if v == "" else v)
        wb.active.append(values)
    write(f"penalties_excel_serial_dates_{day}.xlsx", workbook_bytes(wb, DAY))
    rows = copy.deepcopy(base)
    rows[0]["fine_wan"], rows[1]["fine_wan"], rows[2]["fine_wan"] = "1,234.5万", "12万元", "３.５"
    penalties_csv(f"penalties_amounts_with_units_{day}.csv", rows, "gb18030")
    rows = copy.deepcopy(base)
    rows[0]["fine_wan"] = -5
    penalties_csv(f"penalties_negative_amount_{day}.csv", rows)

    # --- hostile text -----------------------------------------------------------------------------
    rows = copy.deepcopy(base)
    rows[0]["violation_facts"] = "<script>alert('x')</script><b>违法</b>"
    penalties_csv(f"penalties_html_in_text_{day}.csv", rows)
    rows = copy.deepcopy(base)
    rows[0]["violation_facts"] = '=HYPERLINK("http://evil.example","点击")'
    rows[1]["remarks"] = "+1+1"
    rows[2]["remarks"] = "@SUM(A1:A9)"
    penalties_csv(f"penalties_formula_strings_{day}.csv", rows)
    rows = copy.deepcopy(base)
    rows[0]["remarks"] = "'; DROP TABLE marts.dim_market_entity; --"
    penalties_csv(f"penalties_sql_strings_{day}.csv", rows)
    rows = copy.deepcopy(base)
    rows[0]["violation_facts"] = "经查属实。" * 2000  # 10,000 characters
    penalties_csv(f"penalties_long_field_{day}.csv", rows)
    rows = copy.deepcopy(base)
    rows[0]["remarks"] = "消费者很满意😀，店名含生僻字𠀀"
    penalties_csv(f"penalties_emoji_rare_cjk_{day}.csv", rows, "utf-8")

    # --- workbook shape ---------------------------------------------------------------------------
    wb = Workbook()
    notes = wb.active
    notes.title = "填报说明"
    notes.append(["本表按国家双公示标准填报"])
    ws = wb.create_sheet("行政处罚")
    ws.append(["淮安市行政处罚信息公示表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PENALTY_FIELDS))
    ws.append([f.header for f in PENALTY_FIELDS])
    for r in base:
        ws.append([None if r.get(f.column) in ("", None) else r.get(f.column) for f in PENALTY_FIELDS])
    write(f"penalties_merged_title_several_sheets_{day}.xlsx", workbook_bytes(wb, DAY))
    write(
        f"penalties_truncated_{day}.xlsx",
        (HERE / f"penalties_merged_title_several_sheets_{day}.xlsx").read_bytes()[:900],
    )

    # --- other file sources -----------------------------------------------------------------------
    market = wholesale.markets(SEED)[1]
    recs = wholesale.day_records(SEED, market, DAY)
    spelled = {"stall_no": "档口号", "uscc": "信用代码"}
    fields = [f for f in MERCHANT_FIELDS if f.column != "market_id"]
    write(
        f"HA02_商户_{day}.csv",
        csv_text(fields, recs["merchants"], [spelled.get(f.column, f.header) for f in fields]).encode("utf-8-sig"),
    )
    bad = copy.deepcopy(recs["inspections"])
    bad[0]["result"] = "不合格品"
    bad[1]["result"] = "合 格"
    ifields = [f for f in INSPECTION_FIELDS if f.column != "market_id"]
    write(f"HA01_抽检_{day}.csv", csv_text(ifields, bad).encode("gbk"))
    lic = exchange.license_records(SEED, DAY)[:10]
    lic[0]["license_category"] = "07"
    write(f"licenses_unknown_category_{day}.csv", csv_text(LICENSE_FIELDS, lic).encode("gbk"))

    # --- API pages ----------------------------------------------------------------------------------
    page = apis.ecommerce(SEED, "A", "reviews", DAY)[:20]
    (HERE / "ecommerce_reviews_page_missing_field.json").write_text(
        json.dumps(
            {"data": [{k: v for k, v in r.items() if k != "rating"} for r in page], "next_cursor": None},
            ensure_ascii=False,
            indent=1,
        )
    )
    wrong = copy.deepcopy(page)
    wrong[0]["rating"] = "five"
    wrong[1]["updatedAt"] = 1.5
    (HERE / "ecommerce_reviews_page_wrong_type.json").write_text(
        json.dumps({"data": wrong, "next_cursor": None}, ensure_ascii=False, indent=1)
    )


if __name__ == "__main__":
    main()
