"""docs/contract.md is rendered from the dbt project's YAML (credit/warehouse/contract_doc.py): the
columns dbt enforces as model contracts and writes as comments are the ones the page lists."""

from __future__ import annotations

from credit.warehouse import contract_doc


def test_the_committed_contract_page_is_what_the_yaml_renders() -> None:
    assert contract_doc.PAGE.read_text(encoding="utf-8") == contract_doc.render(), "run `make contract`"


def test_a_hand_edited_contract_page_is_caught(tmp_path, monkeypatch) -> None:
    page = tmp_path / "contract.md"
    page.write_text(contract_doc.render().replace("| score | integer |", "| score | double |", 1), encoding="utf-8")
    monkeypatch.setattr(contract_doc, "PAGE", page)
    assert contract_doc.main(["--check"]) == 1


def test_every_public_column_carries_chinese_and_english_and_a_type() -> None:
    for table, entry in contract_doc.public_tables():
        for column in entry.get("columns", []):
            zh, sep, en = (column.get("description") or "").partition(" / ")
            assert sep and zh.strip() and en.strip(), f"{table}.{column['name']}: '中文 / English' expected"
            assert column.get("data_type"), f"{table}.{column['name']}: no data_type"
