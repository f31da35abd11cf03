"""Contract validators as NiceGUI input validation: the sentence shows next to the field.

Validation runs while the page is built or in the browser's change event, so the page's language
applies (``_()``/``current()``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nicegui.elements.mixins.validation_element import ValidationElement

from pidash.contract.provisioning import MAX_TIMEOUT_SECONDS
from pidash.contract.validation import reason
from pidash.i18n import Msg, _, current

F = TypeVar("F", bound=ValidationElement[Any])


def checked_on_submit(field: F) -> F:
    """``field`` is checked when its form is submitted (``field.validate()``), then as it is typed
    in while it shows an error.

    Not checked as typed from the start: a MAC address or a password half typed is not wrong yet.
    But an error, once shown, follows the value (it changes, or goes once the value is valid)
    instead of staying about a value no longer there until the next submit.
    """

    def recheck() -> None:
        if field.error is not None:
            field.validate(return_result=False)

    field.without_auto_validation()
    field.on_value_change(recheck)
    return field


def check(validate: Callable[[str], object]) -> Callable[[Any], str | None]:
    """Wrap a ``contract.validation`` function (raises ``ValueError`` with a sentence)."""

    def run(value: Any) -> str | None:
        try:
            validate("" if value is None else str(value))
        except ValueError as exc:
            return current().text(reason(exc))
        return None

    return run


def seconds_error(value: Any, maximum: int, *, optional: bool = False) -> str | None:
    """The sentence for a bad whole number of seconds (1 to ``maximum``), or None.

    Used as ``ui.number`` validation *instead of* its ``min``/``max``/``precision``: those
    silently clamp and round the value on blur, so ``0`` would become ``1`` before the check ran.
    """
    if value is None or value == "":
        return None if optional else _("Enter a number of seconds.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _("Enter a number of seconds.")
    if number != int(number):
        return _("Enter a whole number of seconds.")
    if not 1 <= number <= maximum:
        if optional:
            return _("Between 1 and {maximum} seconds (leave empty for the Pi's default).").format(maximum=maximum)
        return _("Between 1 and {maximum} seconds.").format(maximum=maximum)
    return None


def optional_timeout(value: Any) -> str | None:
    """A session timeout: empty means the Pi's default."""
    return seconds_error(value, MAX_TIMEOUT_SECONDS, optional=True)


def max_length(limit: int, what: Msg | str) -> Callable[[Any], str | None]:
    """At most ``limit`` characters; ``what`` names the field as the sentence's subject ("A description")."""

    def run(value: Any) -> str | None:
        size = len(value or "")
        if size <= limit:
            return None
        return _("{what} is at most {limit} characters; this one has {size}.").format(
            what=current().text(what), limit=limit, size=size
        )

    return run
