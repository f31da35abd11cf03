"""The sign-in page only ever sends the browser back to a path of this dashboard."""

from __future__ import annotations

import pytest

from pidash.ui.pages.login import _safe_next


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/door", "/door"),
        ("/kiosk?x=1", "/kiosk?x=1"),
        (None, "/"),
        ("", "/"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("door", "/"),
        ("/\t/evil.example/phish", "/"),  # browsers drop the tab: //evil.example
        ("/\n/evil.example/x", "/"),
        ("/\r/evil.example/x", "/"),
        ("/ /evil.example", "/"),
        ("/\x00/evil.example", "/"),
        ("/\x7f", "/"),
    ],
)
def test_next_is_a_local_path(raw: str | None, expected: str) -> None:
    assert _safe_next(raw) == expected
