"""What users type: MAC addresses, SSIDs and WPA2 passphrases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pidash.contract.validation import normalize_mac, validate_passphrase, validate_ssid


@pytest.mark.parametrize(
    "raw",
    ["aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF", "aabbccddeeff", "AaBbCcDdEeFf", "  aa:bb:cc:dd:ee:ff "],
)
def test_mac_forms_are_normalised(raw: str) -> None:
    assert normalize_mac(raw) == "AA:BB:CC:DD:EE:FF"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "Enter a MAC address"),
        ("aa:bb:cc:dd:ee", "12 hexadecimal digits; this one has 10"),
        ("gg:bb:cc:dd:ee:ff", "'g' is not allowed"),
        ("aa:bb-cc:dd:ee:ff", "six pairs"),
        ("aabb.ccdd.eeff", "'.' is not allowed"),
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
