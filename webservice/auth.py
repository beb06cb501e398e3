"""Who is calling: a shop's API key, sent as `Authorization: Bearer whk_...`.

No key, or a key that is unknown or revoked, is 401. A valid key that may
not make this kind of call (its scopes), or that asks about another shop's
order, is 403. Each key's requests count against the rate limit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from warehouse_app.services.api_keys import KeyHolder, verify
from webservice.context import ServiceContext, context
from webservice.errors import ApiError

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ShopKey",
    description="The shop's API key, made with `warehouse-app api-key create SHOP`.",
)

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="warehouse"'}


def needs(scope: str) -> Callable[..., Awaitable[KeyHolder]]:
    """A dependency: the caller's key, which must hold `scope`."""

    async def caller(
        service: Annotated[ServiceContext, Depends(context)],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    ) -> KeyHolder:
        if credentials is None:
            raise ApiError(
                401,
                "This call needs the shop's API key, sent as 'Authorization:"
                " Bearer whk_...'. Ask the parts department for a key.",
                headers=_CHALLENGE,
            )
        # One indexed read on the event loop: cheaper than a thread hop.
        # FIXME:web: on PostgreSQL this read (and the pool's ping) is a round
        # trip over the network while no other request is served; fine on one
        # machine, slower the further away the database server is.
        with service.database.engine.connect() as connection:
            holder = verify(connection, credentials.credentials)
        if holder is None:
            raise ApiError(
                401,
                "The API key is not valid: it is unknown, mistyped or revoked."
                " Check the key the shop sends, or ask the parts department for"
                " a new one.",
                headers=_CHALLENGE,
            )
        if scope not in holder.scopes:
            raise ApiError(
                403,
                f"The key whk_{holder.prefix} may not do this: it lacks the scope"
                f" {scope}. Use a key made with --scope {scope}, or one made"
                " without --scope.",
            )
        service.rate.check(holder.prefix)
        return holder

    return caller


def scope_doc(scope: str) -> dict[str, Any]:
    """OpenAPI extra for a route: the scope its key needs."""
    return {"x-required-scope": scope}


ReadOrders = Annotated[KeyHolder, Depends(needs("orders:read"))]
WriteOrders = Annotated[KeyHolder, Depends(needs("orders:write"))]
ReadStock = Annotated[KeyHolder, Depends(needs("stock:read"))]
Service = Annotated[ServiceContext, Depends(context)]
