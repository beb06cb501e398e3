"""A bounded property-based run over the whole API, from its OpenAPI description.

Schemathesis makes requests from the published description, valid ones and
broken ones, with a valid key; no answer may be a server error, and every
error answers in the one documented shape. Kept small and derandomized, so
it takes seconds and fails the same way every time.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from tests.webservice.conftest import Running

EXAMPLES = 20


@pytest.mark.parametrize(
    "mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
)
def test_no_request_gets_a_server_error(web: Running, mode: Any) -> None:
    description = schemathesis.openapi.from_url(f"{web.url}/openapi.json")
    key = {"Authorization": f"Bearer {web.keys['shop']}"}
    operations = [result.ok() for result in description.get_all_operations()]
    assert len(operations) >= 7

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: Any) -> None:
            response = case.call(base_url=web.url, headers=key)
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} -> {response.status_code}:"
                f" {response.text[:500]}"
            )
            if response.status_code >= 400:
                assert "Traceback" not in response.text
                assert set(response.json()) == {"error"}

        try:
            no_server_error()
        except Unsatisfiable:
            # Nothing can be broken in a call that takes no input (/health).
            assert mode is schemathesis.GenerationMode.NEGATIVE
            assert operation.path == "/health"
