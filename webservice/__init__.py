"""The web service the web shop calls: stock, orders in, progress out.

An ASGI app (FastAPI) on the same database as the desktop stations, started
by `warehouse-app serve`. See docs/web-service.md.
"""
