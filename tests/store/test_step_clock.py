"""The batch's step clock: time in step, and an estimate only from the steps this batch has shown."""

from __future__ import annotations

from pidash.store.step_clock import StepClock


def test_no_estimate_before_every_step_ahead_was_seen() -> None:
    clock = StepClock()
    clock.observe("A", "discovered", 0)
    clock.observe("A", "provisioning", 10)
    clock.observe("A", "provisioned", 14)
    assert clock.seconds_left(["B"], 20) is None  # verifying has not been timed yet


def test_the_estimate_is_the_slowest_camera_from_the_mean_step_times() -> None:
    clock = StepClock()
    for mac, start in (("A", 0.0), ("B", 2.0)):
        clock.observe(mac, "provisioning", start)
        clock.observe(mac, "provisioned", start + 4)  # provisioning: 4 s
        clock.observe(mac, "verifying", start + 5)  # provisioned: 1 s
        clock.observe(mac, "verified", start + 11)  # verifying: 6 s
    clock.observe("C", "discovered", 20)
    clock.observe("D", "verifying", 20)
    assert clock.since("D") == 20
    # C has every step ahead (11 s); D is 2 s into verifying (6 s): 4 s left. The batch ends with C.
    assert clock.seconds_left(["C", "D"], 22) == 11
    assert clock.seconds_left(["D"], 22) == 4
    clock.reset()
    assert clock.seconds_left(["C"], 22) is None
