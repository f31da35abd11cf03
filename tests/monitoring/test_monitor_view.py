"""The monitor view and history: levels, staleness, the overall verdict, bounded history."""

from __future__ import annotations

from pidash.contract.monitoring import (
    CameraStatus,
    MonitoringData,
    NetworkMetrics,
    SecurityMetrics,
    ServiceStatus,
    SystemHealth,
)
from pidash.i18n import translator
from pidash.store.monitor_history import MonitorHistory, Sample
from pidash.store.monitor_view import (
    STALE_AFTER_SECONDS,
    MonitorTracker,
    age_text,
    is_stale,
    threat_text,
)
from pidash.store.thresholds import DEFAULT_THRESHOLDS

ALL_UP = ServiceStatus(mqtt_connected=True, mqtt_secure=True, api_responding=True, database_connected=True)


def data(cpu: float = 10, temp: float = 50, threat: str = "LOW", services: ServiceStatus = ALL_UP) -> MonitoringData:
    return MonitoringData(
        system_health=SystemHealth(cpu_usage=cpu, memory_usage=40, disk_usage=30, temperature=temp),
        security_metrics=SecurityMetrics(threat_level=threat),
        service_status=services,
        camera_status={"cam-1": CameraStatus(name="Front <b>door</b>", status="online", rssi=-50, fps=14.2)},
    )


def test_levels_and_overall_verdict() -> None:
    tracker = MonitorTracker(dict(DEFAULT_THRESHOLDS))
    tracker.on_data(data(), "websocket", at=1000.0)
    v = tracker.view
    assert (v.cpu_level, v.temperature_level, v.overall) == ("ok", "ok", "ok")
    assert str(v.overall_text) == "All systems normal"
    tracker.on_data(data(cpu=85, temp=81), "websocket", at=1002.0)
    assert (v.cpu_level, v.temperature_level, v.overall) == ("warning", "critical", "critical")
    assert str(v.overall_text) == "CPU warning; Temperature critical"
    tracker.on_data(data(threat="HIGH", services=ALL_UP.model_copy(update={"database_connected": False})), "websocket")
    assert v.threat_class == "critical"
    assert str(v.overall_text) == "Threat level HIGH; Database down"


def test_stale_after_three_intervals_and_when_disconnected() -> None:
    tracker = MonitorTracker(dict(DEFAULT_THRESHOLDS))
    assert tracker.view.stale and str(tracker.view.age_text) == "No data from the Pi yet"
    tracker.on_data(data(), "websocket", at=1000.0)
    tracker.tick(1000.0 + STALE_AFTER_SECONDS - 1)
    assert not tracker.view.stale
    tracker.tick(1000.0 + STALE_AFTER_SECONDS + 1)
    assert tracker.view.stale and str(tracker.view.age_text) == "Updated 16 s ago"
    tracker.on_data(data(), "websocket", at=2000.0)
    tracker.source = "disconnected"
    tracker.tick(2000.5)
    assert tracker.view.stale and str(tracker.view.transport) == "Disconnected"


def test_polling_marks_the_other_figures_as_older() -> None:
    tracker = MonitorTracker(dict(DEFAULT_THRESHOLDS))
    tracker.on_data(data(), "websocket", at=1000.0)
    assert tracker.view.details_note == ""
    tracker.on_data(data(cpu=20), "polling", at=1010.0)
    assert str(tracker.view.transport) == "Polling (fallback)"
    assert str(tracker.view.details_note).startswith("Polling refreshes system health only")


def test_cameras_keep_device_strings_as_data() -> None:
    tracker = MonitorTracker(dict(DEFAULT_THRESHOLDS))
    seen: list[int] = []
    tracker.cameras_changed.subscribe(lambda: seen.append(1))
    tracker.on_data(data(), "websocket", at=1.0)
    tracker.on_data(data(), "websocket", at=2.0)
    assert len(seen) == 1, "unchanged cameras do not re-render"
    assert tracker.cameras[0].name == "Front <b>door</b>" and tracker.cameras[0].fps == 14.2


def test_history_is_bounded_in_time_and_spacing() -> None:
    history = MonitorHistory(window=60, min_spacing=1.0)
    for i in range(200):
        history.add(Sample(at=i * 0.5, cpu=i, memory=1, temperature=2))
    assert len(history.samples) == 61  # one per second, the last 60 s
    assert history.series("cpu")[-1] == [99000, 198.0]


def test_small_formatters() -> None:
    assert is_stale(None) and not is_stale(3.0) and is_stale(16.0)
    assert str(age_text(0.5)) == "Updated just now" and str(age_text(300)) == "Updated 5 min ago"


def test_the_pis_words_are_translated_where_shown() -> None:
    """The view holds Msg: each page renders them in its language; the Pi's unknown words stay as sent."""
    de = translator("de")
    tracker = MonitorTracker(dict(DEFAULT_THRESHOLDS))
    tracker.on_data(data(cpu=85, threat="HIGH"), "polling", at=1000.0)
    tracker.tick(1016.0)
    v = tracker.view
    assert de.text(v.age_text) == "Aktualisiert vor 16 s"
    assert de.text(v.transport) == "Abfrage (Ausweichbetrieb)"
    assert de.text(v.overall_text) == "CPU: Warnung; Bedrohungsstufe HOCH"
    assert de.text(v.headline).startswith("Keine aktuellen Daten vom Pi seit ")
    assert de.text(threat_text("SEVERE")) == "SEVERE"


def test_figures_stay_numbers_for_each_page_to_write() -> None:
    """One view for every browser: sizes, loss and latency are numbers, the expiry the Pi's ISO day."""
    tracker = MonitorTracker(dict(DEFAULT_THRESHOLDS))
    sent = data().model_copy(
        update={
            "network_metrics": NetworkMetrics(bytes_received=2_200_000, bytes_sent=999, packet_loss=0.6, latency=12.0),
            "security_metrics": SecurityMetrics(certificate_expiry="2026-12-31T00:00:00Z"),
        }
    )
    tracker.on_data(sent, "websocket", at=1.0)
    v = tracker.view
    assert (v.bytes_received, v.bytes_sent, v.packet_loss, v.latency) == (2_200_000, 999, 0.6, 12.0)
    assert v.certificate_expiry == "2026-12-31T00:00:00Z"
    assert tracker.cameras[0].rssi == -50
