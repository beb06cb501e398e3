"""Who may call, and how much: keys, scopes, shops, body size, rate, errors.

The 401 and 403 checks walk the OpenAPI description, so a call added later
cannot be forgotten.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.webservice.conftest import Running, make_keys, serving, settings_for
from warehouse_app.persistence.database import Database

PUBLIC = {("get", "/health")}


def operations(client: httpx.Client) -> list[tuple[str, str, dict[str, Any]]]:
    description = client.get("/openapi.json").json()
    return [
        (method, path, operation)
        for path, methods in description["paths"].items()
        for method, operation in methods.items()
    ]


def call(client: httpx.Client, method: str, path: str) -> httpx.Response:
    """Call with path parameters filled in and a body that is not needed."""
    concrete = re.sub(r"\{[^}]+\}", "536365", path)
    return client.request(
        method.upper(), concrete, json={}, headers={"Idempotency-Key": "walk"}
    )


def test_every_call_but_health_needs_a_key_and_names_its_scope(
    web: Running,
) -> None:
    with web.client() as anonymous:
        found = operations(anonymous)

    assert len(found) >= 7
    for method, path, operation in found:
        if (method, path) in PUBLIC:
            assert "security" not in operation
            continue
        assert operation["security"] == [{"ShopKey": []}], path
        assert operation["x-required-scope"] in (
            "orders:read",
            "orders:write",
            "stock:read",
        ), path


@pytest.mark.parametrize("key", [None, "not-a-key", "revoked", "made up"])
def test_every_call_without_a_valid_key_is_401(web: Running, key: str | None) -> None:
    presented = {
        None: None,
        "not-a-key": "not-a-key",
        "revoked": web.keys["revoked"],
        "made up": "whk_abcdefghjk_" + "x" * 43,
    }[key]
    with web.client() as anonymous:
        found = operations(anonymous)
    with web.client(presented) as client:
        for method, path, _operation in found:
            if (method, path) in PUBLIC:
                continue
            answer = call(client, method, path)
            assert answer.status_code == 401, (method, path, answer.text)
            assert answer.headers["WWW-Authenticate"].startswith("Bearer")
            assert answer.json()["error"]["code"] == "unauthorized"


def test_every_call_with_a_key_that_lacks_its_scope_is_403(web: Running) -> None:
    with web.client() as anonymous:
        found = operations(anonymous)
    narrow = {"stock:read": web.keys["orders only"]}
    for method, path, operation in found:
        if (method, path) in PUBLIC:
            continue
        scope = operation["x-required-scope"]
        key = narrow.get(scope, web.keys["stock only"])
        with web.client(key) as client:
            answer = call(client, method, path)
        assert answer.status_code == 403, (method, path, answer.text)
        assert scope in answer.json()["error"]["message"]


def test_health_needs_no_key_and_says_the_database_is_there(web: Running) -> None:
    with web.client() as anonymous:
        answer = anonymous.get("/health")
        also = anonymous.get("/api/v1/health")

    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert answer.json()["database"] == "reachable"
    assert also.status_code == 200


def test_openapi_and_interactive_docs_are_served(web: Running) -> None:
    with web.client() as anonymous:
        description = anonymous.get("/openapi.json")
        docs = anonymous.get("/docs")

    assert description.json()["info"]["title"] == "Warehouse web service"
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_a_body_over_the_limit_is_413(web: Running, shop: httpx.Client) -> None:
    big = {"part_numbers": ["71053"] * 200, "padding": "x" * 300_000}

    answer = shop.post("/api/v1/stock/query", json=big)
    streamed = shop.post(
        "/api/v1/stock/query",
        content=iter([b'{"part_numbers": ["', b"x" * 250_000, b'"]}']),
        headers={"Content-Type": "application/json"},
    )

    assert answer.status_code == 413
    assert "larger than" in answer.json()["error"]["message"]
    assert streamed.status_code == 413


def test_unknown_paths_and_methods_answer_in_the_same_shape(
    shop: httpx.Client,
) -> None:
    missing = shop.get("/api/v1/nothing-here")
    wrong = shop.delete("/api/v1/stock/query")

    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"


def test_too_many_requests_is_429_with_retry_after(
    masters_db: Database,
) -> None:
    masters_db.upgrade()
    keys = make_keys(masters_db)
    with (
        serving(masters_db, settings_for(requests_per_minute=3)) as running,
        running.client(keys["shop"]) as client,
    ):
        answers = [client.get("/api/v1/stock/71053") for _ in range(4)]
        with running.client(keys["other"]) as other:
            someone_else = other.get("/api/v1/stock/71053")

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[3].headers["Retry-After"]) >= 1
    assert answers[3].json()["error"]["code"] == "too_many_requests"
    assert someone_else.status_code == 200


def test_a_failure_nobody_foresaw_is_500_with_a_reference_and_no_trace(
    masters_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    def add_a_broken_call(app: FastAPI) -> None:
        @app.get("/api/v1/broken", include_in_schema=False)
        def broken() -> None:
            raise RuntimeError("SELECT secret FROM inside WHERE it broke")

    masters_db.upgrade()
    with (
        caplog.at_level(logging.ERROR, logger="warehouse.web"),
        serving(masters_db, prepare=add_a_broken_call) as running,
        running.client() as client,
    ):
        answer = client.get("/api/v1/broken")

    assert answer.status_code == 500
    error = answer.json()["error"]
    assert error["reference"] and error["reference"] in error["message"]
    assert "SELECT" not in answer.text and "Traceback" not in answer.text
    logged = [r for r in caplog.records if error["reference"] in r.getMessage()]
    assert logged and logged[0].exc_info is not None
