"""Parts enquiry by group: totals per product group, and the parts of one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.enquiry.shared import (
    Column,
    EnquiryTab,
    PagedModel,
    count,
    money,
    table_for,
    when,
)
from warehouse_app.services.enquiry.groups import (
    SORTS,
    GroupEnquiry,
    GroupPart,
    GroupTotals,
    sort_totals,
)

UNSOLD = "#fff8e1"

GROUP_COLUMNS: list[Column[GroupTotals]] = [
    Column("Group", lambda g: g.group_code),
    Column("Parts", lambda g: str(g.parts), number=True),
    Column("Units", lambda g: str(g.units), number=True),
    Column("Value at retail", lambda g: money(g.retail_value), number=True),
    Column("No sale in 12 months", lambda g: str(g.unsold), number=True),
]

PART_COLUMNS: list[Column[GroupPart]] = [
    Column("Part", lambda p: p.part_number),
    Column("Description", lambda p: p.description),
    Column("On hand", lambda p: count(p.on_hand), number=True),
    Column("Free", lambda p: count(p.free), number=True),
    Column("Retail price", lambda p: money(p.retail_price), number=True),
    Column("Value at retail", lambda p: money(p.retail_value), number=True),
    Column("Last sold", lambda p: when(p.last_sold) or "never"),
]


class GroupTab(EnquiryTab):
    """Groups with their totals, filtered and sorted; the parts of the chosen one.

    Click a column heading of the groups to sort by it (again to reverse);
    double-click a part to look it up. The totals are read when the tab is
    first opened, the depot changes, or Refresh totals is pressed.
    """

    part_chosen = Signal(str)

    def __init__(
        self,
        groups: GroupEnquiry,
        depots: list[tuple[str, str]],
        home_depot: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.groups = groups
        self.sort = "group"
        self.descending = False
        self.group_code = ""
        self.scope = QComboBox()
        for code, name in depots:
            self.scope.addItem(f"{code} {name}", code)
        self.scope.addItem("All depots", "")
        self.scope.setCurrentIndex(max(self.scope.findData(home_depot), 0))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Group code contains")
        self.unsold_only = QCheckBox("Only parts with no sale in 12 months")
        self.refresh = QPushButton("Refresh totals")
        self.read: list[GroupTotals] | None = None  # as read, before filter and sort
        self.totals: PagedModel[GroupTotals] = PagedModel(
            GROUP_COLUMNS, self._group_rows
        )
        self.parts: PagedModel[GroupPart] = PagedModel(
            PART_COLUMNS,
            self._part_rows,
            lambda p: UNSOLD if p.last_sold is None else None,
        )
        self.group_table = table_for(self.totals, stretch=0)
        self.part_table = table_for(self.parts, stretch=1)
        self.caption = QLabel()

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Stock at"))
        bar.addWidget(self.scope)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.unsold_only)
        bar.addWidget(self.refresh)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.group_table)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.caption)
        lower_layout.addWidget(self.part_table)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.scope.currentIndexChanged.connect(lambda _i: self.guard(self.reload))
        self.refresh.clicked.connect(lambda: self.guard(self.reload))
        self.filter.textChanged.connect(lambda _t: self.guard(self.totals.load))
        self.unsold_only.toggled.connect(
            lambda _on: self.guard(lambda: self.show_group(self.group_code))
        )
        self.group_table.horizontalHeader().sectionClicked.connect(
            lambda column: self.guard(lambda: self.sort_by(column))
        )
        self.group_table.clicked.connect(self._open_group)
        self.part_table.doubleClicked.connect(self._choose_part)
        for model in (self.totals, self.parts):
            model.failed.connect(lambda text: self.message.emit(False, text))

    def reload(self) -> None:
        """Read the totals again from the database (they take a while)."""
        self.read = None
        self.totals.load()
        if self.group_code:
            self.show_group(self.group_code)

    def sort_by(self, column: int) -> None:
        """Sort the groups by a column; the same column again reverses it."""
        key = SORTS[column]
        self.descending = not self.descending if key == self.sort else key != "group"
        self.sort = key
        self.totals.load()

    def show_part(self, part_group: str) -> None:
        """Open the group a part belongs to."""
        if not self.totals.rows:
            self.totals.load()
        self.show_group(part_group)

    def show_group(self, group_code: str) -> None:
        self.group_code = group_code
        row = next(
            (n for n, g in enumerate(self.totals.rows) if g.group_code == group_code),
            None,
        )
        if row is not None:
            self.group_table.selectRow(row)
        self.caption.setText(f"Parts in group {group_code}" if group_code else "")
        self.parts.load()

    def _open_group(self, index: QModelIndex) -> None:
        code = self.totals.rows[index.row()].group_code
        self.guard(lambda: self.show_group(code))

    def _choose_part(self, index: QModelIndex) -> None:
        self.part_chosen.emit(self.parts.rows[index.row()].part_number)

    def _depot(self) -> str | None:
        return self.scope.currentData() or None

    def _group_rows(self, limit: int, offset: int) -> list[GroupTotals]:
        if offset:
            return []  # the groups come whole: there are tens, not thousands
        if self.read is None:
            # Read once, then filtered and sorted here: a sort costs nothing.
            self.read = self.groups.totals(self._depot())
        wanted = self.filter.text().strip().lower()
        shown = [g for g in self.read if wanted in g.group_code.lower()]
        return sort_totals(shown, self.sort, self.descending)

    def _part_rows(self, limit: int, offset: int) -> list[GroupPart]:
        if not self.group_code:
            return []
        return self.groups.parts(
            self.group_code,
            self._depot(),
            self.unsold_only.isChecked(),
            limit,
            offset,
        )
