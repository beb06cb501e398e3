"""Who is working where: every movement and scan is signed with this."""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class Station:
    name: str
    user: str
    depot: str = "MAIN"

    @classmethod
    def this_pc(cls, depot: str = "MAIN", user: str | None = None) -> Station:
        return cls(socket.gethostname()[:40], (user or getpass.getuser())[:40], depot)
