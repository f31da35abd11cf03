"""The virtual camera fleet: seeded ESP32-CAM hardware that the simulator discovers."""

from __future__ import annotations

import random
from dataclasses import dataclass

ESPRESSIF_OUIS = ("24:0A:C4", "30:AE:A4", "A4:CF:12", "EC:62:60")
FIRMWARE_VERSIONS = ("1.2.3", "1.2.4", "1.3.0", "1.3.1", "2.0.0-rc1")
ONBOARDING_SUBNET = "192.168.4."


@dataclass(frozen=True, slots=True)
class VirtualCamera:
    mac: str
    ip: str
    rssi: int
    firmware_version: str
    seed: int
    """Seeds this camera's own random stream (its delays and failures)."""


def make_fleet(rng: random.Random, count: int) -> list[VirtualCamera]:
    """``count`` cameras with unique MACs, RSSI in -35..-85 dBm and mixed firmware."""
    cameras: list[VirtualCamera] = []
    seen: set[str] = set()
    while len(cameras) < count:
        oui = rng.choice(ESPRESSIF_OUIS)
        tail = ":".join(f"{rng.randrange(256):02X}" for _ in range(3))
        mac = f"{oui}:{tail}"
        if mac in seen:
            continue
        seen.add(mac)
        cameras.append(
            VirtualCamera(
                mac=mac,
                ip=f"{ONBOARDING_SUBNET}{100 + len(cameras)}",
                rssi=rng.randint(-85, -35),
                firmware_version=rng.choice(FIRMWARE_VERSIONS),
                seed=rng.getrandbits(32),
            )
        )
    return cameras


def camera_id(mac: str) -> str:
    """The id a verified camera gets in ``/api/v1/cameras``."""
    return "esp32-" + mac.replace(":", "")[-6:].lower()
