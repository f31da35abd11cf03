"""Roles and capabilities: the one table of who may do what (README, "Who may do what")."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from pidash.i18n import Msg, msg, msg_p


class Role(StrEnum):
    VIEWER = "viewer"
    TECHNICIAN = "technician"
    ADMIN = "admin"


class Capability(StrEnum):
    """A kind of protected action; each has one gate per tab (``tab.gates.<name>``)."""

    PROVISION = "provision"
    """Start, provision, retry, skip, stop and resume batch sessions."""
    ALLOW_DISCOVERED = "allow_discovered"
    """Add a camera discovered in a session to the allowlist."""
    ALLOWLIST = "allowlist"
    """Edit the allowlist: add by MAC, remove, import."""
    CONFIG = "config"
    """Change the Pi's configuration."""
    DOOR = "door"
    """Open and close the vending machine's door."""
    USERS = "users"
    """Manage operator accounts; read and export the audit trail."""


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.VIEWER: frozenset(),
    Role.TECHNICIAN: frozenset({Capability.PROVISION, Capability.ALLOW_DISCOVERED}),
    Role.ADMIN: frozenset(Capability),
}

PI_CAPABILITIES = frozenset(Capability) - {Capability.USERS}
"""What a Pi API key entered in a tab grants by itself (what the key grants on the Pi)."""

ROLE_NAMES: dict[Role, Msg] = {
    Role.VIEWER: msg_p("role", "viewer"),
    Role.TECHNICIAN: msg_p("role", "technician"),
    Role.ADMIN: msg_p("role", "admin"),
}
"""A role as a sentence names it ("Your role (viewer) …"); the stored and audited value stays ``Role``."""
ROLE_WITH_ARTICLE: dict[Role, Msg] = {
    Role.VIEWER: msg("a viewer"),
    Role.TECHNICIAN: msg("a technician"),
    Role.ADMIN: msg("an admin"),
}
SIGN_IN_TO: dict[Capability, Callable[[Msg], Msg]] = {
    Capability.PROVISION: lambda needed: msg(
        "Sign in as {needed} or above to run provisioning sessions.", needed=needed
    ),
    Capability.ALLOW_DISCOVERED: lambda needed: msg(
        "Sign in as {needed} or above to add cameras to the allowlist.", needed=needed
    ),
    Capability.ALLOWLIST: lambda needed: msg("Sign in as {needed} or above to edit the allowlist.", needed=needed),
    Capability.CONFIG: lambda needed: msg("Sign in as {needed} or above to change the configuration.", needed=needed),
    Capability.DOOR: lambda needed: msg("Sign in as {needed} or above to open or close the door.", needed=needed),
    Capability.USERS: lambda needed: msg(
        "Sign in as {needed} or above to manage operators or read the audit trail.", needed=needed
    ),
}
"""Why an anonymous visitor may not do a capability; ``needed`` is a :data:`ROLE_NAMES` entry."""
ROLE_MAY_NOT: dict[Capability, Callable[[Msg, Msg], Msg]] = {
    Capability.PROVISION: lambda role, needed: msg(
        "Your role ({role}) may not run provisioning sessions: {needed} or above may.", role=role, needed=needed
    ),
    Capability.ALLOW_DISCOVERED: lambda role, needed: msg(
        "Your role ({role}) may not add cameras to the allowlist: {needed} or above may.", role=role, needed=needed
    ),
    Capability.ALLOWLIST: lambda role, needed: msg(
        "Your role ({role}) may not edit the allowlist: {needed} or above may.", role=role, needed=needed
    ),
    Capability.CONFIG: lambda role, needed: msg(
        "Your role ({role}) may not change the configuration: {needed} or above may.", role=role, needed=needed
    ),
    Capability.DOOR: lambda role, needed: msg(
        "Your role ({role}) may not open or close the door: {needed} or above may.", role=role, needed=needed
    ),
    Capability.USERS: lambda role, needed: msg(
        "Your role ({role}) may not manage operators or read the audit trail: {needed} or above may.",
        role=role,
        needed=needed,
    ),
}
"""Why a signed-in role may not do a capability; ``needed`` is a :data:`ROLE_WITH_ARTICLE` entry."""


def refusal_by_role(capability: Capability, role: Role | None) -> Msg:
    """The sentence refusing ``capability`` to ``role`` (None: not signed in and nothing granted)."""
    needed = least_role(capability)
    if role is None:
        return SIGN_IN_TO[capability](ROLE_NAMES[needed])
    return ROLE_MAY_NOT[capability](ROLE_NAMES[role], ROLE_WITH_ARTICLE[needed])


def least_role(capability: Capability) -> Role:
    """The first role (viewer < technician < admin) that may do ``capability``."""
    return next(role for role in Role if capability in ROLE_CAPABILITIES[role])


def parse_role(raw: str) -> Role:
    """``Role`` from its name; ``ValueError`` with the valid names otherwise."""
    try:
        return Role(raw.strip().lower())
    except ValueError:
        raise ValueError(f"Unknown role {raw!r}: use one of {', '.join(r.value for r in Role)}.") from None
