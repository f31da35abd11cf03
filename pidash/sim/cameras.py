"""The Pi's camera list (``/api/v1/cameras``): two cameras it had before the simulator started,
then every verified device."""

from __future__ import annotations

from collections.abc import Iterable

from pidash.contract.provisioning import CandidateState
from pidash.contract.system import Camera
from pidash.sim.allowlist_book import AllowlistBook
from pidash.sim.clock import SimClock
from pidash.sim.fleet import camera_id
from pidash.sim.records import DeviceRecord

PREEXISTING_CAMERAS = (
    Camera(
        id="cam-front-door",
        name="Front door",
        mac="24:0A:C4:11:22:01",
        ip="192.168.1.51",
        status="online",
        firmware_version="1.2.3",
        rssi=-52,
        container_id="entrance",
    ),
    Camera(
        id="cam-garage",
        name="Garage",
        mac="30:AE:A4:11:22:02",
        ip="192.168.1.52",
        status="offline",
        firmware_version="1.1.9",
        rssi=-78,
        container_id="garage",
    ),
)


def pi_cameras(devices: Iterable[DeviceRecord], allowlist: AllowlistBook, clock: SimClock) -> list[Camera]:
    """``PREEXISTING_CAMERAS``, then each MAC verified in ``devices`` (its last verified record), named
    and placed by its allowlist entry."""
    verified: dict[str, DeviceRecord] = {}
    for device in devices:
        if device.state is CandidateState.VERIFIED:
            verified[device.mac] = device
    cameras = list(PREEXISTING_CAMERAS)
    for mac, device in verified.items():
        entry = allowlist.get(mac)
        cameras.append(
            Camera(
                id=camera_id(mac),
                name=(entry.description if entry and entry.description else f"ESP32-CAM {mac[-8:]}"),
                mac=mac,
                ip=f"192.168.1.{100 + int(mac[-2:], 16) % 100}",
                status="online",
                last_seen=clock.now(),
                firmware_version=device.firmware_version,
                rssi=device.rssi,
                container_id=entry.container_id if entry else device.container_id,
            )
        )
    return cameras
