"""Read camera MAC addresses from a photo of a label (QR codes and barcodes).

Decoding runs on the dashboard server with zxing-cpp (``zxingcpp``); Pillow opens the photo
(JPEG, PNG, WebP… as phones send them; zxing-cpp reads a Pillow image directly). CPU-bound and
blocking: call :func:`scan_label` in a worker thread.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

from pidash.allowlist_io import problem_of
from pidash.contract.validation import validate_camera_mac
from pidash.i18n import Msg, msg, msg_n

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""A label photo is at most 20 MB (issue 12); a phone's 12 MP JPEG is 3-6 MB."""
MAX_IMAGE_PIXELS = 50_000_000
"""Refused above this (a decompression bomb: a small file that would expand to gigabytes)."""
_MAC_TEXT = re.compile(
    r"(?<![0-9A-Fa-f])(?:"
    r"[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}"
    r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
    r"|[0-9A-Fa-f]{12}"
    r")(?![0-9A-Fa-f])"
)
_F = zxingcpp.BarcodeFormat
_RETAIL = {_F.EAN8, _F.EAN13, _F.UPCA, _F.UPCE, _F.ISBN}
"""Product codes (12-13 decimal digits): never a MAC, though 12 digits would look like one."""


class LabelRefused(ValueError):
    """The upload is not a photo we read (too large, not an image); :attr:`message` is the sentence
    (``str`` of the exception: English)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class LabelScan:
    """What a photo holds: ``macs`` (canonical, in reading order, each once) and the MAC-like
    texts refused with their reason (``refused``: a multicast address printed on a label)."""

    codes: int
    macs: list[str] = field(default_factory=list)
    refused: list[tuple[str, str | Msg]] = field(default_factory=list)

    @property
    def summary(self) -> Msg:
        """A sentence for the page (``t.text``); ``str`` of it is English."""
        if self.codes == 0:
            return msg("No QR code or barcode was found in this image; try again closer and in focus.")
        if not self.macs and not self.refused:
            return msg_n(
                "{count} code read, but none holds a MAC address.",
                "{count} codes read, but none holds a MAC address.",
                self.codes,
            )
        return msg("{codes} read: {macs} found.", codes=_codes(self.codes), macs=_macs(len(self.macs)))


def _codes(n: int) -> Msg:
    return msg_n("{count} code", "{count} codes", n)


def _macs(n: int) -> Msg:
    return msg_n("{count} MAC address", "{count} MAC addresses", n)


def macs_in_text(text: str) -> list[str]:
    """The MAC-like strings in a code's text (``AA:BB…``, ``AA-BB…``, ``AABB.CCDD.EEFF``, 12 hex digits)."""
    return _MAC_TEXT.findall(text)


def open_image(data: bytes) -> Image.Image:
    """The photo as an 8-bit grayscale image, turned upright; :class:`LabelRefused` otherwise."""
    if len(data) > MAX_IMAGE_BYTES:
        megabytes = round(len(data) / 1024 / 1024)
        raise LabelRefused(msg("The image is {size} MB; a label photo is at most 20 MB.", size=megabytes))
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise LabelRefused(
                msg(
                    "The image has {width} by {height} pixels; at most 50 megapixels are read.",
                    width=image.width,
                    height=image.height,
                )
            )
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise LabelRefused(msg("This file is not an image we can read; take a photo (JPEG or PNG).")) from None
    except (OSError, SyntaxError, ValueError):
        raise LabelRefused(msg("This image is damaged or incomplete; take the photo again.")) from None
    return ImageOps.exif_transpose(image).convert("L")


def scan_label(data: bytes) -> LabelScan:
    """Every MAC address in the QR codes and barcodes of a photo. :class:`LabelRefused` when the
    upload is not an image or too large. Blocking (tens to hundreds of ms for a phone photo)."""
    image = open_image(data)
    codes = zxingcpp.read_barcodes(image)
    macs: list[str] = []
    refused: list[tuple[str, str | Msg]] = []
    for code in codes:
        if code.format in _RETAIL:
            continue
        for text in macs_in_text(code.text):
            try:
                mac = validate_camera_mac(text)
            except ValueError as exc:
                if all(text != t for t, _ in refused):
                    refused.append((text, problem_of(exc)))
                continue
            if mac not in macs:
                macs.append(mac)
    return LabelScan(codes=len(codes), macs=macs, refused=refused)
