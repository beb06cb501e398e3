"""The parts enquiry screens driven as counter staff use them, on the sample data."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from tests.services.test_enquiry_sales_history import sell
from ui.enquiry.enquiry_view import PartsEnquiryView
from ui.enquiry.shared import PagedModel
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob
from warehouse_app.services.enquiry import Enquiries
from warehouse_app.services.station import Station


def enquiry_on(database: Database, qtbot: QtBot) -> PartsEnquiryView:
    view = PartsEnquiryView(Enquiries.on(database), "MAIN")
    qtbot.addWidget(view)
    return view


@pytest.fixture
def view(masters_db: Database, qtbot: QtBot) -> PartsEnquiryView:
    return enquiry_on(masters_db, qtbot)


def look_up(view: PartsEnquiryView, text: str) -> list[str]:
    view.search_box.setText(text)
    view.search()
    view.results.fetch_all()
    return [hit.part_number for hit in view.results.rows]


def cells(model: PagedModel[Any], row: int, *titles: str) -> tuple[str, ...]:
    return tuple(model.text(row, title) for title in titles)


def test_part_71053_shows_stock_at_main_and_north(
    orders_db: Database, qtbot: QtBot
) -> None:
    view = enquiry_on(orders_db, qtbot)

    look_up(view, "71053")

    model = view.depot_tab.model
    titles = ("Depot", "On hand", "Allocated", "Free", "Bin", "Min", "Max")
    assert model.rowCount() == 2
    assert cells(model, 0, *titles) == (
        "MAIN Main depot",
        "97",
        "6",
        "91",
        "A-2-4-B",
        "2",
        "50",
    )
    assert cells(model, 1, *titles) == (
        "NORTH North depot",
        "22",
        "0",
        "22",
        "N5-1",
        "0",
        "20",
    )
    assert cells(view.results, 0, "Free at MAIN", "Bin") == ("91", "A-2-4-B")


def test_a_part_short_of_its_minimum_is_highlighted(
    orders_db: Database, qtbot: QtBot
) -> None:
    view = enquiry_on(orders_db, qtbot)

    look_up(view, "23166")  # the whole stock and more went to one order

    model = view.depot_tab.model
    index = model.index(0, 0)
    assert model.rows[0].depot == "MAIN" and model.rows[0].below_min
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert int(cells(model, 0, "On backorder")[0]) > 70_000
    assert "below the minimum at MAIN" in view.depot_tab.note.text()


def test_one_box_finds_by_prefix_words_and_barcode(view: PartsEnquiryView) -> None:
    prefix = look_up(view, "7105")
    assert "71053" in prefix and all(p.startswith("7105") for p in prefix)

    assert "71053" in look_up(view, "white METAL lantern")
    assert look_up(view, "2748708148843")[0] == "71053"
    assert view.heading.text().startswith("<b>71053</b> WHITE METAL LANTERN")

    assert look_up(view, "four words are too many") == []
    assert "at most 3 words" in view.status.text()


def test_results_are_read_a_page_at_a_time(view: PartsEnquiryView) -> None:
    view.results.page = 10
    view.search_box.setText("heart")
    view.search()

    assert len(view.results.rows) == 10 and view.results.canFetchMore()
    view.results.fetchMore()
    assert len(view.results.rows) == 20
    view.results.fetch_all()
    assert len(view.results.rows) == 282 and not view.results.canFetchMore()


def test_an_old_number_shows_the_chain_and_offers_the_replacing_part(
    view: PartsEnquiryView,
) -> None:
    look_up(view, "10002")

    assert "Superseded: 10002 -> 10080" in view.supersession.text()
    assert "112 free at MAIN, bin C-13-5-D" in view.supersession.text()
    assert not view.replacement_button.isHidden()

    view.replacement_button.click()

    assert view.part is not None and view.part.part_number == "10080"
    assert view.supersession.text() == "" and view.replacement_button.isHidden()
    assert cells(view.depot_tab.model, 0, "On hand", "Bin") == ("112", "C-13-5-D")


def test_the_group_tab_opens_the_parts_group_with_its_totals(
    view: PartsEnquiryView,
) -> None:
    look_up(view, "71053")
    view.tabs.setCurrentWidget(view.group_tab)

    group = view.group_tab
    groups = [g.group_code for g in group.totals.rows]
    assert "LIGHTING" in groups and group.group_code == "LIGHTING"
    group.parts.fetch_all()
    assert "71053" in [p.part_number for p in group.parts.rows]
    lighting = group.totals.rows[groups.index("LIGHTING")]
    assert lighting.unsold == lighting.parts

    group.sort_by(1)  # by the number of parts, most first
    assert group.totals.rows[0].group_code == "GENERAL"
    group.filter.setText("light")  # filters as it is typed
    assert [g.group_code for g in group.totals.rows] == ["LIGHTING"]


def test_sales_history_after_picking_packing_and_invoicing(
    view: PartsEnquiryView, masters_db: Database, station: Station
) -> None:
    sell(masters_db, station, "71053", 3, "5.00")

    look_up(view, "71053")
    view.tabs.setCurrentWidget(view.sales_tab)

    sales = view.sales_tab
    assert len(sales.chart.bars) == 36 and sales.chart.bars[-1][1] == 3
    assert cells(sales.model, 0, "Quantity sold", "Value sold") == ("3", "£15.00")
    assert "turned away" in sales.lost_sales.text()
    assert "3 sold for £15.00 in the last 36 months" in sales.totals.text()
    sales.chart.grab()  # paints without a display


def test_a_caller_turned_away_is_recorded_from_the_sales_history(
    masters_db: Database, station: Station, qtbot: QtBot
) -> None:
    view = PartsEnquiryView(Enquiries.on(masters_db, station), "MAIN")
    qtbot.addWidget(view)
    look_up(view, "71053")
    view.tabs.setCurrentWidget(view.sales_tab)
    sales = view.sales_tab

    sales.lost_quantity.setValue(2)
    with qtbot.waitSignal(sales.message) as said:
        sales.record_lost.click()

    assert said.args == [True, "Lost sale of 2 x 71053 recorded at MAIN."]
    assert cells(sales.model, 0, "Lost") == ("2",)
    assert "; 2 lost" in sales.totals.text()


def test_a_read_only_enquiry_offers_no_lost_sale_button(
    view: PartsEnquiryView,
) -> None:
    view.show()

    assert not view.sales_tab.record_lost.isVisibleTo(view)


def test_history_by_customer_opens_an_invoice_and_reprints_it(
    view: PartsEnquiryView, masters_db: Database, station: Station
) -> None:
    sell(masters_db, station, "71053", 2, "5.00")
    look_up(view, "71053")
    view.tabs.setCurrentWidget(view.customer_tab)
    customers = view.customer_tab

    assert cells(customers.buyers, 0, "Account", "Quantity") == ("17850", "2")
    customers.show_account("17850")
    assert cells(customers.purchases, 0, "Part", "Price paid", "Invoice") == (
        "71053",
        "£5.00",
        "INV000001",
    )
    customers.purchase_table.selectRow(0)
    customers.open_button.click()
    dialog = customers.dialog
    assert dialog is not None and dialog.invoice.number == "INV000001"

    dialog.reprint.click()

    assert view.status.text() == "Invoice INV000001 queued to print again."
    with masters_db.reading() as session:
        jobs = session.scalar(
            select(func.count()).where(PrintJob.document_ref == "INV000001")
        )
    assert jobs == 2


def test_the_audit_trail_exports_the_rows_it_shows_to_csv(
    view: PartsEnquiryView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    look_up(view, "71053")
    view.tabs.setCurrentWidget(view.audit_tab)
    audit = view.audit_tab
    target = tmp_path / "trail.csv"
    monkeypatch.setattr(audit, "choose_export_path", lambda: target)

    audit.export.click()

    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["depot"] for row in rows] == ["NORTH", "MAIN"]
    assert [int(row["seq"]) for row in rows] == [m.seq for m in audit.model.rows]
    assert view.status.text() == f"2 movements of 71053 exported to {target}."
