"""What every request handler needs, built once by the app factory."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from warehouse_app.persistence.database import Database
from warehouse_app.services.station import Station
from warehouse_app.services.web_stock import SafetyHold
from warehouse_app.settings import Settings
from webservice.limits import RequestRate
from webservice.order_views import OrderViews


@dataclass
class ServiceContext:
    database: Database
    settings: Settings
    station: Station
    rate: RequestRate
    views: OrderViews

    def hold_for(self, channel: str) -> SafetyHold:
        """The stock the shop's channel settings hold back from the web."""
        shop = self.settings.channels.get(channel)
        if shop is None:
            return SafetyHold()
        return SafetyHold(by_part=shop.safety_by_part, by_group=shop.safety_by_group)

    def part_ship(self, channel: str) -> bool:
        shop = self.settings.channels.get(channel)
        return shop.part_ship if shop else self.settings.station.part_ship


async def context(request: Request) -> ServiceContext:
    service: ServiceContext = request.app.state.service
    return service
