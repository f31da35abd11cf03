"""What a page builder receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pidash.ui.services import Services
from pidash.ui.tab_auth import TabAuth


@dataclass(frozen=True)
class PageContext:
    services: Services
    tab: TabAuth


PageBuilder = Callable[[PageContext], None]
