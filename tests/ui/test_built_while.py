"""``BuiltWhile``: a part of a page that exists only while a bindable field says it is shown."""

from __future__ import annotations

import asyncio
from typing import Any

from nicegui import Client, ui
from nicegui.page import page

from pidash.store.rows import SessionSummary
from pidash.ui.components.built_while import BuiltWhile


def _labels(part: BuiltWhile) -> list[str]:
    return [child.text for child in part.default_slot.children if isinstance(child, ui.label)]


def test_a_part_is_built_while_shown_and_deleted_when_hidden() -> None:
    summary = SessionSummary()
    with Client(page("/")):
        form = BuiltWhile(summary, "active", lambda: ui.label("form"), when=lambda active: not active)
        card = BuiltWhile(summary, "present", lambda: ui.label("card"))
    assert (_labels(form), form.visible) == (["form"], True)  # built with the page, not a turn later
    assert (_labels(card), card.visible) == ([], False)

    summary.present = summary.active = True  # no loop running: applied at once
    assert (_labels(form), form.visible) == ([], False)
    assert (_labels(card), card.visible) == (["card"], True)
    summary.active = False
    assert _labels(form) == ["form"]


def test_a_part_that_fails_to_build_fails_alone_on_the_next_loop_turn() -> None:
    """The change lands in the store's flush: one page's failing part must neither break the flush
    (the summary's other fields) nor keep the other pages from following."""
    summary = SessionSummary(active=True)
    broken: list[BuiltWhile] = []

    def fails() -> None:
        raise KeyError("count")  # e.g. a translation with a wrong placeholder

    async def end_session() -> None:
        with Client(page("/")):
            broken.append(BuiltWhile(summary, "active", fails, when=lambda active: not active))
        with Client(page("/")):
            good = BuiltWhile(summary, "active", lambda: ui.label("form"), when=lambda active: not active)
        errors: list[dict[str, Any]] = []
        asyncio.get_running_loop().set_exception_handler(lambda _loop, context: errors.append(context))
        summary.active = False  # as the store's flush writes it
        summary.target_ssid = "next field of the same flush"
        assert _labels(good) == []  # not inside the flush
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert _labels(good) == ["form"]
        assert [type(c.get("exception")) for c in errors] == [KeyError]  # logged by the loop

    asyncio.run(end_session())
    assert summary.target_ssid == "next field of the same flush"
    assert broken[0].default_slot.children == []
