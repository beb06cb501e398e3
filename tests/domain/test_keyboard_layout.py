"""The keyboard layout test code: what arrives tells which setting to change."""

from __future__ import annotations

import pytest

from warehouse_app.domain.keyboard_layout import (
    MARKER,
    TEST_CODE,
    diagnose,
    is_layout_test,
)

# What each PC shows when the scanner types KBDTEST@"#/-ZYAM1, worked out by
# hand from the printed layouts, key by key.
ARRIVED = {
    "US->DE": 'KBDTEST"Ä§-ßYZAM1',
    "US->FR": "KBDTEST2%3!)WYQ?&",
    "US->UK": 'KBDTEST"@£/-ZYAM1',
    "DE->US": "KBDTEST@\\&/YZAM1",  # the AltGr+Q of "@" typed nothing
    "FR->US": "KBDTEST3>6WYQ:!",  # AltGr+0 and AltGr+3 typed nothing
    "UK->US": 'KBDTEST"@\\/-ZYAM1',
}
SETTING = {
    "US->DE": "set the scanner's keyboard country to Germany",
    "US->FR": "set the scanner's keyboard country to France",
    "US->UK": "set the scanner's keyboard country to the United Kingdom",
    "DE->US": "set the scanner's keyboard country to the USA",
    "FR->US": "set the scanner's keyboard country to the USA",
    "UK->US": "set the scanner's keyboard country to the USA",
}


def test_the_test_code_holds_the_characters_that_move_between_layouts() -> None:
    assert TEST_CODE.startswith(MARKER)
    assert set('@"#/-ZY') <= set(TEST_CODE)
    assert all(" " <= char <= "~" for char in TEST_CODE), "Code 128 prints it"


def test_the_same_layout_on_both_sides_is_ok() -> None:
    diagnosis = diagnose(TEST_CODE)

    assert diagnosis.ok
    assert diagnosis.guessed_layouts == []
    assert "same keyboard layout" in diagnosis.message


@pytest.mark.parametrize("pair", sorted(ARRIVED))
def test_each_layout_pair_is_named_with_the_setting_to_change(pair: str) -> None:
    diagnosis = diagnose(ARRIVED[pair])

    assert not diagnosis.ok
    assert diagnosis.guessed_layouts == [pair]
    assert SETTING[pair] in diagnosis.message
    assert "keyboard-independent mode" in diagnosis.message


def test_a_us_scanner_on_a_german_pc_is_told_in_full() -> None:
    diagnosis = diagnose(ARRIVED["US->DE"])

    assert diagnosis.message.startswith(
        "The scanner types as a US keyboard but this PC uses a German (QWERTZ)"
        " keyboard layout: set the scanner's keyboard country to Germany, or use"
        " the scanner's ALT-code / keyboard-independent mode."
    )


def test_an_altgr_key_that_types_a_letter_on_a_us_pc_is_allowed_for() -> None:
    diagnosis = diagnose("KBDTESTq@\\&/YZAM1")

    assert diagnosis.guessed_layouts == ["DE->US"]


def test_caps_lock_on_the_pc_is_named() -> None:
    diagnosis = diagnose(TEST_CODE.lower())

    assert not diagnosis.ok
    assert diagnosis.guessed_layouts == ["CAPS"]
    assert "Switch Caps Lock off" in diagnosis.message


def test_caps_lock_and_another_layout_are_both_named() -> None:
    diagnosis = diagnose('kbdtest"ä§-ßyzam1')

    assert diagnosis.guessed_layouts == ["US->DE", "CAPS"]
    assert "Caps Lock is on" in diagnosis.message


def test_a_layout_not_modelled_says_what_to_try() -> None:
    diagnosis = diagnose("KBDTEST???")

    assert not diagnosis.ok
    assert diagnosis.guessed_layouts == []
    assert "keyboard country to this PC's keyboard layout" in diagnosis.message


def test_another_barcode_is_not_the_test_code() -> None:
    diagnosis = diagnose("85123A")

    assert not diagnosis.ok
    assert "not the keyboard layout test code" in diagnosis.message


@pytest.mark.parametrize(
    "scanned", [TEST_CODE, TEST_CODE.lower(), *ARRIVED.values(), TEST_CODE + "\r"]
)
def test_the_marker_is_recognised_however_the_rest_arrives(scanned: str) -> None:
    assert is_layout_test(scanned)


@pytest.mark.parametrize("scanned", ["85123A", "2748708148843", "KBD", ""])
def test_other_codes_are_no_layout_test(scanned: str) -> None:
    assert not is_layout_test(scanned)
