"""One server-side state per dashboard process; pages are views of it."""

from pidash.store.errors import ShownError, shown_error
from pidash.store.feeds import MONITOR_FEED, PROVISIONING_FEED
from pidash.store.keys import FeedKeyPolicy
from pidash.store.rows import AuthStatus, DeviceRow, FeedStatus, SessionSummary
from pidash.store.store import DashboardStore
from pidash.store.sync import StoreSync

__all__ = [
    "MONITOR_FEED",
    "PROVISIONING_FEED",
    "AuthStatus",
    "DashboardStore",
    "DeviceRow",
    "FeedKeyPolicy",
    "FeedStatus",
    "SessionSummary",
    "ShownError",
    "StoreSync",
    "shown_error",
]
