"""docs/domain.md §1: identifiers. One test per rule, named after it."""

from __future__ import annotations

import pytest

from credit.core.identifiers import (
    RESIDENT_ID_WEIGHTS,
    USCC_WEIGHTS,
    IdStatus,
    is_valid_resident_id,
    is_valid_uscc,
    normalise_code,
    org_code_check_char,
    resident_id_check_char,
    resident_id_status,
    uscc_check_char,
    uscc_status,
)

VALID_LETTER_CODE = "N2440300MF12345673"  # docs/domain.md §1.1: a legal letter-coded USCC


def test_uscc_weights_are_powers_of_three_mod_31() -> None:
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_uscc_check_character_gb32100() -> None:
    assert uscc_check_char(VALID_LETTER_CODE[:17]) == "3"
    assert uscc_status(VALID_LETTER_CODE) is IdStatus.VALID


def test_uscc_check_character_31_maps_to_0() -> None:
    # A body whose weighted sum is 0 mod 31 gives 31 - 0 = 31, written as 0.
    assert uscc_check_char("00000000000000000") == "0"


@pytest.mark.parametrize("code", ["N2440300MF12345673", "Y1320831E038LA0H6X", "A1320800PQ5J0R8T7E"])
def test_uscc_letter_authority_codes_are_legal(code: str) -> None:
    # stdnum.cn.uscc rejects these; docs/domain.md §1.1 says positions 1-2 may be letters.
    first17 = code[:17]
    code = first17 + uscc_check_char(first17)
    assert is_valid_uscc(code)


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_uscc_letters_I_O_Z_S_V_never_occur(letter: str) -> None:
    code = "91320800" + letter + "F1234567"
    assert uscc_status(code + "0") is IdStatus.BAD_CHARSET


def test_uscc_wrong_check_character_is_rejected() -> None:
    wrong = VALID_LETTER_CODE[:17] + ("4" if VALID_LETTER_CODE[17] != "4" else "5")
    assert uscc_status(wrong) is IdStatus.BAD_CHECK
    assert not is_valid_uscc(wrong)


def test_uscc_unknown_registration_authority_is_rejected() -> None:
    first17 = "B2440300MF1234567"
    assert uscc_status(first17 + uscc_check_char(first17)) is IdStatus.BAD_AUTHORITY


def test_uscc_lowercase_full_width_and_spaces_are_normalised() -> None:
    assert is_valid_uscc(VALID_LETTER_CODE.lower())
    full_width = VALID_LETTER_CODE.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert normalise_code(full_width) == VALID_LETTER_CODE
    assert is_valid_uscc(full_width)
    assert is_valid_uscc(" N244 0300MF1234\u30005673 ")


def test_masked_uscc_cannot_identify_an_entity() -> None:
    assert uscc_status(normalise_code("913302******531452")) is IdStatus.MASKED
    assert not is_valid_uscc("913302******531452")
    assert uscc_status(normalise_code("913302＊＊＊＊＊＊531452")) is IdStatus.MASKED


def test_uscc_length_must_be_18() -> None:
    assert uscc_status("N2440300MF1234567") is IdStatus.BAD_LENGTH
    assert uscc_status("") is IdStatus.MISSING


def test_embedded_organisation_code_gb11714_uses_full_alphabet() -> None:
    # M=22 and F=15 in the full alphabet (the USCC table would give M=21, F=15): 279 mod 11 = 4 -> 7.
    assert org_code_check_char("MF123456") == "7"


def test_embedded_organisation_code_mismatch_is_a_flag_not_a_rejection() -> None:
    body = "MF1234560"  # embedded check should be 7
    first17 = "N2440300" + body
    code = first17 + uscc_check_char(first17)
    assert uscc_status(code) is IdStatus.ORGCODE_MISMATCH
    assert is_valid_uscc(code)  # policy: accepted, reported


def test_organisation_code_check_10_is_X_and_11_is_0() -> None:
    found = {org_code_check_char(f"{n:08d}") for n in range(0, 2000)}
    assert "X" in found and "0" in found
    assert not any(c == "10" or c == "11" for c in found)


def test_resident_id_weights_are_the_gb11643_table() -> None:
    assert RESIDENT_ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def test_resident_id_check_character_gb11643() -> None:
    assert resident_id_check_char("11010519491231002") == "X"  # the standard's own example
    assert is_valid_resident_id("11010519491231002X")
    assert is_valid_resident_id("11010519491231002x")  # lower-case x normalised


def test_resident_id_wrong_check_character_is_rejected() -> None:
    assert resident_id_status("110105194912310021") is IdStatus.BAD_CHECK


def test_resident_id_birth_date_must_exist() -> None:
    first17 = "32080319900230123"  # 30 February
    assert resident_id_status(first17 + resident_id_check_char(first17)) is IdStatus.BAD_BIRTHDATE


def test_resident_id_masked_or_short_is_not_valid() -> None:
    assert resident_id_status("3208**********1234") is IdStatus.MASKED
    assert resident_id_status("32080319900101123") is IdStatus.BAD_LENGTH


def test_a_usable_uscc_is_the_same_in_the_gate_and_in_dbt() -> None:
    """docs/domain.md §1.1: the gate's catalog (USABLE_USCC) and dbt's macro usable_uscc (var
    usable_uscc_statuses) accept the same statuses."""
    import yaml

    from credit.core.config import DBT_PROJECT_DIR
    from credit.ingest.catalog import USABLE_USCC

    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert tuple(project["vars"]["usable_uscc_statuses"]) == USABLE_USCC
