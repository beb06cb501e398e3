from __future__ import annotations

from collections.abc import Callable

import pytest

from printing.zpl.code128 import barcode_width, module_for
from printing.zpl.parcel_label import zpl_parcel_label
from printing.zpl.part_label import zpl_part_label, zpl_part_labels
from printing.zpl.text import escape_field_data, fit_text, text_width
from tests.printing.zpl_reading import fields, print_zpl
from warehouse_app.domain.documents import ParcelLabel
from warehouse_app.domain.labels import PartLabel, PartLabelRun

CAFE = "Men's Café £ ^ ~ _"
LONG_DESCRIPTION = (
    "WHITE HANGING HEART T-LIGHT HOLDER IN A GIFT BOX WITH RIBBON AND TAG"
)


def part(barcode: str = "PN0001-B", description: str = "DOGGY RUBBER") -> PartLabel:
    return PartLabel("PART-001", description, "A-01-1-D", barcode)


def test_caret_tilde_and_underscore_go_as_hex_and_the_rest_as_written() -> None:
    assert escape_field_data(CAFE) == "Men's Café £ _5E _7E _5F"
    assert escape_field_data("a\tb\nc") == "a b c"


def test_a_name_with_accents_and_symbols_reaches_the_printer_as_utf8(
    parcel_label_for: Callable[..., ParcelLabel],
) -> None:
    zpl = zpl_parcel_label(parcel_label_for(name=CAFE))

    assert "Men's Café £ _5E _7E _5F".encode() in zpl
    assert b"Caf\xc3\xa9 \xc2\xa3" in zpl
    assert zpl.index(b"^CI28") < zpl.index(b"^FD")
    for field in fields(zpl):
        assert field.commands.endswith("^FH_"), field
        assert "^" not in field.data and "~" not in field.data


@pytest.mark.parametrize("dpi", [203, 300])
def test_each_label_is_one_format(
    parcel_label_for: Callable[..., ParcelLabel], dpi: int
) -> None:
    for zpl in (zpl_parcel_label(parcel_label_for(), dpi), zpl_part_label(part(), dpi)):
        text = zpl.decode()
        assert text.startswith("^XA\n")
        assert text.endswith("^XZ\n")
        assert (text.count("^XA"), text.count("^XZ")) == (1, 1)


def test_a_run_of_part_labels_is_one_format_per_label() -> None:
    run = PartLabelRun(
        "bins A-01 to A-03", tuple(part(f"PN000{n}-B") for n in range(3))
    )

    text = zpl_part_labels(run).decode()

    assert (text.count("^XA"), text.count("^XZ")) == (3, 3)
    assert [f.data for f in fields(text.encode()) if "^BC" in f.commands] == [
        "PN0000-B",
        "PN0001-B",
        "PN0002-B",
    ]


@pytest.mark.parametrize(
    ("render", "inches"),
    [(zpl_parcel_label, (4, 6)), (zpl_part_label, (2, 1))],
    ids=["parcel", "part"],
)
def test_the_label_size_is_counted_in_dots_of_the_print_head(
    parcel_label_for: Callable[..., ParcelLabel],
    render: Callable[..., bytes],
    inches: tuple[int, int],
) -> None:
    doc = parcel_label_for() if render is zpl_parcel_label else part()
    width, length = inches

    at_203 = render(doc, 203).decode()
    at_300 = render(doc, 300).decode()

    assert f"^PW{width * 203}\n^LL{length * 203}" in at_203
    assert f"^PW{width * 300}\n^LL{length * 300}" in at_300
    low, high = fields(at_203.encode()), fields(at_300.encode())
    assert [f.data for f in low] == [f.data for f in high]
    for small, large in zip(low, high, strict=True):
        # Within a twentieth of an inch of the same place; a barcode's bars
        # are whole dots, so its width (and so its left edge) moves more.
        if "^BC" not in small.commands:
            assert abs(large.x / 300 - small.x / 203) <= 0.05
        assert abs(large.y / 300 - small.y / 203) <= 0.05


def test_barcode_bars_are_whole_dots_and_never_under_a_quarter_millimetre() -> None:
    assert module_for("AN000123-2", 812, 203) == 3
    assert module_for("AN000123-2", 1200, 300) == 4
    # Too long for 0.375 mm bars on a 2 inch label: 0.25 mm ones.
    assert module_for("JD0002210000", 406, 203) == 2
    assert barcode_width("JD0002210000", 2) <= 406


def test_the_barcode_is_code_128_in_automatic_mode(
    parcel_label_for: Callable[..., ParcelLabel],
) -> None:
    [barcode] = [
        f for f in fields(zpl_parcel_label(parcel_label_for())) if "^BC" in f.commands
    ]

    assert "^BY3^BCN,162,N,N,N,A" in barcode.commands
    assert barcode.data == "AN000123-2"


def test_text_too_long_for_its_lines_is_set_smaller_then_cut() -> None:
    fitted = fit_text(LONG_DESCRIPTION, 380, 22, 11, max_lines=2, max_block=80)

    assert fitted.height < 22 and not fitted.cut
    assert len(fitted.lines) == 2 and fitted.block_height <= 80
    assert all(text_width(line, fitted.height) <= 380 for line in fitted.lines)

    cut = fit_text("X" * 300, 380, 22, 11, max_lines=2)
    assert cut.cut and cut.height == 11 and cut.lines[-1].endswith("...")


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize(
    "barcode", ["AN000123-2", "2748708148843", "JD0002210000123456"]
)
def test_the_parcel_label_barcode_scans_as_printed(
    parcel_label_for: Callable[..., ParcelLabel], dpi: int, barcode: str
) -> None:
    [(printed, scanned)] = print_zpl(
        zpl_parcel_label(parcel_label_for(barcode=barcode), dpi), dpi
    )

    assert (printed.width, printed.height) == (4 * dpi, 6 * dpi)
    assert scanned == [barcode]


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("barcode", ["PN0001-B", "2748708148843", "JD0002210000"])
def test_the_part_label_barcode_scans_under_the_longest_description(
    dpi: int, barcode: str
) -> None:
    doc = part(barcode, LONG_DESCRIPTION)

    [(printed, scanned)] = print_zpl(zpl_part_label(doc, dpi), dpi)

    assert (printed.width, printed.height) == (2 * dpi, dpi)
    assert scanned == [barcode]


@pytest.mark.parametrize("dpi", [203, 300])
def test_long_text_stays_inside_the_label_margins(
    parcel_label_for: Callable[..., ParcelLabel], dpi: int
) -> None:
    name = "Pennine Retail Wholesale and Distribution Company of the North West " * 2
    labels = [
        zpl_parcel_label(parcel_label_for(name=name), dpi),
        zpl_part_label(part(description=LONG_DESCRIPTION * 2), dpi),
    ]

    for zpl in labels:
        [(printed, _)] = print_zpl(zpl, dpi)
        columns = printed.inked_columns()
        margin = round(0.05 * dpi)
        assert margin <= columns[0] and columns[-1] < printed.width - margin


def test_the_name_prints_with_its_accent_caret_tilde_and_underscore(
    parcel_label_for: Callable[..., ParcelLabel],
) -> None:
    # zplkit draws font 0 from captured glyphs, which lack "£"; the rest of
    # the name must come through the escapes and draw.
    label = parcel_label_for(name="Men's Café ^ ~ _")

    [(printed, scanned)] = print_zpl(zpl_parcel_label(label), 203)

    assert scanned == ["AN000123-2"]
