"""The Pi's configuration (``GET /api/v1/config``, ``PUT /api/v1/config/{key}``), persisted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pidash.contract.errors import ErrorCode
from pidash.contract.provisioning import (
    DEFAULT_DISCOVERY_TIMEOUT,
    DEFAULT_PROVISIONING_TIMEOUT,
    DEFAULT_VERIFICATION_TIMEOUT,
    MAX_DEVICE_RETRIES,
    MAX_TIMEOUT_SECONDS,
    SessionConfig,
)
from pidash.contract.system import ConfigData, ConfigItem, ConfigSection
from pidash.sim.dialect import config_item, config_sections
from pidash.sim.errors import SimError
from pidash.sim.persistence import SimDatabase
from pidash.sim.records import ONBOARDING_SSID

SECRET_MASK = "********"


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    default: Any
    type: str
    description: str
    secret: bool = False
    editable: bool = True
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


CATALOG: dict[str, tuple[Setting, ...]] = {
    "system": (
        Setting("system.hostname", "pi-orchestrator", "string", "Host name of the Pi", editable=False),
        Setting("system.log_level", "info", "string", "Log verbosity", choices=("debug", "info", "warning", "error")),
        Setting("system.timezone", "Europe/Berlin", "string", "Time zone"),
    ),
    "mqtt": (
        Setting("mqtt.broker_host", "127.0.0.1", "string", "MQTT broker host"),
        Setting("mqtt.broker_port", 8883, "int", "MQTT broker port", minimum=1, maximum=65535),
        Setting("mqtt.username", "orchestrator", "string", "MQTT user name"),
        Setting("mqtt.password", "mqtt-s3cret", "string", "MQTT password", secret=True),
        Setting("mqtt.tls", True, "bool", "Use TLS towards the broker"),
    ),
    "network": (
        Setting("network.onboarding_ssid", ONBOARDING_SSID, "string", "Onboarding access point", editable=False),
        Setting("network.onboarding_channel", 6, "int", "Onboarding Wi-Fi channel", minimum=1, maximum=13),
        Setting("network.dhcp_lease_minutes", 30.0, "float", "DHCP lease on the onboarding network", minimum=1),
    ),
    "provisioning": (
        Setting(
            "provisioning.discovery_timeout_seconds",
            DEFAULT_DISCOVERY_TIMEOUT,
            "int",
            "Default discovery window",
            minimum=1,
            maximum=MAX_TIMEOUT_SECONDS,
        ),
        Setting(
            "provisioning.provisioning_timeout_seconds",
            DEFAULT_PROVISIONING_TIMEOUT,
            "int",
            "Default provisioning timeout",
            minimum=1,
            maximum=MAX_TIMEOUT_SECONDS,
        ),
        Setting(
            "provisioning.verification_timeout_seconds",
            DEFAULT_VERIFICATION_TIMEOUT,
            "int",
            "Default verification timeout",
            minimum=1,
            maximum=MAX_TIMEOUT_SECONDS,
        ),
        Setting("provisioning.max_retries", MAX_DEVICE_RETRIES, "int", "Retries per device", editable=False),
        Setting("provisioning.auto_provision", False, "bool", "Provision allowlisted devices on discovery"),
    ),
}
SETTINGS = {s.key: s for section in CATALOG.values() for s in section}


def _check(setting: Setting, value: Any) -> Any:
    """The value if it fits the setting's type and bounds, else a ``VALIDATION_FAILED`` error."""
    kind = setting.type
    ok = (
        (kind == "int" and isinstance(value, int) and not isinstance(value, bool))
        or (kind == "float" and isinstance(value, int | float) and not isinstance(value, bool))
        or (kind == "bool" and isinstance(value, bool))
        or (kind == "string" and isinstance(value, str))
    )
    if not ok:
        raise SimError(ErrorCode.VALIDATION_FAILED, f"{setting.key} takes a {kind}, not {type(value).__name__}")
    if kind == "float":
        value = float(value)
    if setting.minimum is not None and value < setting.minimum:
        raise SimError(ErrorCode.VALIDATION_FAILED, f"{setting.key} is at least {setting.minimum:g}")
    if setting.maximum is not None and value > setting.maximum:
        raise SimError(ErrorCode.VALIDATION_FAILED, f"{setting.key} is at most {setting.maximum:g}")
    if setting.choices and value not in setting.choices:
        raise SimError(ErrorCode.VALIDATION_FAILED, f"{setting.key} is one of {', '.join(setting.choices)}")
    if kind == "string" and value == "" and not setting.secret:
        raise SimError(ErrorCode.VALIDATION_FAILED, f"{setting.key} may not be empty")
    return value


class PiConfig:
    def __init__(self, db: SimDatabase) -> None:
        self._db = db
        self._values = {key: s.default for key, s in SETTINGS.items()} | {
            k: v for k, v in db.config_values().items() if k in SETTINGS
        }

    def value(self, key: str) -> Any:
        return self._values[key]

    def item(self, key: str) -> ConfigItem:
        s = SETTINGS[key]
        value = SECRET_MASK if s.secret and self._values[key] else self._values[key]
        return ConfigItem(
            key=key, value=value, type=s.type, secret=s.secret, editable=s.editable, description=s.description
        )

    def data(self) -> ConfigData:
        return ConfigData(
            sections=[
                ConfigSection(name=name, items=[self.item(s.key) for s in items]) for name, items in CATALOG.items()
            ]
        )

    def field_item(self, key: str) -> dict[str, Any]:
        """The field shape (see :func:`pidash.sim.dialect.config_item`): the secret in clear."""
        s = SETTINGS[key]
        return config_item(self.item(key), self._values[key], s.choices, s.minimum, s.maximum)

    def field_data(self) -> dict[str, Any]:
        return config_sections(self.data().sections, {key: self.field_item(key) for key in SETTINGS})

    def from_text(self, key: str, value: Any) -> Any:
        """A field Pi's string value as the setting's type (a wrong one stays a string: refused)."""
        setting = SETTINGS.get(key)
        if setting is None or not isinstance(value, str):
            return value
        text = value.strip()
        try:
            if setting.type == "int":
                return int(text)
            if setting.type == "float":
                return float(text)
        except ValueError:
            return value
        if setting.type == "bool" and text.lower() in ("true", "false"):
            return text.lower() == "true"
        return value

    def update(self, key: str, value: Any) -> ConfigItem:
        setting = SETTINGS.get(key)
        if setting is None:
            raise SimError(ErrorCode.INVALID_REQUEST, f"no config key {key!r}", status=404)
        if not setting.editable:
            raise SimError(ErrorCode.VALIDATION_FAILED, f"{key} is read-only")
        self._values[key] = _check(setting, value)
        self._db.save_config_value(key, self._values[key])
        return self.item(key)

    def session_defaults(self) -> SessionConfig:
        return SessionConfig(
            discovery_timeout_seconds=self._values["provisioning.discovery_timeout_seconds"],
            provisioning_timeout_seconds=self._values["provisioning.provisioning_timeout_seconds"],
            verification_timeout_seconds=self._values["provisioning.verification_timeout_seconds"],
        )
