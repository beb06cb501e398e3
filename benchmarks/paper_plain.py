"""The references for the paper benchmarks: the same pages with no layout logic.

Each function draws what the app's form draws (the same strings, barcodes,
boxes and rules, on the same number of pages, with the same canvas options)
at fixed places: no measuring, wrapping, shrinking or pagination. What the
app takes beyond these is the price of its layout.
"""

from __future__ import annotations

import io
import math

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from warehouse_app.domain.documents import Invoice, ParcelLabel, PickDocument

BAR = 3 * 72 / 203
WIDTH, HEIGHT = A4


def _canvas(buffer: io.BytesIO, size: tuple[float, float]) -> Canvas:
    return Canvas(buffer, pagesize=size, invariant=1, pageCompression=1)


def _barcode(canvas: Canvas, value: str, x: float, y: float, height: float) -> None:
    Code128(value, barWidth=BAR, barHeight=height, humanReadable=0).drawOn(canvas, x, y)


def _strings(canvas: Canvas, texts: list[str], x: float, top: float) -> None:
    canvas.setFont("Helvetica", 10)
    for row, text in enumerate(texts):
        canvas.drawString(x + 170 * (row % 3), top - 14 * (row // 3), text)


def pick_document(doc: PickDocument, pages: int) -> bytes:
    buffer = io.BytesIO()
    canvas = _canvas(buffer, A4)
    per_page = math.ceil(len(doc.lines) / pages)
    header = [
        "PICK DOCUMENT",
        "Page 1 of 1",
        "Advice note",
        doc.advice_note,
        "Shop order",
        doc.order_number,
        "Customer",
        doc.customer,
        "Delivery method",
        doc.delivery_method,
        "Depot",
        doc.depot,
        "Ordered",
        f"{doc.ordered_at:%d/%m/%Y %H:%M}",
        "Printed",
        f"{doc.printed_at:%d/%m/%Y %H:%M}",
        "Bin",
        "Part number",
        "Description",
        "Qty",
        "Picked",
    ]
    for page in range(pages):
        _strings(canvas, header, 36, HEIGHT - 40)
        _barcode(canvas, doc.advice_note, 320, HEIGHT - 80, 12 * mm)
        top = HEIGHT - 190
        for line in doc.lines[page * per_page : (page + 1) * per_page]:
            canvas.setFont("Helvetica-Bold", 14)
            canvas.drawString(40, top, line.bin)
            canvas.setFont("Helvetica-Bold", 12)
            canvas.drawString(130, top, line.part_number)
            canvas.setFont("Helvetica", 10)
            canvas.drawString(290, top, line.description)
            canvas.setFont("Helvetica-Bold", 20)
            canvas.drawRightString(500, top, str(line.quantity))
            canvas.rect(520, top - 4, 16, 16)
            _barcode(canvas, line.barcode, 130, top - 40, 11 * mm)
            canvas.line(36, top - 46, WIDTH - 36, top - 46)
            top -= 56
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def invoice(doc: Invoice, pages: int) -> bytes:
    buffer = io.BytesIO()
    canvas = _canvas(buffer, A4)
    per_page = math.ceil(len(doc.lines) / pages)
    header = [
        doc.dealer_name,
        *doc.dealer_address,
        f"VAT number {doc.dealer_vat_number}",
        "INVOICE",
        "Invoice number",
        doc.invoice_number,
        "Date",
        f"{doc.invoiced_at:%d/%m/%Y}",
        "Advice note",
        doc.advice_note,
        "Shop order",
        doc.order_number,
        "Customer account",
        doc.customer_account,
        "Invoice to",
        *doc.invoice_to.as_lines(),
        "Deliver to",
        *doc.deliver_to.as_lines(),
        "Part",
        "Description",
        "Qty",
        "Unit price",
        "VAT",
        "Net",
    ]
    totals = ["VAT analysis", "Code", "Rate", "Net", "VAT"]
    for band in doc.vat_bands:
        totals += [band.code, str(band.rate), str(band.net), str(band.vat)]
    totals += ["Net", str(doc.net_total), "VAT", str(doc.vat_total)]
    totals += ["Total", str(doc.total), *doc.notes]
    for page in range(pages):
        _strings(canvas, header, 36, HEIGHT - 40)
        _barcode(canvas, doc.invoice_number, 360, HEIGHT - 110, 11 * mm)
        top = HEIGHT - 300
        canvas.setFont("Helvetica", 9)
        for line in doc.lines[page * per_page : (page + 1) * per_page]:
            canvas.drawString(40, top, line.part_number)
            canvas.drawString(128, top, line.description)
            canvas.drawRightString(360, top, str(line.quantity))
            canvas.drawRightString(430, top, str(line.unit_price))
            canvas.drawRightString(466, top, line.vat_code)
            canvas.drawRightString(556, top, str(line.net))
            canvas.line(36, top - 4, WIDTH - 36, top - 4)
            top -= 16
        if page == pages - 1:
            _strings(canvas, totals, 36, max(top - 20, 200))
        canvas.setFont("Helvetica", 8)
        canvas.drawString(
            36, 44, f"{doc.dealer_name} VAT number {doc.dealer_vat_number}"
        )
        canvas.drawRightString(WIDTH - 36, 44, f"Page {page + 1} of {pages}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def parcel_label(doc: ParcelLabel) -> bytes:
    buffer = io.BytesIO()
    canvas = _canvas(buffer, (4 * inch, 6 * inch))
    texts = [
        f"From: {doc.sender}",
        "DELIVER TO",
        *doc.deliver_to.as_lines(),
        "Order",
        doc.order_number,
        "Advice note",
        doc.advice_note,
        f"Parcel {doc.parcel_number} of {doc.parcel_count}",
        f"{doc.weight_kg:.2f} kg",
        doc.barcode,
    ]
    canvas.setFont("Helvetica-Bold", 14)
    for row, text in enumerate(texts):
        canvas.drawString(12, 420 - 22 * row, text)
    for y in (400, 150, 100):
        canvas.line(12, y, 276, y)
    _barcode(canvas, doc.barcode, 30, 30, 20 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def zpl_parcel_label(doc: ParcelLabel) -> bytes:
    """The same fields as ZPL, written with plain string formatting."""
    texts = [
        f"From: {doc.sender}",
        "DELIVER TO",
        *doc.deliver_to.as_lines(),
        "Order",
        doc.order_number,
        "Advice note",
        doc.advice_note,
        f"Parcel {doc.parcel_number} of {doc.parcel_count}",
        f"{doc.weight_kg:.2f} kg",
        doc.barcode,
    ]
    fields = [
        f"^FO24,{24 + 44 * row}^A0N,40,40^FD{text}^FS" for row, text in enumerate(texts)
    ]
    rules = [f"^FO24,{y}^GB764,3,3^FS" for y in (85, 727, 958)]
    barcode = f"^FO100,985^BY3^BCN,162,N,N,N,A^FD{doc.barcode}^FS"
    commands = ["^XA^CI28^PW812^LL1218^LH0,0", *fields, *rules, barcode, "^XZ"]
    return "\n".join(commands).encode("utf-8")
