"""Labels in ZPL II for Zebra-compatible thermal printers, at 203 or 300 dpi."""
