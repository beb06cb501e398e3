"""The integration screen: the web shop batch link of each channel at a glance.

The last runs with their files, counts and errors; the order files waiting in
quarantine with their reasons, and a Retry button for a file once fixed; the
changed orders a later file sent, which wait for a person.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.integration_models import (
    ListModel,
    conflicts_model,
    quarantine_model,
    runs_model,
    when,
)
from warehouse_app.domain.words import plural
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.integration_status import (
    ChannelOverview,
    IntegrationStatus,
)

log = logging.getLogger("warehouse.ui")
ORDER = ("import", "stock_full", "stock_delta", "status")


class _Done(QObject):
    finished = Signal(object)  # the run reports, or the failure's message


class _Cycle(QRunnable):
    """One cycle on a pool thread: a full stock file can take seconds."""

    def __init__(self, status: IntegrationStatus, channel: str) -> None:
        super().__init__()
        self.status = status
        self.channel = channel
        self.done = _Done()

    def run(self) -> None:
        try:
            result: object = self.status.run_now(self.channel)
        except WarehouseError as error:
            result = str(error)
        except Exception:  # a bug: keep the station running, keep the evidence
            log.exception("the batch link cycle failed unexpectedly")
            result = "The run failed unexpectedly. It has been logged; tell support."
        self.done.finished.emit(result)


def _table(model: ListModel[Any], stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class IntegrationView(QWidget):
    message = Signal(bool, str)  # (ok, text) for the feedback band
    ran = Signal(list)  # the reports of a "Run now", once shown

    def __init__(
        self, status: IntegrationStatus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.status = status
        self._running: _Cycle | None = None
        self.channel = QComboBox()
        self.channel.addItems(status.channels())
        self.channel.currentIndexChanged.connect(lambda _i: self.reload())
        self.run_button = QPushButton("Run now")
        self.run_button.setToolTip(
            "Take the inbox and write a stock and a status file now"
        )
        self.run_button.clicked.connect(self.run_now)
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.reload)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.runs = runs_model()
        self.quarantine = quarantine_model()
        self.conflicts = conflicts_model()
        self.runs_table = _table(self.runs, 6)
        self.quarantine_table = _table(self.quarantine, 5)
        self.conflicts_table = _table(self.conflicts, 3)
        self.quarantine_table.selectionModel().selectionChanged.connect(
            lambda *_: self._show_reason()
        )
        self.reason = QPlainTextEdit()
        self.reason.setReadOnly(True)
        self.reason.setPlaceholderText("Choose a file to read why it was held")
        self.reason.setMaximumHeight(150)
        self.retry_button = QPushButton("Retry the file")
        self.retry_button.setToolTip(
            "Take the file again from the errors folder, after it was fixed"
        )
        self.retry_button.clicked.connect(self.retry)

        top = QHBoxLayout()
        top.addWidget(QLabel("Channel"))
        top.addWidget(self.channel)
        top.addStretch(1)
        top.addWidget(self.run_button)
        top.addWidget(refresh)
        held = QGroupBox("Order files in quarantine")
        held_layout = QVBoxLayout(held)
        held_layout.addWidget(self.quarantine_table)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason, 1)
        reason_row.addWidget(self.retry_button)
        held_layout.addLayout(reason_row)
        runs_box = QGroupBox("Last runs")
        QVBoxLayout(runs_box).addWidget(self.runs_table)
        conflicts_box = QGroupBox("Changed orders waiting for a person")
        QVBoxLayout(conflicts_box).addWidget(self.conflicts_table)
        split = QSplitter(Qt.Orientation.Vertical)
        for box in (runs_box, held, conflicts_box):
            split.addWidget(box)
        split.setSizes([320, 240, 140])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(15_000)
        self.timer.timeout.connect(self._reload_if_shown)
        self.timer.start()
        self.reload()

    def current_channel(self) -> str:
        return self.channel.currentText()

    def reload(self) -> None:
        name = self.current_channel()
        if not name:
            return
        self.summary.setText(self._summary(self.status.overview(name)))
        self.runs.set_rows(self.status.runs(name))
        self.quarantine.set_rows(self.status.quarantined(name))
        self.conflicts.set_rows(self.status.conflicts(name))
        self.retry_button.setEnabled(bool(self.quarantine.rows))
        self._show_reason()

    def _reload_if_shown(self) -> None:
        if self.isVisible() and self._running is None:
            self.reload()

    @staticmethod
    def _summary(overview: ChannelOverview) -> str:
        lines = [
            f"Orders from {overview.inbox} · files to {overview.outbox}"
            f" · held files in {overview.errors}"
        ]
        latest = []
        for kind in ORDER:
            run = overview.last.get(kind)
            if run is not None:
                result = "ok" if run.ok else "FAILED"
                latest.append(f"{run.what} {when(run.started_at)} {result}")
        lines.append("Last: " + ("; ".join(latest) if latest else "nothing run yet"))
        if overview.next_due is not None:
            lines.append(
                f"Next file due {overview.next_due:%d/%m %H:%M}, when the batch"
                " link runs (warehouse-app sync, or the web service)"
            )
        if overview.failing:
            lines.append(
                f"{plural(overview.failing, 'kind')} of run failed last time:"
                " read the message in the list below"
            )
        return "\n".join(lines)

    def selected_file(self) -> int | None:
        index = self.quarantine_table.currentIndex()
        if not index.isValid() or index.row() >= len(self.quarantine.rows):
            return None
        return self.quarantine.rows[index.row()].batch_file_id

    def _show_reason(self) -> None:
        index = self.quarantine_table.currentIndex()
        if index.isValid() and index.row() < len(self.quarantine.rows):
            held = self.quarantine.rows[index.row()]
            self.reason.setPlainText(f"{held.errors_path}\n\n{held.reason}")
        else:
            self.reason.clear()

    def retry(self) -> None:
        batch_file_id = self.selected_file()
        if batch_file_id is None:
            self.message.emit(False, "Choose a file in quarantine first.")
            return
        try:
            text = self.status.retry(self.current_channel(), batch_file_id)
        except WarehouseError as error:
            self.message.emit(False, str(error))
            return
        self.reload()
        self.message.emit("still in quarantine" not in text, text)

    def run_now(self) -> None:
        if self._running is not None:
            return
        self._running = _Cycle(self.status, self.current_channel())
        self._running.done.finished.connect(self._after_run)
        self.run_button.setEnabled(False)
        self.run_button.setText("Running…")
        QThreadPool.globalInstance().start(self._running)

    def _after_run(self, result: object) -> None:
        self._running = None
        self.run_button.setEnabled(True)
        self.run_button.setText("Run now")
        self.reload()
        if isinstance(result, str):
            self.message.emit(False, result)
            self.ran.emit([])
            return
        reports = list(result) if isinstance(result, list) else []
        failed = [report for report in reports if not report.ok]
        if failed:
            self.message.emit(False, failed[0].message)
        else:
            self.message.emit(True, f"Ran {len(reports)} runs; all went well.")
        self.ran.emit(reports)
