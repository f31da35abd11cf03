"""What users type: MAC addresses, SSIDs and WPA2 passphrases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pidash.contract.validation import (
    normalize_mac,
    ssid_spaces_note,
    validate_camera_mac,
    validate_passphrase,
    validate_ssid,
    visible_spaces,
)


@pytest.mark.parametrize(
    "raw",
    [
        "aa:bb:cc:dd:ee:ff",
        "AA-BB-CC-DD-EE-FF",
        "aabbccddeeff",
        "AaBbCcDdEeFf",
        "  aa:bb:cc:dd:ee:ff ",
        "aabb.ccdd.eeff",
        "AABB.CCDD.EEFF",
    ],
)
def test_mac_forms_are_normalised(raw: str) -> None:
    assert normalize_mac(raw) == "AA:BB:CC:DD:EE:FF"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "Enter a MAC address"),
        ("aa:bb:cc:dd:ee", "12 hexadecimal digits; this one has 10"),
        ("gg:bb:cc:dd:ee:ff", "^'g' is not a hexadecimal digit; a MAC address uses only 0-9 and A-F.$"),
        ("gh:bb:cc:dd:ee:ff", "^'g' and 'h' are not hexadecimal digits;"),
        ("gh:ij:cc:dd:ee:ff", "^'g', 'h', 'i' … are not hexadecimal digits;"),
        ("aa bb cc dd ee ff", "^' ' is not a hexadecimal digit;"),
        ("aa:bb-cc:dd:ee:ff", "six pairs"),
        ("aab.bccd.deeff", "three groups of four"),
        ("aa:bb:cc:dd:ee:ff:00", "this one has 14"),
    ],
)
def test_bad_macs_say_what_is_wrong(raw: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        normalize_mac(raw)


@given(st.text(max_size=40))
def test_mac_normaliser_only_raises_value_error(raw: str) -> None:
    try:
        out = normalize_mac(raw)
    except ValueError as exc:
        assert str(exc)
    else:
        assert len(out) == 17 and out == out.upper() and out.count(":") == 5


def test_ssid_counts_bytes_not_characters() -> None:
    assert validate_ssid("x" * 32) == "x" * 32
    with pytest.raises(ValueError, match="at most 32 bytes; this one is 33"):
        validate_ssid("x" * 33)
    with pytest.raises(ValueError, match="this one is 34"):
        validate_ssid("é" * 17)  # 17 characters, 34 bytes
    with pytest.raises(ValueError, match="Enter the Wi-Fi network name"):
        validate_ssid("")
    with pytest.raises(ValueError, match="control character"):
        validate_ssid("cafe\n")


def test_passphrase_rules() -> None:
    assert validate_passphrase("12345678") == "12345678"
    assert validate_passphrase("a" * 63) == "a" * 63
    assert validate_passphrase("0123456789abcdef" * 4) == "0123456789abcdef" * 4  # 64 hex = raw PSK
    with pytest.raises(ValueError, match="at least 8 characters; this one has 7"):
        validate_passphrase("1234567")
    with pytest.raises(ValueError, match="at most 63"):
        validate_passphrase("z" * 64)
    with pytest.raises(ValueError, match="printable ASCII"):
        validate_passphrase("pässwörd123")
    with pytest.raises(ValueError, match="Enter the Wi-Fi password"):
        validate_passphrase("")


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("00:00:00:00:00:00", "all zeros"),
        ("ff-ff-ff-ff-ff-ff", "^FF:FF:FF:FF:FF:FF is the broadcast address, never a camera's.$"),
        ("01:00:5E:00:00:FB", r"^01:00:5E:00:00:FB is a multicast address \(its first octet, 01, is odd\)"),
        ("3333.0000.0001", "first octet, 33, is odd"),
    ],
)
def test_macs_no_camera_can_have_are_refused(raw: str, says: str) -> None:
    normalize_mac(raw)  # the form is fine: the Pi's own data may carry it
    with pytest.raises(ValueError, match=says):
        validate_camera_mac(raw)


@pytest.mark.parametrize("raw", ["24:0A:C4:12:34:56", "aabb.ccdd.eeff", "02:00:00:00:00:01", "FE-FF-FF-FF-FF-FF"])
def test_camera_macs_pass(raw: str) -> None:
    assert validate_camera_mac(raw) == normalize_mac(raw)


def test_blank_ssid_is_refused_and_surrounding_spaces_are_kept_and_shown() -> None:
    for blank in (" ", "   ", "\t "):
        with pytest.raises(ValueError, match="cannot be only spaces"):
            validate_ssid(blank)
    assert validate_ssid(" skynet ") == " skynet "
    assert visible_spaces(" skynet ") == "·skynet·"
    assert visible_spaces("  sky net") == "··sky net"
    assert str(ssid_spaces_note(" skynet ")) == "Spaces at the start or end are part of the name and are kept: ·skynet·"
    assert ssid_spaces_note("sky net") is None
    assert ssid_spaces_note("") is None
