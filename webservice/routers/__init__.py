"""The calls of the web service, one module per subject."""

from __future__ import annotations

from typing import Any

from webservice.schemas import ErrorBody

# Answers every authenticated call may give, in the OpenAPI description.
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No API key, or one that is not valid."},
    403: {"model": ErrorBody, "description": "The key may not make this call."},
    422: {"model": ErrorBody, "description": "A field is missing or not right."},
    429: {"model": ErrorBody, "description": "Too many requests; see Retry-After."},
}
