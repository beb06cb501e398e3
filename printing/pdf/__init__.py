"""One module per document, drawn on reportlab's canvas in PDF points."""
