from __future__ import annotations

import datetime as dt

import pytest

from credit.core import pii
from credit.ingest.normalise import ParseError, clean_text, org_name_key, parse_amount_wan, parse_date, split_list


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


def test_amount_in_other_units_is_not_guessed() -> None:
    with pytest.raises(ParseError):
        parse_amount_wan("5000元")


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
