"""The audit trail: a part's stock movements, newest first, filtered; to CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.enquiry.shared import Column, EnquiryTab, PagedModel, table_for, when
from warehouse_app.services.enquiry.audit_trail import (
    AuditFilter,
    AuditTrail,
    MovementRow,
)

REVERSED = "#f3e5f5"


def _signed(number: int) -> str:
    return f"{number:+d}"


COLUMNS: list[Column[MovementRow]] = [
    Column("Seq", lambda m: str(m.seq), number=True),
    Column("When", lambda m: when(m.at)),
    Column("Depot", lambda m: m.depot),
    Column("Type", lambda m: m.movement_type.replace("_", " ")),
    Column("Change", lambda m: _signed(m.qty_change), number=True),
    Column("Before", lambda m: str(m.qty_before), number=True),
    Column("After", lambda m: str(m.qty_after), number=True),
    Column("Bin", lambda m: m.bin or ""),
    Column("User", lambda m: m.user),
    Column("Station", lambda m: m.station),
    Column("Document", lambda m: m.document_ref),
    Column("Reason", lambda m: m.reason),
    Column("Reverses", lambda m: str(m.reverses_seq or "")),
]


def _date_box() -> tuple[QCheckBox, QDateEdit]:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setEnabled(False)
    check = QCheckBox()
    check.toggled.connect(edit.setEnabled)
    return check, edit


class AuditTab(EnquiryTab):
    """Who moved the part's stock, when, on which document, before and after."""

    def __init__(
        self,
        audit: AuditTrail,
        depots: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.audit = audit
        self.part_number = ""
        self.depot = QComboBox()
        self.depot.addItem("All depots", "")
        for code, name in depots:
            self.depot.addItem(f"{code} {name}", code)
        self.movement_type = QComboBox()
        self.movement_type.addItem("All types", "")
        for kind in audit.movement_types():
            self.movement_type.addItem(kind.replace("_", " "), kind)
        self.use_from, self.date_from = _date_box()
        self.use_to, self.date_to = _date_box()
        self.use_from.setText("From")
        self.use_to.setText("To")
        self.user = QLineEdit()
        self.user.setPlaceholderText("User")
        self.document = QLineEdit()
        self.document.setPlaceholderText("Document (or its start)")
        self.apply = QPushButton("Show")
        self.export = QPushButton("Export to CSV…")
        self.model: PagedModel[MovementRow] = PagedModel(
            COLUMNS, self._rows, lambda m: REVERSED if m.reverses_seq else None
        )
        self.table = table_for(self.model, stretch=11)

        filters = QGridLayout()
        filters.addWidget(self.depot, 0, 0)
        filters.addWidget(self.movement_type, 0, 1)
        filters.addWidget(self.use_from, 0, 2)
        filters.addWidget(self.date_from, 0, 3)
        filters.addWidget(self.use_to, 0, 4)
        filters.addWidget(self.date_to, 0, 5)
        filters.addWidget(self.user, 1, 0)
        filters.addWidget(self.document, 1, 1)
        filters.addWidget(self.apply, 1, 4)
        filters.addWidget(self.export, 1, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self.apply.clicked.connect(lambda: self.guard(self.reload))
        self.user.returnPressed.connect(lambda: self.guard(self.reload))
        self.document.returnPressed.connect(lambda: self.guard(self.reload))
        self.depot.currentIndexChanged.connect(lambda _i: self.guard(self.reload))
        self.movement_type.currentIndexChanged.connect(
            lambda _i: self.guard(self.reload)
        )
        self.export.clicked.connect(self._export)
        self.model.failed.connect(lambda text: self.message.emit(False, text))

    def show_part(self, part_number: str) -> None:
        self.part_number = part_number
        self.reload()

    def reload(self) -> None:
        self.model.load()

    def wanted(self) -> AuditFilter:
        """The filter as the person set it on the screen."""
        return AuditFilter(
            depot=self.depot.currentData() or "",
            movement_type=self.movement_type.currentData() or "",
            date_from=_day(self.date_from) if self.use_from.isChecked() else None,
            date_to=_day(self.date_to) if self.use_to.isChecked() else None,
            user=self.user.text(),
            document=self.document.text(),
        )

    # Asking for the file goes through here, so a test can answer it.
    def choose_export_path(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            "Export the audit trail",
            f"audit-{self.part_number}.csv",
            "CSV files (*.csv)",
        )
        return Path(name) if name else None

    def export_to(self, path: Path) -> int:
        """Write the movements shown (all pages) to `path`; return how many."""
        written = self.audit.export_csv(self.part_number, self.wanted(), path)
        self.message.emit(
            True, f"{written} movements of {self.part_number} exported to {path}."
        )
        return written

    def _export(self) -> None:
        if not self.part_number:
            self.message.emit(False, "Look up a part first, then export its trail.")
            return
        path = self.choose_export_path()
        if path is not None:
            self.guard(lambda: self._export_guarded(path))

    def _export_guarded(self, path: Path) -> None:
        try:
            self.export_to(path)
        except OSError as error:
            self.message.emit(
                False,
                f"Could not write {path}: {error.strerror or error}. Choose a"
                " folder you can write to, or free some space, and export again.",
            )

    def _rows(self, limit: int, offset: int) -> list[MovementRow]:
        if not self.part_number:
            return []
        return self.audit.page(self.part_number, self.wanted(), limit, offset)


def _day(edit: QDateEdit) -> date:
    picked = edit.date()
    return date(picked.year(), picked.month(), picked.day())
