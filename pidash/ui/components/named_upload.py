"""``ui.upload`` whose hidden file input carries the uploader's ``aria-label`` (Quasar leaves it unnamed)."""

from __future__ import annotations

from nicegui import ui


class NamedUpload(ui.upload, component="named_upload.js"):  # type: ignore[call-arg]
    """Use as ``ui.upload``; name it with ``attrs(upload, aria_label=_("…"))``."""
