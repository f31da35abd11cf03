"""How long cameras spend in each step of this batch: time in the current step, and an estimate of
the time left computed only from the steps already seen in this batch (no made-up constants)."""

from __future__ import annotations

from collections.abc import Iterable
from statistics import mean

from pidash.contract.provisioning import CandidateState

TIMED_STEPS = (CandidateState.PROVISIONING.value, CandidateState.PROVISIONED.value, CandidateState.VERIFYING.value)
"""The steps the Pi walks by itself; ``discovered`` waits for a person, ``verified``/``failed`` end."""


class StepClock:
    """Per camera: the state seen last and since when (epoch seconds); per step: durations seen."""

    def __init__(self) -> None:
        self._current: dict[str, tuple[str, float]] = {}
        self._durations: dict[str, list[float]] = {step: [] for step in TIMED_STEPS}

    def reset(self) -> None:
        """Another session: its cameras and step times are not this batch's."""
        self._current.clear()
        for durations in self._durations.values():
            durations.clear()

    def observe(self, mac: str, state: str, at: float) -> None:
        """``mac`` is in ``state`` at ``at``; a change ends the previous step and times it."""
        previous = self._current.get(mac)
        if previous is not None and previous[0] == state:
            return
        if previous is not None and previous[0] in self._durations:
            self._durations[previous[0]].append(max(0.0, at - previous[1]))
        self._current[mac] = (state, at)

    def since(self, mac: str) -> float:
        """Epoch seconds at which ``mac`` entered its current state (0: unknown)."""
        current = self._current.get(mac)
        return current[1] if current else 0.0

    def seconds_left(self, pending: Iterable[str], now: float) -> float | None:
        """Time until the last of ``pending`` (MACs still to finish) is verified, or None before
        every step still ahead has been timed at least once in this batch.

        Cameras are walked in parallel by the Pi, so the batch ends with its slowest camera.
        """
        means = {step: mean(d) for step, d in self._durations.items() if d}
        longest = 0.0
        for mac in pending:
            state, since = self._current.get(mac, (CandidateState.DISCOVERED.value, now))
            ahead = TIMED_STEPS if state not in TIMED_STEPS else TIMED_STEPS[TIMED_STEPS.index(state) :]
            if any(step not in means for step in ahead):
                return None
            left = sum(means[step] for step in ahead)
            if state in TIMED_STEPS:
                left -= min(now - since, means[state])
            longest = max(longest, left)
        return longest
