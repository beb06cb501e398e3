"""The print queue screen: every job with its status; print, reprint, preview."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from printing.render import render
from printing.worker import PrintWorker
from ui.pdf_preview import PreviewDialog
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.print_queue import JobRow, PrintQueue

log = logging.getLogger("warehouse.ui")
COLUMNS = ("Job", "Document", "Reference", "Status", "Tries", "Last error", "Printed")
COLOURS = {
    "failed": "#fde0dc",
    "queued": "#fff8e1",
    "printed": "#e8f5e9",
    "withdrawn": "#eeeeee",
}
Index = QModelIndex | QPersistentModelIndex


class JobsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[JobRow] = []

    def set_rows(self, rows: list[JobRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        job = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            printed = (
                job.printed_at.strftime("%d/%m %H:%M:%S") if job.printed_at else ""
            )
            return (
                str(job.job_id),
                job.document_type.replace("_", " "),
                job.document_ref,
                job.status,
                str(job.attempts),
                job.last_error,
                printed,
            )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and job.status in COLOURS:
            return QColor(COLOURS[job.status])
        if role == Qt.ItemDataRole.ToolTipRole:
            return job.last_error or job.output_path
        return None


class PrintQueueView(QWidget):
    """Jobs newest first; a held ("ask first") or failed job prints on request."""

    message = Signal(bool, str)  # (ok, text) for the feedback band

    def __init__(
        self, queue: PrintQueue, worker: PrintWorker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.worker = worker
        self.model = JobsModel()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Advice note, invoice or parcel number")
        self.search.returnPressed.connect(self.reload)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search, 1)
        for text, action in (
            ("Print now", self.print_now),
            ("Reprint", self.reprint),
            ("Preview", self.preview),
            ("Refresh", self.reload),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.timer = QTimer(self)
        self.timer.setInterval(2000)
        self.timer.timeout.connect(self.reload)
        self.timer.start()
        self.reload()

    def reload(self) -> None:
        selected = self.selected_job()
        self.model.set_rows(self.queue.jobs(self.search.text()))
        if selected is not None:
            for row, job in enumerate(self.model.rows):
                if job.job_id == selected:
                    self.table.selectRow(row)

    def selected_job(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()].job_id

    def print_now(self) -> None:
        self._with_job(
            lambda job_id: QThreadPool.globalInstance().start(
                lambda: self._print(job_id)
            )
        )

    def reprint(self) -> None:
        self._with_job(lambda job_id: self._reprinted(self.queue.reprint(job_id)))

    def preview(self) -> None:
        self._with_job(self._preview)

    def _reprinted(self, job_id: int) -> None:
        self.reload()
        self.message.emit(True, f"Reprint queued as job {job_id}")

    def _preview(self, job_id: int) -> None:
        job = next(job for job in self.model.rows if job.job_id == job_id)
        dialog = PreviewDialog(
            job.document_ref, render(self.queue.document(job_id)), self
        )
        dialog.open()

    def _print(self, job_id: int) -> None:
        # On a pool thread: the printer may take seconds to answer.
        printed = self.worker.print_job(job_id)
        log.info("job %d printed on request: %s", job_id, printed)

    def _with_job(self, action: Callable[[int], None]) -> None:
        job_id = self.selected_job()
        if job_id is None:
            self.message.emit(False, "Choose a job in the list first.")
            return
        try:
            action(job_id)
        except WarehouseError as error:
            self.message.emit(False, str(error))
