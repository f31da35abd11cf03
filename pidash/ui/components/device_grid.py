"""One element per device row of the store, in a grid that follows the rows' membership."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from pidash.store import DashboardStore, DeviceRow


def follow_device_rows(store: DashboardStore, grid: ui.element, render: Callable[[DeviceRow], object]) -> None:
    """Render each device once, as it appears; rebuild when the rows are replaced (a snapshot or
    another session). Field changes reach the elements through binding, not through this."""
    rendered: dict[str, DeviceRow] = {}

    def sync() -> None:
        rows = store.rows
        if any(rows.get(mac) is not row for mac, row in rendered.items()):
            grid.clear()
            rendered.clear()
        with grid:
            for mac, row in rows.items():
                if mac not in rendered:
                    render(row)
                    rendered[mac] = row

    store.rows_changed.subscribe(sync)
    sync()
