"""Pure decoding of V1 answers, whatever the HTTP status (no I/O; unit-tested on plain data).

A body is one of: a success envelope, the nested error envelope, the auth middleware's flat
401, nothing (204), or something that is not the V1 API at all (an HTML page, a proxy's
error, a legacy shape).
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from pidash.contract.base import find_drift
from pidash.i18n import Msg, msg_n
from pidash.orchestrator.errors import CONTRACT_VIOLATION, NOT_V1_API, OrchestratorError

logger = logging.getLogger("pidash.orchestrator")

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

CORRELATION_HEADERS = ("x-correlation-id", "x-request-id")
_MAX_DETAIL = 300


@dataclass(frozen=True)
class Decoded(Generic[T]):
    data: T
    correlation_id: str | None
    drift: list[str]
    """Extra fields and unknown enum values found in ``data`` (see ``contract.find_drift``)."""
    timestamp: datetime | None = None
    """The envelope's ``timestamp`` (the Pi's clock when it answered), if it sent a readable one."""


Parser = Callable[[Any], T]
"""Turns the envelope's ``data`` into the typed value; raises ``ValidationError`` if it cannot."""


def load_json(text: str | bytes) -> Any:
    """``json.loads`` for untrusted input: every failure (bad syntax or encoding, nesting deep
    enough to exhaust the recursion limit) is a ``ValueError``."""
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(f"not JSON: {type(exc).__name__}") from None


def model(cls: type[M]) -> Parser[M]:
    return cls.model_validate


def unwrap(key: str, cls: type[M]) -> Parser[M]:
    """``{key: {...}}`` or, tolerantly, the object itself."""

    def parse(data: Any) -> M:
        if isinstance(data, dict) and isinstance(data.get(key), dict):
            return cls.model_validate(data[key])
        return cls.model_validate(data)

    return parse


class ItemList(list[T]):
    """A decoded list that remembers the items it had to leave out (one bad record never hides the
    others): ``unreadable`` counts them, ``problems`` says why (field paths, never values)."""

    def __init__(self, items: list[T] | None = None, problems: list[str] | None = None) -> None:
        super().__init__(items or [])
        self.problems: list[str] = problems or []

    @property
    def unreadable(self) -> int:
        return len(self.problems)


def unreadable_note(data: Any) -> Msg | None:
    """ "1 item could not be read" for a list that left items out, else None."""
    count = data.unreadable if isinstance(data, ItemList) else 0
    if not count:
        return None
    return msg_n("{count} item could not be read", "{count} items could not be read", count)


def _problem(exc: ValidationError) -> str:
    """What was wrong with one item, by field path and error type only (no values: they may be secret)."""
    parts = [f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['type']}" for e in exc.errors()[:3]]
    return "; ".join(parts)


def list_of(key: str, cls: type[M]) -> Parser[list[M]]:
    """A list the Pi may send wrapped (``{key: [...]}``), bare, or as ``null`` (read as ``[]``).

    Decoded item by item into an :class:`ItemList`: an undecodable item is left out and counted.
    """

    def parse(data: Any) -> list[M]:
        if isinstance(data, dict) and key in data:
            data = data[key]
        if data is None:
            return ItemList()
        if not isinstance(data, list):
            raise TypeError(f"expected a list of {cls.__name__}, got {type(data).__name__}")
        items: list[M] = []
        problems: list[str] = []
        for index, raw in enumerate(data):
            try:
                items.append(cls.model_validate(raw))
            except ValidationError as exc:
                problems.append(f"[{index}] {_problem(exc)}")
        return ItemList(items, problems)

    return parse


def maybe(parse: Parser[T]) -> Parser[T | None]:
    """``parse``, or None for an answer without data (``success: true`` alone, a 202/204 with no body)."""

    def parse_or_none(data: Any) -> T | None:
        return None if data is None else parse(data)

    return parse_or_none


def nothing(data: Any) -> None:
    return None


def correlation_id_of(headers: Mapping[str, str], body: Any) -> str | None:
    """The answer's correlation id: body ``correlation_id`` (or ``request_id``), else the
    ``X-Correlation-ID`` / ``X-Request-Id`` response headers."""
    if isinstance(body, dict):
        for key in ("correlation_id", "request_id"):
            cid = body.get(key)
            if isinstance(cid, str) and cid:
                return cid
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in CORRELATION_HEADERS:
        value = lowered.get(name)
        if value:
            return value
    return None


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(0.0, seconds)


_WAIT = re.compile(r"(?:retry|try again|wait)\D{0,20}?(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|secs|seconds?)\b", re.I)


def wait_in_text(text: str) -> float | None:
    """A wait named only in free text (field notes: ``RATE_LIMITED`` with the wait in ``details``),
    e.g. ``"rate limit exceeded, retry after 1 second"`` → 1.0; None if none is named."""
    match = _WAIT.search(text[:_MAX_DETAIL])
    if match is None:
        return None
    value = float(match.group(1))
    return value / 1000 if match.group(2).lower().startswith("m") else value


def _short(text: str) -> str:
    return text if len(text) <= _MAX_DETAIL else text[:_MAX_DETAIL] + "…"


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for k, v in headers.items():
        if k.lower() == name:
            return v
    return None


