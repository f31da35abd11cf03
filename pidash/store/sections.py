"""The Pi's other sections (system, health, Wi-Fi, door, config, cameras) as the store holds them.

Each section is in one of five states a page shows differently: *loading* (nothing read yet),
*ready*, *empty* (read, nothing in it), *error* (the last read failed; the last good data is
kept) and *unavailable* (this Pi does not have the endpoint: it answered 404, 405 or 501, or a
proxy's 503 page).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from nicegui import Event

from pidash.orchestrator import NOT_V1_API, OrchestratorError
from pidash.store.errors import ShownError, shown_error

SYSTEM = "system"
HEALTH = "health"
WIFI = "wifi"
WIFI_SCAN = "wifi_scan"
DOOR = "door"
CONFIG = "config"
CAMERAS = "cameras"
SECTION_NAMES = (SYSTEM, HEALTH, WIFI, WIFI_SCAN, DOOR, CONFIG, CAMERAS)

UNAVAILABLE_STATUSES = frozenset({404, 405, 501})


class SectionStatus(StrEnum):
    LOADING = "loading"
    READY = "ready"
    EMPTY = "empty"
    ERROR = "error"
    UNAVAILABLE = "unavailable"


def is_unavailable(err: OrchestratorError) -> bool:
    """The endpoint does not exist on this Pi (an older firmware, or a proxy in front of it)."""
    if err.http_status in UNAVAILABLE_STATUSES:
        return True
    return err.http_status == 503 and err.code == NOT_V1_API


@dataclass
class SectionState:
    name: str
    status: SectionStatus = SectionStatus.LOADING
    data: Any = None
    """The last good data (kept while a later read fails)."""
    error: ShownError | None = None
    loaded_at: float | None = None
    """Unix time of the last good read."""
    busy: bool = False
    """A read is in flight (pages show a small spinner, not the loading state)."""
    version: int = 0
    """Counts the answers taken (data or failure): a read that began at an older version answers
    from before what is shown, and is dropped (:meth:`SectionPoller.read`)."""
    changed: Event[[]] = field(default_factory=Event)

    def set_data(self, data: Any, *, empty: bool = False) -> None:
        """The Pi's answer: a read's, or a command's reply (the door opened, a config value saved)."""
        self.version += 1
        if data != self.data:  # an equal answer keeps the object, so views need not rebuild
            self.data = data
        self.error = None
        self.loaded_at = time.time()
        self.status = SectionStatus.EMPTY if empty else SectionStatus.READY
        self.changed.emit()

    def set_failure(self, err: BaseException) -> None:
        self.version += 1
        self.error = shown_error(err)
        if isinstance(err, OrchestratorError) and is_unavailable(err):
            self.status = SectionStatus.UNAVAILABLE
            self.data = None
        else:
            self.status = SectionStatus.ERROR
        self.changed.emit()

    def set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.changed.emit()


class Sections:
    """One :class:`SectionState` per section name."""

    def __init__(self) -> None:
        self.by_name = {name: SectionState(name) for name in SECTION_NAMES}

    def __getitem__(self, name: str) -> SectionState:
        return self.by_name[name]
