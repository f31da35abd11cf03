"""The V1 client: typed REST calls, typed errors, and the three live feeds."""

from pidash.orchestrator.backoff import DEFAULT_POLICY, Backoff, ReconnectPolicy
from pidash.orchestrator.client import OrchestratorClient
from pidash.orchestrator.connection import FeedState, MonitorSource
from pidash.orchestrator.errors import (
    CONNECTION_FAILED,
    CONTRACT_VIOLATION,
    NOT_V1_API,
    OrchestratorError,
)
from pidash.orchestrator.events import (
    BackendErrorEvent,
    DeviceChanged,
    DevicePatched,
    NetworkChanged,
    ProvisioningEvent,
    SessionChanged,
    SessionSnapshot,
    StreamOpened,
)
from pidash.orchestrator.log_feed import LogFeed
from pidash.orchestrator.monitor_feed import MonitorFeed
from pidash.orchestrator.provisioning_feed import ProvisioningFeed
from pidash.orchestrator.session_view import SessionView
from pidash.orchestrator.transport import Reply

__all__ = [
    "CONNECTION_FAILED",
    "CONTRACT_VIOLATION",
    "DEFAULT_POLICY",
    "NOT_V1_API",
    "BackendErrorEvent",
    "Backoff",
    "DeviceChanged",
    "DevicePatched",
    "FeedState",
    "LogFeed",
    "MonitorFeed",
    "MonitorSource",
    "NetworkChanged",
    "OrchestratorClient",
    "OrchestratorError",
    "ProvisioningEvent",
    "ProvisioningFeed",
    "ReconnectPolicy",
    "Reply",
    "SessionChanged",
    "SessionSnapshot",
    "SessionView",
    "StreamOpened",
]
