"""Text made once for every browser, translated when a page shows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Msg:
    """A catalog message id with its named ``{fields}``; a field may itself be a :class:`Msg`.

    ``str(m)`` is the English text (logs, exports); a page shows ``t.text(m)`` in its language.
    """

    id: str
    fields: tuple[tuple[str, object], ...] = ()
    plural: str | None = None
    """The plural message id (``ngettext``); then ``count`` picks the form."""
    count: int = 0
    context: str | None = None
    """Tells apart one English text that other languages say differently (``msgctxt``)."""

    def __str__(self) -> str:
        from pidash.i18n.catalog import translator

        return translator("en").text(self)


def msg(message: str, /, **fields: object) -> Msg:
    """Mark ``message`` for the catalog; it is translated where it is shown."""
    return Msg(message, tuple(fields.items()))


def msg_n(singular: str, plural: str, count: int, /, **fields: object) -> Msg:
    """Like :func:`msg` with a plural form chosen by ``count`` (also available as ``{count}``)."""
    return Msg(singular, (("count", count), *fields.items()), plural=plural, count=count)


def msg_p(context: str, message: str, /, **fields: object) -> Msg:
    """Like :func:`msg`, for an English text that means different things (``context`` tells which)."""
    return Msg(message, tuple(fields.items()), context=context)
