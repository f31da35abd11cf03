"""Table columns whose labels are :class:`~pidash.i18n.Msg`, given in a page's language."""

from __future__ import annotations

from typing import Any

from pidash.i18n import Translator


def columns(spec: list[dict[str, Any]], t: Translator) -> list[dict[str, Any]]:
    """``spec`` (Quasar column dicts, ``label`` a ``Msg`` or text) with each label in ``t``'s language.

    A module-level column list must hold ``msg(...)`` labels (it is made once for every browser);
    a table's columns are set once, when the page is built.
    """
    return [{**column, "label": t.text(column["label"])} for column in spec]
