"""Paper: documents as PDF pages, the printers they go to, the print queue worker."""
