"""A print preview: the PDF pages of a document, drawn as they will print."""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget


def page_images(pdf: bytes, dpi: int = 96) -> list[QImage]:
    """Each page of the PDF as an image at `dpi`."""
    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72)
            image = bitmap.to_pil().convert("RGB")
            data = image.tobytes("raw", "RGB")
            qimage = QImage(
                data,
                image.width,
                image.height,
                image.width * 3,
                QImage.Format.Format_RGB888,
            )
            images.append(qimage.copy())
    finally:
        document.close()
    return images


class PreviewDialog(QDialog):
    def __init__(self, title: str, pdf: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Preview: {title}")
        self.pages = page_images(pdf)
        inner = QWidget()
        column = QVBoxLayout(inner)
        for image in self.pages:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(label)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.resize(900, 1000)
