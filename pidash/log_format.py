"""The dashboard's log output: plain lines for a terminal, or one JSON object per line for a collector.

``PIDASH_LOG_FORMAT=json`` (``DashboardSettings.log_format``) selects JSON. Every record — pidash's,
NiceGUI's and uvicorn's (uvicorn is told not to install its own handlers) — goes through the one
root handler, so a collector never sees a line that is not JSON.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Literal, TextIO

LogFormat = Literal["text", "json"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_MESSAGE_CHARS = 4000
"""A record's message is cut there: a line quoting what a browser or the Pi sent stays a line."""
LINE_BREAKS = str.maketrans({ch: ch.encode("unicode_escape").decode() for ch in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"})
"""Every character ``str.splitlines`` breaks on, written as its escape (``\\n``, ``\\u2028``…)."""


class MessageCap(logging.Filter):
    """One record, one line of bounded length: line breaks in the message are written as escapes
    (``LINE_BREAKS``; a visitor's text must not forge a line of its own: NiceGUI logs what a page's
    socket sends as its ``log`` event), and a message longer than ``MAX_MESSAGE_CHARS`` is cut,
    saying how much was left out. Tracebacks (``exc_info``) keep their lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        capped = message.translate(LINE_BREAKS)
        if len(capped) > MAX_MESSAGE_CHARS:
            capped = f"{capped[:MAX_MESSAGE_CHARS]}… ({len(capped) - MAX_MESSAGE_CHARS} more characters)"
        if capped != message:
            record.msg, record.args = capped, None
        return True


class JsonFormatter(logging.Formatter):
    """``{"time": ISO 8601 UTC, "level", "logger", "message"[, "exception"]}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def log_handler(stream: TextIO, log_format: LogFormat = "text") -> logging.Handler:
    """The one handler: ``log_format`` lines on ``stream``, each message capped (``MessageCap``)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(MessageCap())
    return handler


def configure_logging(log_format: LogFormat = "text", level: int = logging.INFO) -> None:
    """Replace the root logger's handlers with one on stderr in ``log_format``; idempotent."""
    handler = log_handler(sys.stderr, log_format)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # Python warnings become records too, in the same format
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request; the client logs what matters
