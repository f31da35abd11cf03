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

from pidash.i18n import _, current
from pidash.store import DashboardStore, ShownError
from pidash.ui.attributes import attrs

RetryCallback = Callable[[], Awaitable[Any] | None]


class ErrorPanel:
    """A slot for at most one error, created empty and hidden; ``show``/``clear`` fill it."""

    def __init__(self, *, auto_retry: bool = False) -> None:
        self._t = current()
        """This page's language: ``show`` also runs from store events, outside the page's context."""
        self.auto_retry = auto_retry
        """True for process-wide reads: the countdown says the dashboard retries by itself."""
        self.error: ShownError | None = None
        self._retry: RetryCallback | None = None
        self.box = ui.column().classes("w-full")
        self.box.visible = False
        self._timer: ui.timer | None = None
        """The countdown's, made with a retryable error (inside the box, so clearing it ends it): a
        page holds several empty panels, and a ``ui.timer`` is an element and a task per panel."""
        self._countdown: ui.label | None = None
        self._retry_button: ui.button | None = None

    def show(self, error: ShownError | None, *, retry: RetryCallback | None = None) -> None:
        if error is None:
            self.clear()
            return
        if error == self.error:
            return
        if self.box.is_deleted:  # its part of the page went meanwhile (``BuiltWhile``): say it anyway
            self._notify(error)
            return
        self.error, self._retry = error, retry
        self.box.clear()
        with self.box:
            self._build(error)
            self._timer = ui.timer(1.0, self._tick) if error.retryable else None
        self.box.visible = True
        self._tick()

    def _notify(self, error: ShownError) -> None:
        try:
            page = self.box.client
        except RuntimeError:  # the page is gone too: nobody to tell
            return
        with page:
            ui.notify(f"{self._t.text(error.message)} ({error.code})", type="negative", multi_line=True)

    def clear(self) -> None:
        self.error = None
        if self.box.is_deleted:  # the part of the page that held it is gone (``BuiltWhile``)
            return
        self.box.clear()
        self._timer = None
        self.box.visible = False

    def _build(self, error: ShownError) -> None:
        t = self._t
        with (
            ui.card()
            .classes("w-full pd-error-box")
            .props('flat bordered role="alert" aria-live="assertive"')
            .mark("error-panel")
        ):
            with ui.row().classes("items-start w-full no-wrap gap-3"):
                ui.icon("schedule" if error.retryable else "error_outline", color="negative", size="md")
                with ui.column().classes("gap-1 grow"):
                    ui.label(t.text(error.message)).classes("text-body1 text-weight-medium").mark("error-message")
                    with ui.row().classes("items-center gap-2"):
                        ui.badge(error.code, color="negative").props("outline").classes("pd-mono").mark("error-code")
                        if error.retryable:
                            self._countdown = ui.label().classes("text-body2").mark("error-countdown")
                            self._countdown.props('aria-live="polite"')
                self._retry_button = None
                if self._retry is not None and error.retryable:
                    retry_now = t.gettext("Retry now")
                    self._retry_button = attrs(
                        ui.button(retry_now, icon="refresh", on_click=self._run_retry).props("outline color=negative"),
                        aria_label=retry_now,
                    )
                attrs(
                    ui.button(icon="close", on_click=self.clear).props("flat round color=grey-8"),
                    aria_label=t.gettext("Dismiss error"),
                ).classes("pd-icon-btn")
            details = ui.expansion(t.gettext("Details"), icon="info").classes("w-full").props("dense")
            with attrs(details, aria_label=t.gettext("Error details")):
                self._details(error)

    def _details(self, error: ShownError) -> None:
        t = self._t
        with ui.column().classes("gap-1 w-full"):
            with ui.row().classes("items-center gap-2"):
                ui.label(t.gettext("Correlation ID:")).classes("text-weight-medium")
                cid = error.correlation_id or t.gettext("none (the request did not reach the Pi)")
                ui.label(cid).classes("pd-mono").mark("correlation-id")
                if error.correlation_id:
                    value = error.correlation_id
                    attrs(
                        ui.button(icon="content_copy", on_click=lambda: _copy(value)).props("flat round dense"),
                        aria_label=t.gettext("Copy correlation ID"),
                    ).classes("pd-icon-btn")
            if error.http_status is not None:
                ui.label(t.gettext("HTTP status: {status}").format(status=error.http_status))
            if error.backend_message:
                ui.label(t.gettext("The Pi said: {message}").format(message=error.backend_message))
            if error.details:
                ui.label(t.gettext("Details: {details}").format(details=error.details)).classes("pd-mono text-caption")

    def _tick(self) -> None:
        error = self.error
        if error is None or not error.retryable or self._countdown is None:
            return
        t = self._t
        left = error.seconds_left()
        if left > 0:
            text = (
                t.gettext("Retrying automatically in {seconds} s")
                if self.auto_retry
                else t.gettext("You can retry in {seconds} s")
            )
            self._countdown.set_text(text.format(seconds=left))
        else:
            self._countdown.set_text(t.gettext("Retrying…") if self.auto_retry else t.gettext("You can retry now."))
            if self._timer is not None:  # nothing more to count: the timer goes
                self._timer.cancel()
                self._timer = None
        if self._retry_button is not None:
            self._retry_button.set_enabled(left == 0)
            label = t.gettext("Retry now") if left == 0 else t.gettext("Retry in {seconds} s").format(seconds=left)
            self._retry_button.set_text(label)

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
    ui.notify(_("Correlation ID copied"), type="info", position="bottom")


def store_error_panel(store: DashboardStore, topic: str, retry: Callable[[], None]) -> ErrorPanel:
    """An error panel that shows the store's error for ``topic`` (a process-wide read)."""
    panel = ErrorPanel(auto_retry=True)

    def update() -> None:
        panel.show(store.errors.get(topic), retry=retry)

    store.errors_changed.subscribe(update)
    update()
    return panel
