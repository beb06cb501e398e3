from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from printing.pdf.barcodes import BarcodeNotPrintable, code128
from printing.pdf.layout import BOLD, ELLIPSIS, fit_line, fit_lines, width, wrap


def test_a_line_too_wide_is_set_smaller_before_it_is_cut() -> None:
    text = "Pennine Retail Wholesale and Distribution"

    fitted = fit_line(text, BOLD, 200, 20, 6)

    assert fitted.lines == (text,)
    assert 6 <= fitted.size < 20
    assert width(text, BOLD, fitted.size) <= 200
    assert not fitted.cut


def test_a_line_that_will_not_fit_even_at_the_smallest_size_ends_in_an_ellipsis() -> (
    None
):
    fitted = fit_line("A" * 200, BOLD, 100, 12, 8)

    assert fitted.size == 8
    assert fitted.cut
    assert fitted.lines[0].endswith(ELLIPSIS)
    assert fitted.widest() <= 100


def test_a_word_longer_than_the_line_is_split_between_letters() -> None:
    lines = wrap("BIN SUPERCALIFRAGILISTICEXPIALIDOCIOUS", BOLD, 10, 60)

    assert lines[0] == "BIN"
    assert "".join(lines[1:]) == "SUPERCALIFRAGILISTICEXPIALIDOCIOUS"
    assert all(width(line, BOLD, 10) <= 60 for line in lines)


@given(
    text=st.text(alphabet="abcdefghij KLMNOPQRST 0123456789-&£", max_size=200),
    max_width=st.floats(min_value=30, max_value=300),
    max_height=st.floats(min_value=12, max_value=200),
)
def test_fitted_text_never_leaves_its_box(
    text: str, max_width: float, max_height: float
) -> None:
    fitted = fit_lines(text, BOLD, max_width, 20, 8, max_height=max_height)

    assert 8 <= fitted.size <= 20
    assert fitted.widest() <= max_width
    if len(fitted.lines) > 1:
        assert fitted.height <= max_height
    if not fitted.cut:
        assert " ".join(fitted.lines).replace(" ", "") == text.replace(" ", "")


def test_a_barcode_too_long_for_its_room_is_refused_not_squeezed() -> None:
    with pytest.raises(BarcodeNotPrintable, match="too long to print"):
        code128("X" * 60, 30, 150)


def test_a_barcode_with_letters_code_128_cannot_carry_is_refused() -> None:
    with pytest.raises(BarcodeNotPrintable, match="cannot be printed"):
        code128("PARTÉ1", 30, 300)
