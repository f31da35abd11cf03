"""Contract validators as NiceGUI input validation: the sentence shows next to the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pidash.contract.provisioning import MAX_TIMEOUT_SECONDS


def check(validate: Callable[[str], object]) -> Callable[[Any], str | None]:
    """Wrap a ``contract.validation`` function (raises ``ValueError`` with a sentence)."""

    def run(value: Any) -> str | None:
        try:
            validate("" if value is None else str(value))
        except ValueError as exc:
            return str(exc)
        return None

    return run


def seconds_error(value: Any, maximum: int, *, optional: bool = False) -> str | None:
    """The sentence for a bad whole number of seconds (1 to ``maximum``), or None.

    Used as ``ui.number`` validation *instead of* its ``min``/``max``/``precision``: those
    silently clamp and round the value on blur, so ``0`` would become ``1`` before the check ran.
    """
    if value is None or value == "":
        return None if optional else "Enter a number of seconds."
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "Enter a number of seconds."
    if number != int(number):
        return "Enter a whole number of seconds."
    if not 1 <= number <= maximum:
        return f"Between 1 and {maximum} seconds" + (" (leave empty for the Pi's default)." if optional else ".")
    return None


def optional_timeout(value: Any) -> str | None:
    """A session timeout: empty means the Pi's default."""
    return seconds_error(value, MAX_TIMEOUT_SECONDS, optional=True)


def max_length(limit: int, what: str) -> Callable[[Any], str | None]:
    def run(value: Any) -> str | None:
        size = len(value or "")
        return f"{what} is at most {limit} characters; this one has {size}." if size > limit else None

    return run
