"""The parts enquiry: one search box, the results, and a tab per question.

Only the tab in view reads the database when another part is chosen; the
others catch up when they are opened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from operator import attrgetter

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.enquiry.audit_tab import AuditTab
from ui.enquiry.customer_tab import CustomerTab
from ui.enquiry.depot_tab import DepotTab
from ui.enquiry.group_tab import GroupTab
from ui.enquiry.sales_tab import SalesTab
from ui.enquiry.shared import (
    Column,
    EnquiryTab,
    PagedModel,
    count,
    guarded,
    money,
    table_for,
)
from warehouse_app.services.enquiry import Enquiries
from warehouse_app.services.enquiry.search import PartHit

log = logging.getLogger("warehouse.ui")

SUPERSEDED = "#eeeeee"
Key = Callable[[PartHit], str]  # what of the part a tab is shown


def _columns(depot: str) -> list[Column[PartHit]]:
    return [
        Column("Part", lambda h: h.part_number),
        Column("Description", lambda h: h.description),
        Column(f"Free at {depot}", lambda h: count(h.free), number=True),
        Column("Bin", lambda h: h.bin or ""),
        Column("Price", lambda h: money(h.price), number=True),
        Column("Replaced by", lambda h: h.superseded_by or ""),
    ]


class PartsEnquiryView(QWidget):
    message = Signal(bool, str)  # (ok, text) for the feedback band

    def __init__(
        self, enquiries: Enquiries, depot: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.enquiries = enquiries
        self.depot = depot
        self.part: PartHit | None = None
        self._loaded: set[int] = set()
        depots = enquiries.depots.depots()

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            "Part number, its start, a barcode, or up to three words of the description"
        )
        search_button = QPushButton("Search")
        self.results: PagedModel[PartHit] = PagedModel(
            _columns(depot),
            self._hits,
            lambda h: SUPERSEDED if h.superseded_by else None,
        )
        self.table = table_for(self.results, stretch=1)
        self.supersession = QLabel()
        self.supersession.setWordWrap(True)
        self.replacement_button = QPushButton()
        self.replacement_button.hide()
        self.heading = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.depot_tab = DepotTab(enquiries.depots, depot)
        self.group_tab = GroupTab(enquiries.groups, depots, depot)
        self.sales_tab = SalesTab(enquiries.sales, depots, enquiries.lost)
        self.audit_tab = AuditTab(enquiries.audit, depots)
        self.customer_tab = CustomerTab(enquiries.customers)
        number, group = attrgetter("part_number"), attrgetter("group_code")
        self.pages: list[tuple[str, EnquiryTab, Callable[[str], None], Key]] = [
            ("Depot", self.depot_tab, self.depot_tab.show_part, number),
            ("Group", self.group_tab, self.group_tab.show_part, group),
            ("Sales history", self.sales_tab, self.sales_tab.show_part, number),
            ("Audit trail", self.audit_tab, self.audit_tab.show_part, number),
            (
                "History by customer",
                self.customer_tab,
                self.customer_tab.show_part,
                number,
            ),
        ]
        self.tabs = QTabWidget()
        for title, page, _show, _key in self.pages:
            self.tabs.addTab(page, title)
            page.message.connect(self.report)

        bar = QHBoxLayout()
        bar.addWidget(self.search_box, 1)
        bar.addWidget(search_button)
        banner = QHBoxLayout()
        banner.addWidget(self.supersession, 1)
        banner.addWidget(self.replacement_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(bar)
        upper_layout.addWidget(self.table)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(banner)
        lower_layout.addWidget(self.heading)
        lower_layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.search_box.returnPressed.connect(self.search)
        search_button.clicked.connect(self.search)
        self.table.clicked.connect(self._choose)
        self.table.activated.connect(self._choose)
        self.replacement_button.clicked.connect(self.show_replacement)
        self.tabs.currentChanged.connect(self._load_tab)
        self.group_tab.part_chosen.connect(self.show_part_number)
        self.results.failed.connect(lambda text: self.report(False, text))

    def take_scan(self, code: str) -> None:
        """A part scanned at the enquiry: look it up as if it had been typed."""
        self.search_box.setText(code)
        self.search()

    def search(self) -> None:
        """Run the search box; the first part found is shown in the tabs."""
        self.status.clear()
        if not guarded(self.results.load, self.report):
            self.results.clear()  # never leave another search's parts showing
            return
        if not self.results.rows:
            self.report(False, f"Nothing found for {self.search_box.text().strip()!r}.")
            return
        self.table.selectRow(0)
        self.show_hit(self.results.rows[0])

    def show_part_number(self, part_number: str) -> None:
        """Look a part up by its number, as if it had been typed in the box."""
        self.take_scan(part_number)

    def show_hit(self, hit: PartHit) -> None:
        """Make `hit` the part every tab answers for."""
        self.part = hit
        self._loaded.clear()
        free = count(hit.free) or "none"
        self.heading.setText(
            f"<b>{hit.part_number}</b> {hit.description} · free at {self.depot}:"
            f" {free} · bin {hit.bin or '(none)'} · {money(hit.price)}"
        )
        guarded(self._show_supersession, self.report)
        self._load_tab(self.tabs.currentIndex())

    def show_replacement(self) -> None:
        """Follow the supersession chain to the part to sell today."""
        if self.part is not None and self.part.superseded_by:
            search = self.enquiries.search
            chain = search.supersession(self.part.part_number, self.depot)
            if chain is not None and chain.replacement is not None:
                self.show_part_number(chain.replacement.part_number)

    def refresh(self) -> None:
        """Read the results and the part again, say after goods came in."""
        if self.part is None:
            return
        number = self.part.part_number
        guarded(self.results.load, self.report)
        hit = self.enquiries.search.hit(number, self.depot)
        if hit is not None:
            self.show_hit(hit)

    def report(self, ok: bool, text: str) -> None:
        self.status.setText(text)
        self.message.emit(ok, text)

    def _show_supersession(self) -> None:
        assert self.part is not None
        chain = self.enquiries.search.supersession(self.part.part_number, self.depot)
        self.replacement_button.hide()
        if chain is None:
            self.supersession.clear()
            return
        if chain.problem or chain.replacement is None:
            self.supersession.setText(f"Superseded: {chain.text}. {chain.problem}")
            return
        new = chain.replacement
        self.supersession.setText(
            f"Superseded: {chain.text}. Use {new.part_number} {new.description}:"
            f" {count(new.free) or 'none'} free at {self.depot},"
            f" bin {new.bin or '(none)'}."
        )
        self.replacement_button.setText(f"Show {new.part_number}")
        self.replacement_button.show()

    def _load_tab(self, index: int) -> None:
        if self.part is None or index in self._loaded or index < 0:
            return
        part = self.part
        _title, page, show, key = self.pages[index]
        if page.guard(lambda: show(key(part))):
            self._loaded.add(index)

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.results.rows):
            self.show_hit(self.results.rows[index.row()])

    def _hits(self, limit: int, offset: int) -> list[PartHit]:
        return self.enquiries.search.search(
            self.search_box.text(), self.depot, limit, offset
        )
