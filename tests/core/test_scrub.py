"""Personal data in free text is masked wherever it is written (docs/architecture.md "Personal data")."""

from __future__ import annotations

import pytest

from credit.core.scrub import scrub, scrub_text, scrub_value

ID = "320803199001011237"  # a valid resident ID (check character 7)


def test_a_resident_id_in_free_text_is_masked() -> None:
    text, found = scrub_text(f"当事人张三（身份证号{ID}）未取得许可经营")
    assert ID not in text and "3208**********1237" in text
    assert found == {"resident_id": 1}


def test_a_lowercase_x_check_character_is_an_id_too() -> None:
    clear = "11010519491231002x"
    assert clear.upper()[-1] == "X"
    text, found = scrub_text(f"证件{clear}")
    assert found["resident_id"] == 1 and clear not in text


def test_an_old_fifteen_digit_id_is_masked() -> None:
    text, found = scrub_text("身份证 320803900101123 已核验")
    assert "320803900101123" not in text and found == {"resident_id": 1}


@pytest.mark.parametrize(
    "written", ["13812345678", "138 1234 5678", "138-1234-5678", "+86 13812345678", "0086-138-1234-5678"]
)
def test_mobile_numbers_as_people_write_them_are_masked(written: str) -> None:
    text, found = scrub_text(f"联系电话：{written}。")
    assert found == {"mobile": 1}
    assert "138****5678" in text and "1234" not in text


def test_a_landline_with_its_area_code_is_masked() -> None:
    for written in ("0517-83456789", "（0517）83456789", "(025) 8345 6789"):
        text, found = scrub_text(f"电话{written}")
        assert found == {"landline": 1}, written
        assert "3456789" not in text.replace(" ", "") or "****" in text


def test_a_luhn_valid_bank_card_is_masked_and_a_luhn_invalid_run_is_not() -> None:
    card = "6222021234567890128"  # Luhn-valid, 19 digits
    text, found = scrub_text(f"退款至卡号{card}")
    assert found == {"bank_card": 1} and card not in text and text.endswith("0128")
    assert scrub_text("订单号6222021234567890127")[1] == {}


def test_full_width_digits_are_read_as_digits() -> None:
    text, found = scrub_text("手机１３８１２３４５６７８")
    assert found == {"mobile": 1} and "138****5678" in text


def test_numbers_that_are_not_personal_data_stay() -> None:
    for text in (
        "罚款金额2.5万元，于2026-11-20缴纳",
        "决定书文号淮市监罚〔2026〕123号",
        "销售额 12345678 元",
        "批次20261120",
    ):
        assert scrub_text(text) == (text, {}), text


def test_a_product_code_that_looks_exactly_like_an_id_is_masked_by_design() -> None:
    """The documented false positive: 18 digits with a real birth date and the right check character
    cannot be told from an ID, so it is masked (the original stays in the inbox)."""
    text, found = scrub_text(f"产品批号{ID}")
    assert found == {"resident_id": 1} and ID not in text


def test_a_number_typed_into_a_spreadsheet_cell_is_checked_as_text() -> None:
    value, found = scrub_value(13812345678)
    assert value == "138****5678" and found == {"mobile": 1}
    assert scrub_value(1234) == (1234, {})


def test_scrub_returns_the_text_alone_for_messages() -> None:
    assert scrub(f"unreadable date '{ID}'") == "unreadable date '3208**********1237'"


def test_the_fraction_of_a_decimal_number_is_not_an_id_or_a_card() -> None:
    """dbt's run results and clerks' amounts carry long fractions; digits after a decimal point are
    not a person's number (this fraction's digits 7-12 read as 1922-07-03)."""
    for text in ('"execution_time": 0.016876220703125,', "比例0.6222021234567890128"):
        assert scrub_text(text) == (text, {}), text
    assert scrub_text("ID no.320803199001011237")[1] == {"resident_id": 1}  # after a word's dot: an ID
