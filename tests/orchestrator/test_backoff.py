"""The reconnect policy, with injected time and randomness (no sleeping)."""

from __future__ import annotations

from pidash.orchestrator.backoff import Backoff, ReconnectPolicy


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_doubles_to_the_cap_without_jitter() -> None:
    b = Backoff(ReconnectPolicy(jitter=0.0), clock=Clock(), rng=lambda: 0.5)
    assert [b.next_delay() for _ in range(8)] == [1, 2, 4, 8, 16, 30, 30, 30]


def test_jitter_stays_below_base_and_above_the_spread() -> None:
    low = Backoff(ReconnectPolicy(jitter=0.2), rng=lambda: 1.0)
    high = Backoff(ReconnectPolicy(jitter=0.2), rng=lambda: 0.0)
    assert [round(low.next_delay(), 3) for _ in range(3)] == [0.8, 1.6, 3.2]
    assert [high.next_delay() for _ in range(3)] == [1, 2, 4]
    capped = Backoff(ReconnectPolicy(jitter=0.2), rng=lambda: 0.0)
    assert max(capped.next_delay() for _ in range(20)) == 30


def test_accept_and_drop_at_once_keeps_climbing() -> None:
    clock = Clock()
    b = Backoff(ReconnectPolicy(jitter=0.0), clock=clock)
    delays = []
    for _ in range(5):
        b.connected()
        clock.now += 0.05  # the server hangs up at once
        delays.append(b.next_delay())
        clock.now += delays[-1]
    assert delays == [1, 2, 4, 8, 16]


def test_a_healthy_connection_resets_the_ladder() -> None:
    clock = Clock()
    b = Backoff(ReconnectPolicy(jitter=0.0, min_healthy=10), clock=clock)
    for _ in range(4):
        b.next_delay()
    b.connected()
    clock.now += 10.5
    assert b.next_delay() == 1


def test_server_retry_sets_the_first_step_and_to_cap_jumps() -> None:
    b = Backoff(ReconnectPolicy(jitter=0.0))
    b.set_server_retry(3.0)
    assert [b.next_delay(), b.next_delay()] == [3, 6]
    assert b.next_delay(to_cap=True) == 30
    b.set_server_retry(0.0)  # a zero retry cannot make a tight loop
    b.reset()
    assert b.next_delay() >= 0.2
    assert Backoff(ReconnectPolicy(jitter=0.0)).next_delay(at_least=7) == 7
