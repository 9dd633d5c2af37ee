from __future__ import annotations

import datetime as dt

import pytest

from credit.core import pii
from credit.ingest.normalise import (
    ParseError,
    clean_text,
    org_name_key,
    parse_amount_wan,
    parse_amount_yuan,
    parse_date,
    parse_number,
    split_list,
)


@pytest.mark.parametrize(
    "text",
    ["2026-02-13", "2026/2/13", "2026.02.13", "2026年2月13日", "20260213", "２０２６-０２-１３", "2026-02-13 09:30"],
)
def test_dates_as_bureaus_write_them(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 2, 13)


def test_excel_serial_dates() -> None:
    assert parse_date(46066) == dt.date(2026, 2, 13)
    assert parse_date("46066") == dt.date(2026, 2, 13)


def test_impossible_date_is_an_error_not_a_guess() -> None:
    with pytest.raises(ParseError, match="impossible date"):
        parse_date("2026-02-30")
    with pytest.raises(ParseError, match="unreadable date"):
        parse_date("下周一")


@pytest.mark.parametrize(
    ("text", "value"), [("1,234.5", 1234.5), ("1234.5万", 1234.5), ("１２.５", 12.5), ("-3", -3.0)]
)
def test_amounts_in_wan(text: str, value: float) -> None:
    assert parse_amount_wan(text) == value


def test_an_amount_in_another_unit_is_converted_to_the_columns_unit() -> None:
    assert parse_amount_wan("5000元") == 0.5
    assert parse_amount_yuan("1.2万") == 12000.0
    assert parse_amount_yuan("0.03亿元") == 3_000_000.0
    assert parse_amount_wan("2亿") == 20_000.0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("￥4,800.00", 4800.0),
        ("¥ 4,800", 4800.0),
        ("RMB3,000", 3000.0),
        ("人民币1,000元", 1000.0),
        ("４，８００元", 4800.0),
        ("(1,234.50)", -1234.5),
        ("（300）", -300.0),
        ("负300元", -300.0),
        ("¥-1,200", -1200.0),
    ],
)
def test_amounts_in_yuan_as_clerks_write_them(text: str, value: float) -> None:
    assert parse_amount_yuan(text) == value


@pytest.mark.parametrize("text", ["1,2", "12,34.5", "约5000", "5000余元", "1.2.3万", "￥"])
def test_an_amount_that_cannot_be_read_exactly_is_an_error_showing_the_raw_text(text: str) -> None:
    with pytest.raises(ParseError, match="amount") as err:
        parse_amount_yuan(text)
    assert repr(text) in str(err.value)


def test_a_currency_sign_without_a_unit_in_a_wan_column_is_not_guessed() -> None:
    with pytest.raises(ParseError, match="ambiguous"):
        parse_amount_wan("￥4,800")


def test_numbers_take_grouped_thousands_and_percentages() -> None:
    assert parse_number("1,234,567.5") == 1234567.5
    assert parse_number("１，２３４") == 1234.0
    assert parse_number("12.5%") == 0.125
    with pytest.raises(ParseError):
        parse_number("12,34")


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-20",
        "2026.11.20",
        "2026/11/20 08:30",
        "2026年11月20日",
        "2026年11月20日 14:05",
        "20261120",
        "20261120 08:00:00",
        "2026-11-20T08:30:00",
        "46346",
        "46346.75",
        "2026年11月20日9时30分",
    ],
)
def test_dates_as_people_write_them(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 11, 20)


def test_an_excel_serial_number_cell_is_a_date() -> None:
    assert parse_date(46346) == dt.date(2026, 11, 20) and parse_date(46346.5) == dt.date(2026, 11, 20)


def test_text_loses_control_characters_but_keeps_punctuation() -> None:
    assert clean_text(" 当事人\x00销售，不合格商品。 ") == "当事人销售，不合格商品。"
    assert clean_text("   ") is None


def test_list_separators() -> None:
    assert split_list("罚款；没收违法所得、警告") == ["罚款", "没收违法所得", "警告"]


def test_resident_id_masked_for_display() -> None:
    assert pii.mask_id("320803199001011234") == "3208**********1234"
    assert pii.mask_phone("13812345678") == "138****5678"


def test_identity_hash_is_keyed() -> None:
    a = pii.keyed_hash("320803199001011234", b"key-a")
    assert a == pii.keyed_hash("320803199001011234", b"key-a")
    assert a != pii.keyed_hash("320803199001011234", b"key-b")
    assert "320803199001011234" not in a


@pytest.mark.parametrize(
    "spelling",
    [
        "淮安（清江浦）华远科技有限责任公司",
        "淮安(清江浦)华远科技有限公司旗舰店",
        " 淮安 清江浦 华远科技有限公司 ",
        "淮安清江浦华远科技",
        "淮安【清江浦】华远科技股份有限公司",
    ],
)
def test_organisation_name_variants_share_one_key(spelling: str) -> None:
    assert org_name_key(spelling) == "淮安清江浦华远科技"


def test_different_organisations_keep_different_keys() -> None:
    assert org_name_key("淮安华远科技有限公司") != org_name_key("淮安华远商贸有限公司")
    assert org_name_key("ＡＢＣ商贸有限公司") == "ABC商贸"
    assert org_name_key("  ") is None
