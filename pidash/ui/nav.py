"""The pages of the dashboard and the navigation drawer, from ONE list.

Adding a page: write ``pidash/ui/pages/<name>.py`` with a ``build(ctx)`` function, and add one
``NavEntry`` line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pidash.ui.pages.allowlist as allowlist_page
import pidash.ui.pages.provisioning as provisioning_page
from pidash.settings import DashboardSettings
from pidash.ui.pages import audit as audit_page
from pidash.ui.pages import cameras as cameras_page
from pidash.ui.pages import config as config_page
from pidash.ui.pages import door as door_page
from pidash.ui.pages import history as history_page
from pidash.ui.pages import logs as logs_page
from pidash.ui.pages import monitoring as monitoring_page
from pidash.ui.pages import system as system_page
from pidash.ui.pages import users as users_page
from pidash.ui.pages import wifi as wifi_page
from pidash.ui.pages.context import PageBuilder


def always(_settings: DashboardSettings) -> bool:
    return True


def batch(settings: DashboardSettings) -> bool:
    return settings.batch_provisioning


@dataclass(frozen=True)
class NavEntry:
    path: str
    label: str
    icon: str
    build: PageBuilder
    enabled: Callable[[DashboardSettings], bool] = always
    """Feature switch: the page exists only when this says so."""
    in_drawer: bool = True


NAV: list[NavEntry] = [
    NavEntry("/", "Provisioning", "settings_input_antenna", provisioning_page.build, batch),
    NavEntry("/allowlist", "Allowlist", "playlist_add_check", allowlist_page.build, batch),
    NavEntry("/history", "History", "history", history_page.build, batch),
    NavEntry("/monitoring", "Monitoring", "monitor_heart", monitoring_page.build),
    NavEntry("/system", "System", "developer_board", system_page.build),
    NavEntry("/wifi", "Wi-Fi", "wifi", wifi_page.build),
    NavEntry("/cameras", "Cameras", "videocam", cameras_page.build),
    NavEntry("/door", "Door", "sensor_door", door_page.build),
    NavEntry("/config", "Configuration", "tune", config_page.build),
    NavEntry("/logs", "Logs", "receipt_long", logs_page.build),
    NavEntry("/users", "Operators", "manage_accounts", users_page.build),
    NavEntry("/audit", "Audit", "fact_check", audit_page.build),
]


def enabled_entries(settings: DashboardSettings) -> list[NavEntry]:
    return [entry for entry in NAV if entry.enabled(settings)]
