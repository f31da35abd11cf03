"""A trend chart of one metric over the last minutes, with its warning and critical lines.

Redrawn in place by a per-page timer, and only when the history has new samples.
"""

from __future__ import annotations

from nicegui import ui

from pidash.i18n import _, pgettext
from pidash.store.monitor_history import MonitorHistory
from pidash.store.thresholds import Threshold
from pidash.ui.attributes import attrs

REDRAW_SECONDS = 2.0


def trend_chart(history: MonitorHistory, metric: str, title: str, unit: str, threshold: Threshold) -> ui.echart:
    """``title`` is already in the page's language."""
    top = 100 if unit == "%" else 90
    chart = (
        ui.echart(
            {
                "title": {"text": f"{title} ({unit})", "left": 8, "top": 4, "textStyle": {"fontSize": 14}},
                "grid": {"left": 44, "right": 16, "top": 36, "bottom": 28},
                "tooltip": {"trigger": "axis"},
                "animation": False,
                "xAxis": {
                    "type": "time",
                    "splitLine": {"show": False},
                    "minInterval": 60_000,  # ticks on whole minutes, labelled HH:MM
                    "axisLabel": {"formatter": "{HH}:{mm}", "hideOverlap": True},
                },
                "yAxis": {"type": "value", "min": 0, "max": top},
                "series": [
                    {
                        "name": title,
                        "type": "line",
                        "showSymbol": False,
                        "smooth": True,
                        "lineStyle": {"width": 2, "color": "#1565c0"},
                        "areaStyle": {"opacity": 0.12, "color": "#1565c0"},
                        "data": history.series(metric),
                        "markLine": {
                            "symbol": "none",
                            "silent": True,
                            "label": {"formatter": "{b}", "position": "insideEndTop"},
                            "data": [
                                {
                                    "name": pgettext("level in a sentence", "warning"),
                                    "yAxis": threshold.warning,
                                    "lineStyle": {"color": "#f9a825"},
                                },
                                {
                                    "name": pgettext("level in a sentence", "critical"),
                                    "yAxis": threshold.critical,
                                    "lineStyle": {"color": "#c62828"},
                                },
                            ],
                        },
                    }
                ],
            }
        )
        .classes("w-full h-56")
        .props(f'data-testid="chart-{metric}"')
    )
    attrs(chart, aria_label=_("{title} over the last minutes").format(title=title))
    drawn = [history.version]

    def redraw() -> None:
        if history.version == drawn[0]:
            return
        drawn[0] = history.version
        chart.options["series"][0]["data"] = history.series(metric)
        chart.update()

    ui.timer(REDRAW_SECONDS, redraw)
    return chart
