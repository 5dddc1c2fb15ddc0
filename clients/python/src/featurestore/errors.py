"""Exceptions raised by the client.

Every error answer of the API (``{"error": code, "message": text}`` with an HTTP status, docs/query.md)
becomes a :class:`FeatureStoreError` subclass chosen by its code, carrying ``status``, ``code`` and the
server's ``message`` unchanged (a bad filter's message names the position of the problem).
"""

from __future__ import annotations

from typing import Any, Mapping


class FeatureStoreError(Exception):
    """An error answered by the API, or found by the client.

    Attributes:
        status: the HTTP status (0 when no answer came, e.g. a timeout).
        code: the API's error code (``query_error``, ``not_found``, ...), or the client's own
            (``timeout``, ``run_failed``, ``bad_response``).
        message: the server's message, verbatim.
    """

    def __init__(self, message: str, *, status: int = 0, code: str = "error") -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def __str__(self) -> str:
        prefix = f"{self.status} " if self.status else ""
        return f"{prefix}{self.code}: {self.message}"


class BadRequestError(FeatureStoreError):
    """400 ``bad_request``: the request itself is wrong (unknown key, wrong JSON type, bad name)."""


class QueryError(BadRequestError):
    """400 ``query_error``: a filter or selection that cannot be used; the message names the position."""


class ForbiddenError(FeatureStoreError):
    """403 ``forbidden``: the caller may not read that org (or the request was not signed)."""


class NotFoundError(FeatureStoreError):
    """404 ``not_found``: no such group, org, version, route or run."""


class ConflictError(FeatureStoreError):
    """409 ``conflict``: e.g. a run of the group is already running for that org."""


class PayloadTooLargeError(FeatureStoreError):
    """413 ``payload_too_large``: the request body or an inline answer is too large."""


class DataError(FeatureStoreError):
    """422 ``data_error``: the data cannot be processed (e.g. sources missing)."""


class StorageError(FeatureStoreError):
    """502 ``storage_error``: the store's storage or engine failed."""


class ServerError(FeatureStoreError):
    """500 ``internal_error`` or any other 5xx answer."""


class FeatureStoreTimeout(FeatureStoreError):
    """The server did not answer in time, or a polled export or run did not finish in time."""


class RunFailedError(FeatureStoreError):
    """A calculation run ended FAILED (or timed out or was aborted on AWS); ``run`` holds its record."""

    def __init__(self, message: str, run: Any) -> None:
        super().__init__(message, code="run_failed")
        self.run = run


_BY_CODE: dict[str, type[FeatureStoreError]] = {
    "bad_request": BadRequestError,
    "query_error": QueryError,
    "forbidden": ForbiddenError,
    "not_found": NotFoundError,
    "method_not_allowed": BadRequestError,
    "conflict": ConflictError,
    "payload_too_large": PayloadTooLargeError,
    "data_error": DataError,
    "storage_error": StorageError,
    "internal_error": ServerError,
}

_BY_STATUS: dict[int, type[FeatureStoreError]] = {
    400: BadRequestError, 403: ForbiddenError, 404: NotFoundError, 409: ConflictError,
    413: PayloadTooLargeError, 422: DataError, 502: StorageError,
}


def error_from_answer(status: int, body: Mapping[str, Any] | None, text: str) -> FeatureStoreError:
    """The exception for an error answer: by the body's ``error`` code, else by the HTTP status.

    API Gateway's own refusals (an unsigned request, a missing route) have ``{"message": ...}`` only.
    """
    code = None
    message = text.strip() or f"HTTP {status}"
    if body is not None:
        code = body.get("error") if isinstance(body.get("error"), str) else None
        if isinstance(body.get("message"), str):
            message = body["message"]
        elif isinstance(body.get("Message"), str):
            message = body["Message"]
    cls = _BY_CODE.get(code or "") or _BY_STATUS.get(status) or (ServerError if status >= 500 else FeatureStoreError)
    return cls(message, status=status, code=code or _default_code(status))


def _default_code(status: int) -> str:
    return {400: "bad_request", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "payload_too_large",
            422: "data_error", 429: "too_many_requests", 502: "storage_error", 504: "timeout"}.get(
        status, "internal_error" if status >= 500 else "error")