def not_v1(
    status: int, headers: Mapping[str, str], body: bytes, correlation_id: str | None, why: str
) -> OrchestratorError:
    ctype = _header(headers, "content-type") or "no content type"
    snippet = body[:120].decode("utf-8", "replace").strip()
    # A gateway's 502/503/504 page is temporary: worth retrying, at the pace it names.
    temporary = status in (502, 503, 504)
    return OrchestratorError(
        NOT_V1_API,
        http_status=status,
        retryable=temporary,
        retry_after_seconds=parse_retry_after(_header(headers, "retry-after")) if temporary else None,
        details=_short(f"{why} (HTTP {status}, {ctype}): {snippet!r}"),
        correlation_id=correlation_id,
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value == value and value >= 0 and value != float("inf") else None


def error_from_body(status: int, headers: Mapping[str, str], body: dict[str, Any]) -> OrchestratorError:
    """The nested V1 error or the flat 401, read tolerantly (a field of the wrong type is ignored)."""
    cid = correlation_id_of(headers, body)
    err = body.get("error")
    if isinstance(err, dict):  # nested: error: {code, message, retryable, retry_after_seconds, details}
        fields: Mapping[str, Any] = err
    else:  # flat: error: "API key required", code / retryable beside it
        fields = body
    code = fields.get("code")
    if not isinstance(code, str) or not code:
        code = body.get("code") if isinstance(body.get("code"), str) and body.get("code") else None
    if code is None:
        code = "UNAUTHORIZED" if status == 401 else "INTERNAL_ERROR" if status >= 500 else "UNKNOWN_ERROR"
    backend_message = fields.get("message") if isinstance(fields.get("message"), str) else None
    if backend_message is None and isinstance(err, str):
        backend_message = err
    retryable = fields.get("retryable")
    retry_after = _number(fields.get("retry_after_seconds"))
    if retry_after is None:
        retry_after = parse_retry_after(_header(headers, "retry-after"))
    details = fields.get("details")
    if retry_after is None and isinstance(details, str):
        retry_after = wait_in_text(details)
    return OrchestratorError(
        code,
        backend_message=backend_message,
        http_status=status,
        retryable=retryable if isinstance(retryable, bool) else None,
        retry_after_seconds=retry_after,
        details=_short(details) if isinstance(details, str) else None,
        correlation_id=cid,
    )


ACCEPTED = 202
ENVELOPE_KEYS = frozenset({"success", "correlation_id", "request_id", "timestamp"})


def decode(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    parse: Parser[T],
    *,
    legacy: bool = False,
) -> Decoded[T]:
    """Decode one answer; raises :class:`OrchestratorError` for every kind of failure.

    A success without ``data`` (Pi team: command replies, deletes) gives ``parse(None)``. A
    ``legacy`` route (field notes: unversioned routes) may answer a *flat* envelope (``success``
    beside the payload fields: they are the data) or no envelope at all (the body is the data).
    """
    header_cid = correlation_id_of(headers, None)
    if status == 204 or (not body.strip() and 200 <= status < 300):
        try:
            return Decoded(parse(None), header_cid, [])
        except (ValidationError, ValueError, TypeError) as exc:
            raise OrchestratorError(
                CONTRACT_VIOLATION, http_status=status, details=_short(str(exc)), correlation_id=header_cid
            ) from None
    ctype = (_header(headers, "content-type") or "").lower()
    if "html" in ctype:
        raise not_v1(status, headers, body, header_cid, "an HTML page came back")
    try:
        payload = load_json(body)
    except ValueError:
        raise not_v1(status, headers, body, header_cid, "the answer is not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("success"), bool):
        if not (legacy or status == ACCEPTED) or status >= 400:
            raise not_v1(status, headers, body, header_cid, "the answer has no V1 envelope")
        raw: Any = payload  # legacy or a 202 (Pi team: bare counts or {mac, state, message}): the body is the data
    elif payload["success"] is False:
        raise error_from_body(status, headers, payload)
    elif "data" in payload:
        raw = payload["data"]
    elif legacy:  # flat: the fields beside ``success`` are the data
        raw = {k: v for k, v in payload.items() if k not in ENVELOPE_KEYS}
    else:
        raw = None
    cid = correlation_id_of(headers, payload)
    try:
        data = parse(raw)
    except (ValidationError, TypeError) as exc:
        raise OrchestratorError(
            CONTRACT_VIOLATION, http_status=status, details=_short(str(exc)), correlation_id=cid
        ) from None
    return Decoded(data, cid, drift_of(data), envelope_time(payload.get("timestamp")))


def envelope_time(value: Any) -> datetime | None:
    """An envelope's RFC 3339 ``timestamp`` as an aware datetime (naive is read as UTC); None if
    absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def drift_of(value: Any) -> list[str]:
    if isinstance(value, list):
        out: list[str] = []
        for i, item in enumerate(value):
            out.extend(find_drift(item, f"[{i}]."))
        return out
    return find_drift(value)


_INDEX = re.compile(r"\[[^\]]*\]")


def drift_key(where: str, entry: str) -> str:
    """What "logged once" is keyed by: the place, with list indexes and map keys folded."""
    return f"{where} {_INDEX.sub('[]', entry.split('=')[0])}"


def log_drift_once(seen: set[str], where: str, drift: list[str], suffix: str = "") -> None:
    """Warn about each drift entry the first time it is seen at ``where`` (``seen`` remembers)."""
    for entry in drift:
        key = drift_key(where, entry)
        if key not in seen:
            seen.add(key)
            logger.warning("contract drift in %s: %s%s", where, entry, suffix)
