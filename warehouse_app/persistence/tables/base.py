"""The declarative base every table maps to, and the money column type."""

from __future__ import annotations

from sqlalchemy import Numeric
from sqlalchemy.orm import DeclarativeBase

MONEY = Numeric(14, 4, asdecimal=True)


class Base(DeclarativeBase):
    pass
