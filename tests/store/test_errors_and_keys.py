"""Errors as values for the error display, and the feeds' key policy."""

from __future__ import annotations

from pydantic import SecretStr

from pidash.orchestrator import CONNECTION_FAILED, OrchestratorError
from pidash.store import FeedKeyPolicy, shown_error
from pidash.store.errors import UNREACHABLE_CODE


def test_rate_limited_counts_down_from_thirty_seconds() -> None:
    err = shown_error(OrchestratorError("RATE_LIMITED", correlation_id="cid-1", http_status=429))
    assert (err.code, err.retryable, err.retry_after_seconds, err.correlation_id) == ("RATE_LIMITED", True, 30, "cid-1")
    assert str(err.message) == "Too many requests. Please wait before trying again."
    assert err.seconds_left(now=err.at) == 30
    assert err.seconds_left(now=err.at + 29.5) == 1
    assert err.seconds_left(now=err.at + 31) == 0


def test_retry_after_given_by_the_pi_wins() -> None:
    err = shown_error(OrchestratorError("DEVICE_TIMEOUT", retry_after_seconds=12))
    assert err.seconds_left(now=err.at) == 12


def test_unauthorized_says_what_to_do_whatever_the_backend_said() -> None:
    err = shown_error(OrchestratorError("UNAUTHORIZED", "API key required", http_status=401, correlation_id="c"))
    assert str(err.message) == "Authentication required. Please configure your API key."
    assert (err.retryable, err.retry_at) == (False, None)


def test_client_side_codes_keep_their_sentence() -> None:
    err = shown_error(OrchestratorError(CONNECTION_FAILED, details="ConnectError: refused"))
    assert err.retryable is True
    assert "could not be reached" in str(err.message)
    assert err.details == "ConnectError: refused"


def test_any_other_exception_is_shown_as_unreachable() -> None:
    assert shown_error(RuntimeError("boom")).code == UNREACHABLE_CODE


def test_configured_key_wins_over_tab_keys() -> None:
    policy = FeedKeyPolicy(SecretStr("configured"))
    assert policy.offer("tab-1", SecretStr("typed")) is False
    assert policy.effective is not None and policy.effective.get_secret_value() == "configured"


def test_most_recent_accepted_tab_key_then_fallback_on_forget() -> None:
    policy = FeedKeyPolicy(None)
    assert policy.effective is None
    assert policy.offer("tab-1", SecretStr("k1")) is True
    assert policy.offer("tab-2", SecretStr("k2")) is True
    assert policy.offer("tab-2", SecretStr("k2")) is False
    assert policy.withdraw("tab-1") is False
    assert policy.withdraw("tab-2") is True
    assert policy.effective is None


def test_empty_configured_key_counts_as_none() -> None:
    assert FeedKeyPolicy(SecretStr("")).configured is None


def test_a_refused_configured_key_gives_way_to_an_accepted_tab_key() -> None:
    policy = FeedKeyPolicy(SecretStr("rotated-away"))
    assert policy.refuse_configured() is False  # no tab key yet: nothing better to use
    effective = policy.effective
    assert effective is not None and effective.get_secret_value() == "rotated-away"
    assert policy.offer("tab-1", SecretStr("current")) is True
    effective = policy.effective
    assert effective is not None and effective.get_secret_value() == "current"
    assert policy.withdraw("tab-1") is True  # back to the configured key, refused or not
    effective = policy.effective
    assert effective is not None and effective.get_secret_value() == "rotated-away"


def test_a_configured_key_in_use_is_not_replaced_by_a_tab_key() -> None:
    policy = FeedKeyPolicy(SecretStr("configured"))
    assert policy.offer("tab-1", SecretStr("other")) is False
    effective = policy.effective
    assert effective is not None and effective.get_secret_value() == "configured"
