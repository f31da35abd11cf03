"""SQLite persistence across a SIGKILL, and ``--seed`` determinism."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.sim.helpers import ALLOWLIST, V1, client
from tests.support.processes import SimProcess

NEW_MAC = "30:AE:A4:01:02:03"


async def test_allowlist_and_config_survive_a_kill(sim: SimProcess) -> None:
    async with client(sim) as http:
        seeded = (await http.get(ALLOWLIST)).json()["data"]["entries"]
        assert len(seeded) == 5 and all(e["description"] and e["container_id"] for e in seeded)
        added = await http.post(
            ALLOWLIST, json={"mac": "30-ae-a4-01-02-03", "description": "Spare", "container_id": "c9"}
        )
        assert added.status_code == 201 and added.json()["data"]["entry"]["mac"] == NEW_MAC
        updated = await http.post(ALLOWLIST, json={"mac": NEW_MAC, "description": "Spare 2"})
        assert updated.status_code == 200 and updated.json()["data"]["entry"]["description"] == "Spare 2"
        removed = await http.delete(f"{ALLOWLIST}/{seeded[0]['mac']}")
        assert removed.status_code == 204 and removed.content == b""
        await http.put(f"{V1}/config/mqtt.password", json={"value": "n3w-secret"})
        await http.put(f"{V1}/config/provisioning.auto_provision", json={"value": True})
    sim.kill()
    sim.start()
    async with client(sim) as http:
        entries = {e["mac"]: e for e in (await http.get(ALLOWLIST)).json()["data"]["entries"]}
        config = (await http.get(f"{V1}/config")).json()["data"]
    assert NEW_MAC in entries and entries[NEW_MAC]["description"] == "Spare 2"
    assert seeded[0]["mac"] not in entries and len(entries) == 5, "the deleted entry is not re-seeded"
    items = {i["key"]: i for s in config["sections"] for i in s["items"]}
    assert items["provisioning.auto_provision"]["value"] is True
    assert items["mqtt.password"]["value"] == "********"
    assert "n3w-secret" not in sim.log_text()


async def _fleet(sim: SimProcess) -> list[str]:
    async with client(sim) as http:
        return [c["mac"] for c in (await http.get("/_sim/fleet")).json()["cameras"]]


async def test_same_seed_same_fleet(sim_factory: Callable[..., SimProcess], tmp_path: Path) -> None:
    first = await _fleet(sim_factory(seed=11, devices=6, data_dir=tmp_path / "a"))
    second = await _fleet(sim_factory(seed=11, devices=6, data_dir=tmp_path / "b"))
    other = await _fleet(sim_factory(seed=12, devices=6, data_dir=tmp_path / "c"))
    assert first == second
    assert first != other
    assert len(set(first)) == 6
    assert all(mac[:8] in ("24:0A:C4", "30:AE:A4", "A4:CF:12", "EC:62:60") for mac in first)
