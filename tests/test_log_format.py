"""Every log line is capped: a record quoting what a browser or the Pi sent stays short."""

from __future__ import annotations

import io
import json
import logging

import pytest

from pidash.log_format import MAX_MESSAGE_CHARS, LogFormat, log_handler


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_huge_message_is_cut_and_says_so(log_format: LogFormat) -> None:
    stream = io.StringIO()
    payload = {"kind": "x" * 200_000}
    full = len("device board: ignored action ") + len(repr(payload))
    logger = logging.getLogger("pidash.test_log_format")
    handler = log_handler(stream, log_format)
    logger.addHandler(handler)
    logger.propagate = False  # pytest's own capture would keep 200 kB per record
    try:
        logger.warning("device board: ignored action %r", payload)
        logger.warning("short %s", "one")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    message = json.loads(lines[0])["message"] if log_format == "json" else lines[0].split(": ", 1)[1]
    assert len(message) < MAX_MESSAGE_CHARS + 40
    assert message.startswith("device board: ignored action {'kind': 'xxx")
    assert message.endswith(f"… ({full - MAX_MESSAGE_CHARS} more characters)")
    assert "short one" in lines[1] and "more characters" not in lines[1]


def test_a_message_cannot_forge_a_line_of_its_own() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("pidash.test_log_format")
    handler = log_handler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        forged = "X\n2026-12-03 06:00:00,000 INFO pidash.auth: FORGED demo-admin signed in\r\nY\u2028Z"
        logger.error("%s", forged)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    lines = stream.getvalue().splitlines()
    assert len(stream.getvalue().splitlines()) == 1
    assert lines[0].endswith("X\\n2026-12-03 06:00:00,000 INFO pidash.auth: FORGED demo-admin signed in\\r\\nY\\u2028Z")
