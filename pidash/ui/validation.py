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


def optional_timeout(value: Any) -> str | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "Enter a whole number of seconds."
    if number != int(number):
        return "Enter a whole number of seconds."
    if not 1 <= number <= MAX_TIMEOUT_SECONDS:
        return f"Between 1 and {MAX_TIMEOUT_SECONDS} seconds (leave empty for the Pi's default)."
    return None


def max_length(limit: int, what: str) -> Callable[[Any], str | None]:
    def run(value: Any) -> str | None:
        size = len(value or "")
        return f"{what} is at most {limit} characters; this one has {size}." if size > limit else None

    return run
