"""The pages of the dashboard and the navigation drawer, from ONE list.

Adding a page: write ``pidash/ui/pages/<name>.py`` with a ``build(ctx)`` function, and add one
``NavEntry`` line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pidash.ui.pages.allowlist as allowlist_page
import pidash.ui.pages.provisioning as provisioning_page
from pidash.i18n import Msg, msg
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
    label: Msg
    icon: str
    build: PageBuilder
    enabled: Callable[[DashboardSettings], bool] = always
    """Feature switch: the page exists only when this says so."""
    in_drawer: bool = True


NAV: list[NavEntry] = [
    NavEntry("/", msg("Provisioning"), "settings_input_antenna", provisioning_page.build, batch),
    NavEntry("/allowlist", msg("Allowlist"), "playlist_add_check", allowlist_page.build, batch),
    NavEntry("/history", msg("History"), "history", history_page.build, batch),
    NavEntry("/monitoring", msg("Monitoring"), "monitor_heart", monitoring_page.build),
    NavEntry("/system", msg("System"), "developer_board", system_page.build),
    NavEntry("/wifi", msg("Wi-Fi"), "wifi", wifi_page.build),
    NavEntry("/cameras", msg("Cameras"), "videocam", cameras_page.build),
    NavEntry("/door", msg("Door"), "sensor_door", door_page.build),
    NavEntry("/config", msg("Configuration"), "tune", config_page.build),
    NavEntry("/logs", msg("Logs"), "receipt_long", logs_page.build),
    NavEntry("/users", msg("Operators"), "manage_accounts", users_page.build),
    NavEntry("/audit", msg("Audit"), "fact_check", audit_page.build),
]


def enabled_entries(settings: DashboardSettings) -> list[NavEntry]:
    return [entry for entry in NAV if entry.enabled(settings)]
