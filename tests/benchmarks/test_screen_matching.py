"""The live-view benchmark's arithmetic on plain data: matching tap stamps with screen stamps."""

from __future__ import annotations

import math

from benchmarks.harness import percentile
from benchmarks.screens import BatchResult, Screen, match, runs_line

TAP = {
    "AA": [("discovered", 100.0), ("provisioning", 101.0), ("provisioned", 101.002), ("verified", 103.0)],
    "BB": [("discovered", 100.5), ("provisioning", 101.0), ("failed", 102.0)],
}


def test_latency_is_screen_minus_tap_and_skipped_states_are_counted() -> None:
    screen = Screen(
        stamps=[
            ("AA", "discovered", 100_050.0),
            ("BB", "discovered", 100_800.0),
            ("AA", "provisioning", 101_300.0),  # provisioned was skipped over
            ("AA", "verified", 103_020.0),
            ("BB", "provisioning", 101_010.0),
        ],  # BB never showed failed
        final={"AA": "verified", "BB": "provisioning"},
        loads=1,
    )
    matched = match(TAP, screen)
    assert [round(v) for v in matched.latencies_ms] == [50, 300, 20, 300, 10]
    assert matched.never_shown == {"provisioned": 1, "failed": 1}
    assert [round(v) for v in matched.unshown_lifetimes_ms] == [1998]  # a final state has no lifetime


def test_a_label_shown_before_an_earlier_state_does_not_match_it() -> None:
    screen = Screen(stamps=[("BB", "failed", 102_100.0), ("BB", "discovered", 102_200.0)], final={}, loads=1)
    matched = match({"BB": TAP["BB"]}, screen)
    assert [round(v) for v in matched.latencies_ms] == [1700]  # discovered only: failed came before it
    assert matched.never_shown == {"provisioning": 1, "failed": 1}


def test_percentile_interpolates_and_is_nan_when_empty() -> None:
    assert percentile([10, 20, 30, 40], 50) == 25
    assert percentile([5], 99) == 5
    assert percentile([1, 2, 3, 4, 5], 100) == 5
    assert math.isnan(percentile([], 50))


def test_several_runs_give_the_median_and_every_p95_sorted() -> None:
    runs = [BatchResult(cameras=50, browsers=5, latencies_ms=[float(v)] * 20) for v in (160, 80, 100)]
    runs[1].never_shown["provisioned"] = 2
    assert runs_line(runs) == (
        "50 cameras x 5 browsers, 3 runs: p95 median 100 ms (each run: 80 ms, 100 ms, 160 ms); "
        "states never shown in all runs: 2"
    )


def test_arrival_is_the_first_frame_bringing_the_row_in_that_state() -> None:
    screen = Screen(
        stamps=[("AA", "discovered", 100_050.0), ("AA", "provisioning", 101_300.0), ("AA", "verified", 103_020.0)],
        final={"AA": "verified"},
        loads=1,
        arrivals=[
            ("AA", "discovered", 100_010.0),
            ("AA", "discovered", 100_900.0),  # a resync sends the row again: the first counts
            ("AA", "provisioning", 101_100.0),
            ("AA", "provisioned", 101_150.0),  # arrived, never shown: no latency to split
            ("AA", "verified", 103_005.0),
        ],
    )
    matched = match({"AA": TAP["AA"]}, screen)
    assert [round(v) for v in matched.latencies_ms] == [50, 300, 20]
    assert [round(v) for v in matched.arrival_ms] == [10, 100, 5]
