"""Validation of what users type: MAC addresses, SSIDs, WPA2 passphrases.

Each function returns the normalised value or raises :class:`InvalidInput` (a ``ValueError``)
whose ``message`` is the sentence to show next to the field, in the page's language.
"""

from __future__ import annotations

import re
import string

from pidash.i18n.message import Msg, msg

_HEX = set(string.hexdigits)
_MAC_GROUPS = re.compile(r"^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$")
_MAC_DOTTED = re.compile(r"^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$")

SSID_MAX_BYTES = 32
PASSPHRASE_MIN = 8
PASSPHRASE_MAX = 63


class InvalidInput(ValueError):
    """A refused value: ``message`` is the sentence for the person who typed it (a :class:`Msg`);
    ``str()`` of the error is its English text (pydantic's errors, logs, files)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


def reason(exc: ValueError) -> Msg | str:
    """The sentence of a refused value: translatable for :class:`InvalidInput`, else its text."""
    return exc.message if isinstance(exc, InvalidInput) else str(exc)


def normalize_mac(raw: str) -> str:
    """``aa-bb-cc-dd-ee-ff``, ``aabbccddeeff``, ``aabb.ccdd.eeff``, any case → ``AA:BB:CC:DD:EE:FF``.

    Only the form is checked: the Pi's own data goes through here too. What a user types as a
    camera's address goes through :func:`validate_camera_mac`.
    """
    text = raw.strip()
    if not text:
        raise InvalidInput(msg("Enter a MAC address, for example AA:BB:CC:DD:EE:FF."))
    if _MAC_GROUPS.match(text) or _MAC_DOTTED.match(text):
        digits = text.replace(":", "").replace("-", "").replace(".", "")
    elif len(text) == 12 and set(text) <= _HEX:
        digits = text
    else:
        bad = sorted({c for c in text if c not in _HEX and c not in ":-."})
        if bad:
            raise InvalidInput(_not_hex(bad))
        count = sum(1 for c in text if c in _HEX)
        if count != 12:
            raise InvalidInput(msg("A MAC address has 12 hexadecimal digits; this one has {count}.", count=count))
        raise InvalidInput(
            msg(
                "Write the MAC address as six pairs (AA:BB:CC:DD:EE:FF or AA-BB-CC-DD-EE-FF) "
                "or three groups of four (AABB.CCDD.EEFF)."
            )
        )
    digits = digits.upper()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _not_hex(bad: list[str]) -> Msg:
    """``'g' is not a hexadecimal digit…`` / ``'g', 'h' and 'x' are not…`` / ``'g', 'h', 'i' … are not…``."""
    shown = [repr(c) for c in bad[:3]]
    if len(bad) == 1:
        return msg("{char} is not a hexadecimal digit; a MAC address uses only 0-9 and A-F.", char=shown[0])
    if len(bad) <= 3:
        return msg(
            "{chars} and {last} are not hexadecimal digits; a MAC address uses only 0-9 and A-F.",
            chars=", ".join(shown[:-1]),
            last=shown[-1],
        )
    return msg("{chars} … are not hexadecimal digits; a MAC address uses only 0-9 and A-F.", chars=", ".join(shown))


def validate_camera_mac(raw: str) -> str:
    """A MAC address a user gives for a camera: :func:`normalize_mac`, then refuse the addresses no
    camera can have — all zeros, broadcast ``FF:FF:FF:FF:FF:FF``, multicast (first octet odd:
    its lowest bit is the IEEE 802 group bit). :class:`InvalidInput` with the reason."""
    mac = normalize_mac(raw)
    if mac == "00:00:00:00:00:00":
        raise InvalidInput(msg("00:00:00:00:00:00 is not a device's address (all zeros); check the label."))
    if mac == "FF:FF:FF:FF:FF:FF":
        raise InvalidInput(msg("FF:FF:FF:FF:FF:FF is the broadcast address, never a camera's."))
    first = int(mac[:2], 16)
    if first & 1:
        raise InvalidInput(
            msg(
                "{mac} is a multicast address (its first octet, {octet}, is odd), never a camera's; check the label.",
                mac=mac,
                octet=mac[:2],
            )
        )
    return mac


def validate_ssid(raw: str) -> str:
    """An SSID is 1 to 32 bytes of UTF-8, not only spaces; surrounding spaces are kept (they are legal,
    :func:`visible_spaces` shows them)."""
    if raw == "":
        raise InvalidInput(msg("Enter the Wi-Fi network name (SSID)."))
    if not raw.strip():
        raise InvalidInput(msg("A Wi-Fi network name cannot be only spaces; enter the name."))
    size = len(raw.encode("utf-8"))
    if size > SSID_MAX_BYTES:
        raise InvalidInput(
            msg("A Wi-Fi network name is at most {limit} bytes; this one is {size}.", limit=SSID_MAX_BYTES, size=size)
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in raw):
        raise InvalidInput(msg("The Wi-Fi network name contains a control character."))
    return raw


def visible_spaces(ssid: str) -> str:
    """``" skynet  "`` → ``"·skynet··"``: leading and trailing whitespace shown as ``·``."""
    core = ssid.strip()
    if not core:
        return "·" * len(ssid)
    start = ssid.index(core)
    return "·" * start + core + "·" * (len(ssid) - start - len(core))


def ssid_spaces_note(ssid: str) -> Msg | None:
    """The note shown next to an SSID that starts or ends with whitespace (kept as typed), or None."""
    if not ssid.strip() or ssid == ssid.strip():
        return None
    return msg("Spaces at the start or end are part of the name and are kept: {shown}", shown=visible_spaces(ssid))


def validate_passphrase(raw: str) -> str:
    """WPA2-PSK: 8-63 printable ASCII characters, or exactly 64 hexadecimal digits."""
    if raw == "":
        raise InvalidInput(msg("Enter the Wi-Fi password."))
    if len(raw) == 64 and set(raw) <= _HEX:
        return raw
    if any(not (32 <= ord(c) <= 126) for c in raw):
        raise InvalidInput(msg("A WPA2 password uses only printable ASCII characters (no accents or emoji)."))
    if len(raw) < PASSPHRASE_MIN:
        raise InvalidInput(
            msg(
                "A WPA2 password has at least {limit} characters; this one has {count}.",
                limit=PASSPHRASE_MIN,
                count=len(raw),
            )
        )
    if len(raw) > PASSPHRASE_MAX:
        raise InvalidInput(
            msg(
                "A WPA2 password has at most {limit} characters (or exactly 64 hexadecimal digits); "
                "this one has {count}.",
                limit=PASSPHRASE_MAX,
                count=len(raw),
            )
        )
    return raw
