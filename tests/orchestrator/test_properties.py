"""Arbitrary input never makes decoding raise anything but OrchestratorError (or a Skip)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pidash.contract.provisioning import Candidate, SessionData
from pidash.orchestrator.decoding import decode, list_of, model, nothing
from pidash.orchestrator.errors import OrchestratorError
from pidash.orchestrator.event_decoding import Decoded, Skip, decode_event
from pidash.orchestrator.log_feed import parse_log_entry
from pidash.orchestrator.monitor_feed import parse_frame

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
keys = st.sampled_from(
    ["success", "data", "error", "code", "message", "retryable", "retry_after_seconds", "details",
     "correlation_id", "session", "devices", "id", "state", "mac"]
)  # fmt: skip
envelopes = st.fixed_dictionaries(
    {"success": st.booleans() | json_values},
    optional={
        "data": json_values,
        "error": json_values | st.dictionaries(keys, json_values, max_size=6),
        "code": json_values,
        "correlation_id": json_values,
        "retryable": json_values,
    },
)
headers = st.dictionaries(
    st.sampled_from(["content-type", "retry-after", "x-request-id", "X-Correlation-ID"]), st.text(max_size=30)
)
parsers = st.sampled_from([model(SessionData), list_of("devices", Candidate), nothing])


def _check(status: int, hdrs: dict[str, str], raw: bytes, parse: Any) -> None:
    try:
        decode(status, hdrs, raw, parse)
    except OrchestratorError as err:
        assert err.code and err.message


@settings(max_examples=300, deadline=None)
@given(st.integers(100, 599), headers, st.binary(max_size=200), parsers)
def test_arbitrary_bytes(status: int, hdrs: dict[str, str], raw: bytes, parse: Any) -> None:
    _check(status, hdrs, raw, parse)


@settings(max_examples=300, deadline=None)
@given(st.integers(100, 599), headers, envelopes, parsers)
def test_arbitrary_envelopes(status: int, hdrs: dict[str, str], env: dict[str, Any], parse: Any) -> None:
    _check(status, hdrs, json.dumps(env).encode(), parse)


sse_types = st.none() | st.text(max_size=20) | st.sampled_from(
    ["message", "connection.established", "connection.heartbeat", "session.started", "device.state_changed",
     "device.discovered", "network.started", "network.status_changed", "error.occurred", "session.status"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    sse_types,
    st.fixed_dictionaries(
        {"version": st.sampled_from(["1.0", "2.0"]) | json_values},
        optional={
            "type": sse_types | json_values,
            "payload": json_values,
            "session_id": json_values,
            "timestamp": json_values,
        },
    ),
)
def test_arbitrary_sse_envelopes(sse_event: str | None, env: dict[str, Any]) -> None:
    out = decode_event(sse_event, json.dumps(env))
    assert isinstance(out, Decoded | Skip)


@settings(max_examples=300, deadline=None)
@given(sse_types, st.text(max_size=300))
def test_arbitrary_sse_text(sse_event: str | None, data: str) -> None:
    assert isinstance(decode_event(sse_event, data), Decoded | Skip)
    parse_log_entry(data)
    parse_frame(data)


DEEP = [b"[" * 100_000, b'{"a":' * 100_000, b'{"success": true, "data": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"]


def test_deeply_nested_input_is_refused_not_a_crash() -> None:
    # Nesting deep enough to exhaust Python's recursion limit is malformed input like any other.
    for raw in DEEP:
        _check(200, {"content-type": "application/json"}, raw, list_of("devices", Candidate))
        text = raw.decode()
        assert isinstance(decode_event("device.state_changed", text), Skip)
        assert parse_log_entry(text) is None
        assert parse_frame(text) is None
