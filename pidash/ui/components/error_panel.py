"""The one error display: plain-language message, code, retry countdown, expandable details.

One rule for retrying, everywhere: a non-retryable error has no retry button (its message says
what to do instead); a retryable one with a wait shows the button disabled and counting down
("Retry in 24 s"), enabled at zero. Reads retry by themselves at zero (the store's sync does it).
Every string from the Pi is rendered as text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from pidash.store import DashboardStore, ShownError

RetryCallback = Callable[[], Awaitable[Any] | None]


class ErrorPanel:
    """A slot for at most one error, created empty and hidden; ``show``/``clear`` fill it."""

    def __init__(self, *, auto_retry: bool = False) -> None:
        self.auto_retry = auto_retry
        """True for process-wide reads: the countdown says the dashboard retries by itself."""
        self.error: ShownError | None = None
        self._retry: RetryCallback | None = None
        self.box = ui.column().classes("w-full")
        self.box.visible = False
        self._timer = ui.timer(1.0, self._tick, active=False)
        self._countdown: ui.label | None = None
        self._retry_button: ui.button | None = None

    def show(self, error: ShownError | None, *, retry: RetryCallback | None = None) -> None:
        if error is None:
            self.clear()
            return
        if error == self.error:
            return
        self.error, self._retry = error, retry
        self.box.clear()
        with self.box:
            self._build(error)
        self.box.visible = True
        self._timer.active = error.retryable
        self._tick()

    def clear(self) -> None:
        self.error = None
        self.box.clear()
        self.box.visible = False
        self._timer.active = False

    def _build(self, error: ShownError) -> None:
        with (
            ui.card()
            .classes("w-full pd-error-box")
            .props('flat bordered role="alert" aria-live="assertive"')
            .mark("error-panel")
        ):
            with ui.row().classes("items-start w-full no-wrap gap-3"):
                ui.icon("schedule" if error.retryable else "error_outline", color="negative", size="md")
                with ui.column().classes("gap-1 grow"):
                    ui.label(error.message).classes("text-body1 text-weight-medium").mark("error-message")
                    with ui.row().classes("items-center gap-2"):
                        ui.badge(error.code, color="negative").props("outline").classes("pd-mono").mark("error-code")
                        if error.retryable:
                            self._countdown = ui.label().classes("text-body2").mark("error-countdown")
                            self._countdown.props('aria-live="polite"')
                self._retry_button = None
                if self._retry is not None and error.retryable:
                    self._retry_button = ui.button("Retry now", icon="refresh", on_click=self._run_retry).props(
                        'outline color=negative aria-label="Retry now"'
                    )
                ui.button(icon="close", on_click=self.clear).props(
                    'flat round color=grey-8 aria-label="Dismiss error"'
                ).classes("pd-icon-btn")
            with ui.expansion("Details", icon="info").classes("w-full").props('dense aria-label="Error details"'):
                self._details(error)

    @staticmethod
    def _details(error: ShownError) -> None:
        with ui.column().classes("gap-1 w-full"):
            with ui.row().classes("items-center gap-2"):
                ui.label("Correlation ID:").classes("text-weight-medium")
                cid = error.correlation_id or "none (the request did not reach the Pi)"
                ui.label(cid).classes("pd-mono").mark("correlation-id")
                if error.correlation_id:
                    value = error.correlation_id
                    ui.button(icon="content_copy", on_click=lambda: _copy(value)).props(
                        'flat round dense aria-label="Copy correlation ID"'
                    ).classes("pd-icon-btn")
            if error.http_status is not None:
                ui.label(f"HTTP status: {error.http_status}")
            if error.backend_message:
                ui.label(f"The Pi said: {error.backend_message}")
            if error.details:
                ui.label(f"Details: {error.details}").classes("pd-mono text-caption")

    def _tick(self) -> None:
        error = self.error
        if error is None or not error.retryable or self._countdown is None:
            return
        left = error.seconds_left()
        if left > 0:
            verb = "Retrying automatically" if self.auto_retry else "You can retry"
            self._countdown.set_text(f"{verb} in {left} s")
        else:
            self._countdown.set_text("Retrying…" if self.auto_retry else "You can retry now.")
            self._timer.active = False
        if self._retry_button is not None:
            self._retry_button.set_enabled(left == 0)
            self._retry_button.set_text("Retry now" if left == 0 else f"Retry in {left} s")

    async def _run_retry(self) -> None:
        if self.error is not None and self.error.seconds_left() > 0:  # a click that raced the countdown
            return
        retry = self._retry
        self.clear()
        if retry is not None:
            result = retry()
            if result is not None:
                await result


def _copy(text: str) -> None:
    ui.clipboard.write(text)
    ui.notify("Correlation ID copied", type="info", position="bottom")


def store_error_panel(store: DashboardStore, topic: str, retry: Callable[[], None]) -> ErrorPanel:
    """An error panel that shows the store's error for ``topic`` (a process-wide read)."""
    panel = ErrorPanel(auto_retry=True)

    def update() -> None:
        panel.show(store.errors.get(topic), retry=retry)

    store.errors_changed.subscribe(update)
    update()
    return panel
