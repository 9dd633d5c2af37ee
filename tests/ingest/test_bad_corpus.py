"""The bad-input corpus (tests/fixtures/bad/, made by make_corpus.py): every file gets its verdict.

A verdict is the gate's: `passed`, `passed_with_warnings` with the rules that quarantined rows, or
`blocked` with the rule that stopped the batch. No case may end in a traceback, and for every batch
rows received = accepted + quarantined + skipped. The real-world cases also say what was skipped as
not a record, how many rows were accepted, and what personal numbers were masked; no planted
identity, phone or bank-card number may be found anywhere in the lake.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from credit.core import config, lake
from credit.gate.batches import BLOCKED, PASSED, PASSED_WITH_WARNINGS, run_gate
from credit.ingest.catalog import dataset
from credit.ingest.connectors import CONNECTORS
from credit.ingest.sources.http_api import write_pages

CORPUS = Path(__file__).parent.parent / "fixtures" / "bad"
# what make_corpus.py plants in free text (the test must not import the maker: it uses the simulator)
PLANTED = ("320803199001011237", "13812345678", "83456789", "6222021234567890128")
DAY = dt.date(2026, 11, 20)
D = f"{DAY:%Y%m%d}"
OK, WARN, BLOCK = PASSED, PASSED_WITH_WARNINGS, BLOCKED

# file -> (dataset, verdict, rules: the quarantining rules (warnings) or the blocking rule)
CASES: dict[str, tuple[str, str, set[str]]] = {
    f"penalties_big5_{D}.csv": ("gov_penalties.penalties", BLOCK, {"schema_no_missing_columns"}),
    f"penalties_utf8_bom_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_mixed_encodings_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_truncated_{D}.csv": ("gov_penalties.penalties", WARN, {"values_readable"}),
    f"penalties_empty_{D}.csv": ("gov_penalties.penalties", BLOCK, {"file_readable"}),
    f"penalties_header_only_{D}.csv": ("gov_penalties.penalties", BLOCK, {"volume_in_range"}),
    f"penalties_nul_bytes_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_extra_column_{D}.csv": ("gov_penalties.penalties", BLOCK, {"schema_no_unknown_columns"}),
    f"penalties_missing_column_{D}.csv": ("gov_penalties.penalties", BLOCK, {"schema_no_missing_columns"}),
    f"penalties_renamed_column_{D}.csv": ("gov_penalties.penalties", BLOCK, {"schema_no_missing_columns"}),
    f"penalties_duplicated_rows_{D}.csv": ("gov_penalties.penalties", WARN, {"key_unique"}),
    f"penalties_key_two_contents_{D}.csv": ("gov_penalties.penalties", WARN, {"key_unique"}),
    f"penalties_bad_uscc_check_{D}.csv": ("gov_penalties.penalties", WARN, {"uscc_valid"}),
    f"penalties_masked_uscc_{D}.csv": ("gov_penalties.penalties", WARN, {"uscc_valid"}),
    f"penalties_lowercase_fullwidth_uscc_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_letter_authority_codes_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_impossible_date_{D}.csv": ("gov_penalties.penalties", WARN, {"values_readable", "decided_on_required"}),
    f"penalties_future_date_{D}.csv": ("gov_penalties.penalties", WARN, {"decided_on_in_range"}),
    f"penalties_excel_serial_dates_{D}.xlsx": ("gov_penalties.penalties", OK, set()),
    f"penalties_amounts_with_units_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_negative_amount_{D}.csv": ("gov_penalties.penalties", WARN, {"fine_wan_non_negative"}),
    f"penalties_html_in_text_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_formula_strings_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_sql_strings_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_long_field_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_emoji_rare_cjk_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_merged_title_several_sheets_{D}.xlsx": ("gov_penalties.penalties", OK, set()),
    f"penalties_truncated_{D}.xlsx": ("gov_penalties.penalties", BLOCK, {"file_readable"}),
    f"HA02_商户_{D}.csv": ("wholesale.merchants", OK, set()),
    f"HA01_抽检_{D}.csv": ("wholesale.inspections", WARN, {"result_known"}),
    f"licenses_unknown_category_{D}.csv": ("gov_licenses.licenses", WARN, {"license_category_known"}),
    "ecommerce_reviews_page_missing_field.json": ("ecommerce.reviews", BLOCK, {"schema_no_missing_columns"}),
    "ecommerce_reviews_page_wrong_type.json": ("ecommerce.reviews", WARN, {"values_readable", "rating_required"}),
    # --- real-world input (make_corpus.real_world) ----------------------------------------------
    f"penalties_id_phone_in_free_text_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"licenses_id_phone_in_free_text_{D}.csv": ("gov_licenses.licenses", OK, set()),
    f"commitments_id_in_content_{D}.csv": ("commitments.commitments", OK, set()),
    f"HA09_商户_{D}.csv": ("wholesale.merchants", OK, set()),
    f"HA10_抽检_{D}.csv": ("wholesale.inspections", OK, set()),
    f"penalties_phone_in_extra_column_{D}.csv": ("gov_penalties.penalties", BLOCK, {"schema_no_unknown_columns"}),
    "ecommerce_reviews_page_pii_in_content.json": ("ecommerce.reviews", OK, set()),
    f"HA04_交易_{D}.csv": ("wholesale.trades", OK, set()),
    f"HA03_交易_{D}.xlsx": ("wholesale.trades", OK, set()),
    f"HA08_交易_{D}.xlsx": ("wholesale.trades", OK, set()),
    f"penalties_page_header_repeated_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_subtotals_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_stamp_footer_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_footer_only_{D}.csv": ("gov_penalties.penalties", BLOCK, {"volume_in_range"}),
    f"penalties_blank_separators_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_header_on_row_7_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_header_on_row_7_{D}.xlsx": ("gov_penalties.penalties", OK, set()),
    f"penalties_two_tables_one_sheet_{D}.xlsx": ("gov_penalties.penalties", OK, set()),
    f"penalties_hidden_rows_columns_{D}.xlsx": ("gov_penalties.penalties", OK, set()),
    f"penalties_protected_sheet_{D}.xlsx": ("gov_penalties.penalties", OK, set()),
    f"penalties_legacy_{D}.xls": ("gov_penalties.penalties", BLOCK, {"file_readable"}),
    f"penalties_password_protected_{D}.xlsx": ("gov_penalties.penalties", BLOCK, {"file_readable"}),
    f"penalties_sep_line_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_utf16_commas_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_utf16_tabs_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"HA05_交易_{D}.csv": ("wholesale.trades", OK, set()),
    f"HA06_交易_{D}.csv": ("wholesale.trades", WARN, {"values_readable"}),
    f"HA07_交易_{D}.csv": ("wholesale.trades", WARN, {"amount_yuan_non_negative"}),
    f"penalties_fine_in_yuan_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_serials_as_text_{D}.csv": ("gov_penalties.penalties", OK, set()),
    f"penalties_dates_as_written_{D}.csv": ("gov_penalties.penalties", OK, set()),
}

REPORT = ["title or note above the header"] * 2 + ["totals row (合计)", "blank line", "footer (填表人)"]
# file -> (rows accepted, reasons of the lines skipped as not records, in order)
SKIPPED: dict[str, tuple[int, list[str]]] = {
    f"HA04_交易_{D}.csv": (5, REPORT),
    f"HA03_交易_{D}.xlsx": (5, [*REPORT[:2], *REPORT[2:]]),
    f"HA08_交易_{D}.xlsx": (5, ["second row of a two-row header"]),
    f"penalties_page_header_repeated_{D}.csv": (12, ["header repeated (a new printed page)"]),
    f"penalties_subtotals_{D}.csv": (12, ["totals row (本页合计)", "totals row (总计)"]),
    f"penalties_stamp_footer_{D}.csv": (
        12,
        ["footer (单位(盖章))", "footer (注)"],
    ),
    f"penalties_footer_only_{D}.csv": (0, ["footer (填表人)"]),
    f"penalties_blank_separators_{D}.csv": (12, ["blank line", "blank line"]),
    f"penalties_header_on_row_7_{D}.csv": (12, ["title or note above the header"] * 4),
    f"penalties_header_on_row_7_{D}.xlsx": (12, ["title or note above the header"] * 4),
    f"penalties_sep_line_{D}.csv": (12, ["separator hint for Excel (sep=,)"]),
    f"penalties_two_tables_one_sheet_{D}.xlsx": (
        12,
        ["blank line", "title of another table in the same sheet"]
        + ["part of another table (it starts at line 15)"] * 3,  # its header and its two rows
    ),
    f"penalties_hidden_rows_columns_{D}.xlsx": (12, []),  # hidden is not deleted: every row is read
    f"penalties_utf16_tabs_{D}.csv": (12, []),
}
# file -> personal numbers masked in text: column -> kinds found
SCRUBBED: dict[str, dict[str, set[str]]] = {
    f"penalties_id_phone_in_free_text_{D}.csv": {
        c: {"resident_id", "mobile", "landline", "bank_card"}
        for c in ("violation_facts", "penalty_content", "legal_basis", "violation_type", "license_affected")
    }
    | {"remarks": {"resident_id", "mobile", "landline", "bank_card"}},
    f"licenses_id_phone_in_free_text_{D}.csv": {
        c: {"resident_id", "mobile", "landline", "bank_card"}
        for c in ("license_content", "remarks", "certificate_name")
    },
    f"commitments_id_in_content_{D}.csv": {"content": {"resident_id", "mobile", "landline", "bank_card"}},
    f"HA09_商户_{D}.csv": {"merchant_name": {"mobile"}},
    f"HA10_抽检_{D}.csv": {"test_item": {"resident_id"}},
    f"penalties_phone_in_extra_column_{D}.csv": {"_unmapped_values": {"mobile"}},
    "ecommerce_reviews_page_pii_in_content.json": {"content": {"resident_id", "mobile"}},
}


def test_the_corpus_has_every_file_and_every_file_a_case() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix != ".py" and p.name != "__pycache__"}
    assert files == set(CASES)
    assert len(files) >= 60


def verdict_of_raw(name: str, cfg: config.Settings) -> None:
    """The corpus file through its connector into the raw lake, as a real drop or page would go."""
    ds = dataset(CASES[name][0])
    path = CORPUS / name
    if path.suffix == ".json":  # a saved API page goes the way a fetched one does
        body = json.loads(path.read_text())
        write_pages(ds, DAY, [(f"GET /platform-a/v2/reviews (saved {name})", body["data"])], {"platform": "A"}, cfg)
    else:
        inbox = cfg.inbox / ds.source / DAY.isoformat()
        inbox.mkdir(parents=True)
        shutil.copy(path, inbox / name)
        CONNECTORS[ds.source].ingest(DAY, cfg)


def verdict_of(name: str, cfg: config.Settings):
    verdict_of_raw(name, cfg)
    ds = dataset(CASES[name][0])
    return run_gate(ds.source, ds.name, DAY, cfg)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gets_its_verdict(name: str, cfg: config.Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config.settings()
    _, verdict, rules = CASES[name]
    result = verdict_of(name, cfg)
    assert result.verdict == verdict, result.summary()
    assert result.rows_received == result.rows_accepted + result.rows_quarantined + result.rows_skipped
    if verdict == BLOCKED:
        assert result.reason and any(result.reason.startswith(rule) for rule in rules), result.reason
        assert result.rows_accepted == 0
    else:
        assert set(result.rule_counts) == rules, result.summary()
    quarantine = pq.read_table(
        lake.partition_dir(cfg.lake, "quarantine", result.source, result.dataset, DAY) / lake.PART
    ).to_pylist()
    assert len({q["row_id"] for q in quarantine}) == result.rows_quarantined
    for q in quarantine:  # each held row keeps its rule, where it came from and its values
        assert q["rule"] and q["location"] and json.loads(q["record"])
    raw = lake.partition_dir(cfg.lake, "raw", result.source, result.dataset, DAY)
    manifest = lake.Manifest.read(raw)
    if name in SKIPPED:
        accepted, reasons = SKIPPED[name]
        assert result.rows_accepted == accepted, result.summary()
        assert [s["reason"] for s in manifest.skipped] == reasons, manifest.skipped
        assert all(s["location"].split(":")[-1].isdigit() for s in manifest.skipped)  # with its line
    if name in SCRUBBED:
        assert {c: set(kinds) for c, kinds in manifest.scrubbed.items()} == SCRUBBED[name]
    assert_no_planted_number_under(cfg.lake)


def assert_no_planted_number_under(root: Path) -> None:
    """No planted identity, phone or bank-card number, in any form, in any file under `root`."""
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".parquet":
            text = json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False)
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
        digits_only = text.replace(" ", "").replace("-", "")
        for number in PLANTED:
            assert number not in digits_only, f"clear {number} in {path}"


def test_hostile_text_is_kept_verbatim_for_the_warehouse(cfg: config.Settings, monkeypatch) -> None:
    verdict_of(f"penalties_formula_strings_{D}.csv", config.settings())
    table = pq.read_table(lake.partition_dir(cfg.lake, "accepted", "gov_penalties", "penalties", DAY) / lake.PART)
    facts = table.column("violation_facts").to_pylist()
    assert '=HYPERLINK("http://evil.example","点击")' in facts  # neutralised on export, not altered here


def test_a_long_field_and_rare_characters_survive_intact(cfg: config.Settings, monkeypatch) -> None:
    verdict_of(f"penalties_long_field_{D}.csv", config.settings())
    table = pq.read_table(lake.partition_dir(cfg.lake, "accepted", "gov_penalties", "penalties", DAY) / lake.PART)
    assert max(len(v or "") for v in table.column("violation_facts").to_pylist()) == 10_000


def test_emoji_and_rare_cjk_survive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDIT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CREDIT_PII_KEY", "k")
    cfg = config.settings()
    verdict_of(f"penalties_emoji_rare_cjk_{D}.csv", cfg)
    table = pq.read_table(lake.partition_dir(cfg.lake, "accepted", "gov_penalties", "penalties", DAY) / lake.PART)
    assert "消费者很满意😀，店名含生僻字𠀀" in table.column("remarks").to_pylist()
