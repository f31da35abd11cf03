"""Roles and capabilities: the one table of who may do what (README, "Who may do what")."""

from __future__ import annotations

from enum import StrEnum


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

WHAT = {
    Capability.PROVISION: "run provisioning sessions",
    Capability.ALLOW_DISCOVERED: "add cameras to the allowlist",
    Capability.ALLOWLIST: "edit the allowlist",
    Capability.CONFIG: "change the configuration",
    Capability.DOOR: "open or close the door",
    Capability.USERS: "manage operators or read the audit trail",
}


def least_role(capability: Capability) -> Role:
    """The first role (viewer < technician < admin) that may do ``capability``."""
    return next(role for role in Role if capability in ROLE_CAPABILITIES[role])


def parse_role(raw: str) -> Role:
    """``Role`` from its name; ``ValueError`` with the valid names otherwise."""
    try:
        return Role(raw.strip().lower())
    except ValueError:
        raise ValueError(f"Unknown role {raw!r}: use one of {', '.join(r.value for r in Role)}.") from None
