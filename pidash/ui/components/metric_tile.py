"""One health metric (CPU, memory, disk, temperature): value, bar, level word, thresholds."""

from __future__ import annotations

from nicegui import ui

from pidash.i18n import _, current
from pidash.store.formatting import quantity, reading
from pidash.store.monitor_view import METRIC_NAMES, MonitorView
from pidash.store.thresholds import Threshold
from pidash.ui.attributes import attrs
from pidash.ui.components.level_style import LEVEL_WORD, EdgeCard, LevelLabel, bind_variant

METRIC_UNITS = {"cpu": "%", "memory": "%", "disk": "%", "temperature": "°C"}
METRIC_ICONS = {"cpu": "memory", "memory": "storage", "disk": "sd_card", "temperature": "device_thermostat"}
BAR_MAX = {"cpu": 100.0, "memory": 100.0, "disk": 100.0, "temperature": 90.0}


def metric_tile(view: MonitorView, metric: str, threshold: Threshold, *, large: bool = False) -> EdgeCard:
    """``large``: the kiosk's tile (large type, no thresholds line; it shrinks to share a portrait
    screen: ``.pd-kiosk-metric`` in the kiosk's CSS)."""
    t = current()
    unit, label = METRIC_UNITS[metric], t.text(METRIC_NAMES[metric])
    card = EdgeCard()
    size = "pd-kiosk-metric" if large else "grow min-w-[200px]"
    attrs(card.classes(f"pd-tile {size} q-pa-md").props('flat bordered role="group"'), aria_label=label)
    card.props(f'data-testid="metric-{metric}"')
    bind_variant(card, view, f"{metric}_level")
    with card:
        with ui.row().classes("items-center gap-2 no-wrap"):
            ui.icon(METRIC_ICONS[metric], size="lg" if large else "md", color="grey-7")
            ui.label(label).classes("text-h5" if large else "text-subtitle1 text-weight-medium")
        value = LevelLabel()
        value.classes(("text-h1" if large else "text-h3") + " text-weight-bold leading-none").props(
            f'data-testid="metric-{metric}-value"'
        )
        value.bind_text_from(view, metric, lambda v: reading(v, unit, t.language))
        bind_variant(value, view, f"{metric}_level")
        gauge = ui.linear_progress(show_value=False, size="10px").bind_value_from(
            view, metric, lambda v: 0.0 if v is None else max(0.0, min(1.0, v / BAR_MAX[metric]))
        )
        attrs(gauge.props("rounded color=grey-7"), aria_label=_("{metric} gauge").format(metric=label))
        word = LevelLabel()
        word.classes("text-h6" if large else "text-subtitle2 text-weight-bold").props(
            f'data-testid="metric-{metric}-level"'
        )
        word.bind_text_from(view, f"{metric}_level", lambda lv: t.text(LEVEL_WORD.get(lv, lv or "—")))
        bind_variant(word, view, f"{metric}_level")
        if not large:
            limits = _("Warning at {warning} · critical at {critical}").format(
                warning=quantity(threshold.warning, unit, t.language),
                critical=quantity(threshold.critical, unit, t.language),
            )
            ui.label(limits).classes("text-caption text-grey-7")
    return card
