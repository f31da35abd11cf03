"""Validation of what users type: MAC addresses, SSIDs, WPA2 passphrases.

Each function returns the normalised value or raises ``ValueError`` with a sentence that can
be shown next to the field as it is.
"""

from __future__ import annotations

import re
import string

_HEX = set(string.hexdigits)
_MAC_GROUPS = re.compile(r"^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$")

SSID_MAX_BYTES = 32
PASSPHRASE_MIN = 8
PASSPHRASE_MAX = 63


def normalize_mac(raw: str) -> str:
    """``aa-bb-cc-dd-ee-ff``, ``aabbccddeeff``, any case → ``AA:BB:CC:DD:EE:FF``."""
    text = raw.strip()
    if not text:
        raise ValueError("Enter a MAC address, for example AA:BB:CC:DD:EE:FF.")
    if _MAC_GROUPS.match(text):
        digits = text.replace(":", "").replace("-", "")
    elif len(text) == 12 and set(text) <= _HEX:
        digits = text
    else:
        bad = sorted({c for c in text if c not in _HEX and c not in ":-"})
        if bad:
            shown = " ".join(repr(c) for c in bad[:5])
            raise ValueError(f"A MAC address holds only hexadecimal digits 0-9 and A-F; {shown} is not allowed.")
        count = sum(1 for c in text if c in _HEX)
        if count != 12:
            raise ValueError(f"A MAC address has 12 hexadecimal digits; this one has {count}.")
        raise ValueError("Write the MAC address as six pairs, like AA:BB:CC:DD:EE:FF or AA-BB-CC-DD-EE-FF.")
    digits = digits.upper()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def validate_ssid(raw: str) -> str:
    """An SSID is 1 to 32 bytes of UTF-8; surrounding spaces are kept (they are legal)."""
    if raw == "":
        raise ValueError("Enter the Wi-Fi network name (SSID).")
    size = len(raw.encode("utf-8"))
    if size > SSID_MAX_BYTES:
        raise ValueError(f"A Wi-Fi network name is at most {SSID_MAX_BYTES} bytes; this one is {size}.")
    if any(ord(c) < 32 or ord(c) == 127 for c in raw):
        raise ValueError("The Wi-Fi network name contains a control character.")
    return raw


def validate_passphrase(raw: str) -> str:
    """WPA2-PSK: 8-63 printable ASCII characters, or exactly 64 hexadecimal digits."""
    if raw == "":
        raise ValueError("Enter the Wi-Fi password.")
    if len(raw) == 64 and set(raw) <= _HEX:
        return raw
    if any(not (32 <= ord(c) <= 126) for c in raw):
        raise ValueError("A WPA2 password uses only printable ASCII characters (no accents or emoji).")
    if len(raw) < PASSPHRASE_MIN:
        raise ValueError(f"A WPA2 password has at least {PASSPHRASE_MIN} characters; this one has {len(raw)}.")
    if len(raw) > PASSPHRASE_MAX:
        raise ValueError(
            f"A WPA2 password has at most {PASSPHRASE_MAX} characters (or exactly 64 hexadecimal digits); "
            f"this one has {len(raw)}."
        )
    return raw
