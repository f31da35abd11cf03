"""System, health, Wi-Fi, door, config and cameras."""

from __future__ import annotations

from pidash.contract.system import CamerasData, ConfigData, HealthStatus, SystemInfo, WifiScanData, WifiStatus
from tests.sim.helpers import V1, client, devices, error_code, start_session, wait_until
from tests.support.processes import SimProcess


async def test_system_info_health_and_wifi(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        info = SystemInfo.model_validate((await http.get(f"{V1}/system/info")).json()["data"])
        health = [
            HealthStatus.model_validate((await http.get(p)).json()["data"])
            for p in (f"{V1}/health", f"{V1}/system/health")
        ]
        scan = WifiScanData.model_validate((await http.get(f"{V1}/wifi/scan")).json()["data"])
        status = WifiStatus.model_validate((await http.get(f"{V1}/wifi/status")).json()["data"])
    assert info.hostname == "pi-orchestrator"
    assert 0 < info.cpu_usage <= 100 and 30 < info.temperature < 90
    assert all(h.status == "healthy" and "database" in h.checks for h in health)
    assert "DelicasaOnboard" in {n.ssid for n in scan.networks}
    assert status.connected and status.ssid == "HomeNet"


async def test_door_opens_and_closes_itself(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        opened = (await http.post(f"{V1}/door/open", json={"duration_seconds": 10})).json()["data"]
        assert opened["state"] == "open" and opened["locked"] is False and opened["auto_close_at"]

        async def closed() -> bool:
            return bool((await http.get(f"{V1}/door/status")).json()["data"]["state"] == "closed")

        await wait_until(closed, what="door auto-close")  # 10 s at speed 20 → 0.5 s
        await http.post(f"{V1}/door/open", json={"duration_seconds": 300})
        shut = await http.post(f"{V1}/door/close")
        assert shut.json()["data"]["state"] == "closed" and shut.json()["data"]["locked"] is True
        too_long = await http.post(f"{V1}/door/open", json={"duration_seconds": 301})
        assert too_long.status_code == 400 and error_code(too_long) == "VALIDATION_FAILED"


async def test_config_read_update_and_validation(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        data = ConfigData.model_validate((await http.get(f"{V1}/config")).json()["data"])
        items = {i.key: i for s in data.sections for i in s.items}
        assert {s.name for s in data.sections} == {"system", "mqtt", "network", "provisioning"}
        assert items["mqtt.password"].secret and items["mqtt.password"].value == "********"
        assert not items["system.hostname"].editable

        updated = await http.put(f"{V1}/config/mqtt.broker_port", json={"value": 1884})
        assert updated.status_code == 200
        assert updated.json()["data"]["value"] == 1884 and updated.json()["data"]["type"] == "int"

        wrong_type = await http.put(f"{V1}/config/mqtt.broker_port", json={"value": "1884"})
        out_of_range = await http.put(f"{V1}/config/mqtt.broker_port", json={"value": 70000})
        read_only = await http.put(f"{V1}/config/system.hostname", json={"value": "x"})
        unknown = await http.put(f"{V1}/config/no.such.key", json={"value": 1})
        missing = await http.put(f"{V1}/config/mqtt.broker_port", json={})
    for response in (wrong_type, out_of_range, read_only):
        assert response.status_code == 400 and error_code(response) == "VALIDATION_FAILED"
    assert unknown.status_code == 404 and error_code(unknown) == "INVALID_REQUEST"
    assert missing.status_code == 400 and error_code(missing) == "MISSING_PARAMETER"


async def test_cameras_list_has_preexisting_cameras(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        cameras = CamerasData.model_validate((await http.get(f"{V1}/cameras")).json()["data"]).cameras
    assert {"cam-front-door", "cam-garage"} <= {c.id for c in cameras}


async def test_system_reset_needs_key_and_answers(shared_sim: SimProcess) -> None:
    async with client(shared_sim) as http:
        response = await http.post("/api/system/reset")
    assert response.status_code == 200 and response.json()["success"] is True


async def test_auto_provision_config_provisions_on_discovery(sim: SimProcess) -> None:
    async with client(sim) as http:
        assert (await http.put(f"{V1}/config/provisioning.auto_provision", json={"value": True})).status_code == 200
        session_id = await start_session(http)

        async def all_verified() -> bool:
            found = await devices(http, session_id)
            return len(found) == 5 and all(d["state"] == "verified" for d in found.values())

        await wait_until(all_verified, what="auto-provisioned fleet")
