"""Label photos: QR codes made with segno, decoded by zxing-cpp through pidash.labels."""

from __future__ import annotations

import io

import pytest
import segno
from PIL import Image

from pidash.labels import MAX_IMAGE_BYTES, LabelRefused, macs_in_text, scan_label


def qr(text: str, scale: int = 6) -> Image.Image:
    out = io.BytesIO()
    segno.make(text, micro=False).save(out, kind="png", scale=scale, border=4)
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


def photo(*codes: Image.Image, fmt: str = "JPEG") -> bytes:
    """The codes side by side on a grey "label", saved as a phone would (JPEG)."""
    width = sum(c.width for c in codes) + 60 * (len(codes) + 1)
    height = max(c.height for c in codes) + 120
    canvas = Image.new("L", (width, height), 235)
    x = 60
    for code in codes:
        canvas.paste(code, (x, 60))
        x += code.width + 60
    out = io.BytesIO()
    canvas.convert("RGB").save(out, format=fmt)
    return out.getvalue()


def label_with_two_macs() -> bytes:
    return photo(qr("ESP32-CAM\nMAC: 24:0a:c4:12:34:56"), qr("SN 4411 MAC=240AC4ABCDEF rev B"))


def test_two_qr_codes_yield_both_macs() -> None:
    scan = scan_label(label_with_two_macs())
    assert scan.codes == 2
    assert sorted(scan.macs) == ["24:0A:C4:12:34:56", "24:0A:C4:AB:CD:EF"]
    assert str(scan.summary) == "2 codes read: 2 MAC addresses found."


def test_blank_image_says_none_found() -> None:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (250, 250, 250)).save(out, format="PNG")
    scan = scan_label(out.getvalue())
    assert (scan.codes, scan.macs) == (0, [])
    assert str(scan.summary).startswith("No QR code or barcode was found in this image")


def test_a_code_without_a_mac_and_a_multicast_mac_are_said() -> None:
    scan = scan_label(photo(qr("https://example.com/manual")))
    assert scan.macs == [] and str(scan.summary) == "1 code read, but none holds a MAC address."
    scan = scan_label(photo(qr("MAC 01:00:5E:00:00:FB"), qr("aabb.ccdd.eeff")))
    assert scan.macs == ["AA:BB:CC:DD:EE:FF"]
    assert scan.refused[0][0] == "01:00:5E:00:00:FB" and "multicast" in str(scan.refused[0][1])


def test_non_image_and_oversized_uploads_are_refused() -> None:
    with pytest.raises(LabelRefused, match="not an image"):
        scan_label(b"mac,description\n24:0A:C4:12:34:56,x\n")
    with pytest.raises(LabelRefused, match="at most 20 MB"):
        scan_label(b"\xff\xd8" + b"\0" * MAX_IMAGE_BYTES)
    truncated = label_with_two_macs()[:400]
    with pytest.raises(LabelRefused, match="damaged or incomplete"):
        scan_label(truncated)


def test_mac_forms_in_text() -> None:
    text = "a 24:0A:C4:12:34:56 b 24-0a-c4-12-34-57 c 240a.c412.3458 d 240AC4123459 e 1240AC41234590"
    assert macs_in_text(text) == ["24:0A:C4:12:34:56", "24-0a-c4-12-34-57", "240a.c412.3458", "240AC4123459"]
