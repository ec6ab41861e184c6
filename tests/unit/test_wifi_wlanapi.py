"""Decoding the Native Wifi API's WLAN_CONNECTION_ATTRIBUTES (the buffer WlanQueryInterface
returns), built here byte for byte as Windows lays it out."""

from __future__ import annotations

import ctypes

import pytest

from safe_session.probes.wifi import windows_wlanapi as w


def attributes(
    state: int = w.STATE_CONNECTED,
    ssid: bytes = b"HomeNet",
    auth: int = 7,
    cipher: int = 4,
    enabled: bool = True,
    profile: str = "HomeNet",
) -> bytes:
    a = w.WLAN_CONNECTION_ATTRIBUTES()
    a.isState = state
    for i, unit in enumerate(profile.encode("utf-16-le")[::2]):
        a.strProfileName[i] = unit
    a.wlanAssociationAttributes.dot11Ssid.uSSIDLength = len(ssid)
    for i, byte in enumerate(ssid):
        a.wlanAssociationAttributes.dot11Ssid.ucSSID[i] = byte
    a.wlanSecurityAttributes.bSecurityEnabled = int(enabled)
    a.wlanSecurityAttributes.dot11AuthAlgorithm = auth
    a.wlanSecurityAttributes.dot11CipherAlgorithm = cipher
    return bytes(a)


def test_layout_matches_windows() -> None:
    # sizeof(WLAN_CONNECTION_ATTRIBUTES) is 604 bytes and WLAN_INTERFACE_INFO 532 on Windows.
    assert ctypes.sizeof(w.WLAN_CONNECTION_ATTRIBUTES) == 604
    assert ctypes.sizeof(w.WLAN_INTERFACE_INFO) == 532
    assert w.WLAN_CONNECTION_ATTRIBUTES.wlanSecurityAttributes.offset == 588


@pytest.mark.parametrize(
    ("auth", "cipher", "security", "cipher_name"),
    [
        (1, 0, "open", None),
        (1, 5, "wep", "WEP"),
        (2, 1, "wep", "WEP"),
        (4, 2, "wpa-personal", "TKIP"),
        (7, 4, "wpa2-personal", "CCMP"),
        (6, 4, "wpa2-enterprise", "CCMP"),
        (9, 4, "wpa3-personal", "CCMP"),
        (11, 9, "wpa3-enterprise", "GCMP-256"),
        (10, 4, "owe", "CCMP"),
        (0x80000001, 4, "unknown", "CCMP"),
    ],
)
def test_security_from_algorithms(
    auth: int, cipher: int, security: str, cipher_name: str | None
) -> None:
    reading = w.reading_from_attributes(attributes(auth=auth, cipher=cipher), "Intel AX201", "g")
    assert (reading.state, reading.ssid, reading.security, reading.cipher) == (
        "connected",
        "HomeNet",
        security,
        cipher_name,
    )
    assert (reading.interface, reading.interface_id, reading.source) == (
        "Intel AX201",
        "g",
        "wlanapi",
    )


def test_states_and_names() -> None:
    assert w.reading_from_attributes(attributes(state=w.STATE_DISCONNECTED)).state == (
        "disconnected"
    )
    assert w.reading_from_attributes(attributes(state=w.STATE_AUTHENTICATING)).state == "unknown"
    assert w.reading_from_attributes(attributes(ssid=b"")).ssid is None
    hostile = "Caf\u00e9\x1b[2J".encode()
    assert w.reading_from_attributes(attributes(ssid=hostile)).ssid == "Caf\u00e9\x1b[2J"
    assert w.reading_from_attributes(b"\x01\x00").state == "unknown"


def test_guid_and_wide_text() -> None:
    info = w.WLAN_INTERFACE_INFO()
    info.InterfaceGuid.Data1 = 0x6A03DE25
    info.InterfaceGuid.Data2 = 0xEF87
    info.InterfaceGuid.Data3 = 0x4EDE
    for i, b in enumerate(bytes.fromhex("87bb4b9a690efc98")):
        info.InterfaceGuid.Data4[i] = b
    assert info.InterfaceGuid.text() == "6a03de25-ef87-4ede-87bb-4b9a690efc98"
    for i, unit in enumerate("Wi-Fi 6E".encode("utf-16-le")[::2]):
        info.strInterfaceDescription[i] = unit
    assert w.wide_text(info.strInterfaceDescription) == "Wi-Fi 6E"


def test_query_refuses_off_windows() -> None:
    with pytest.raises(Exception) as err:
        w.query()
    assert getattr(err.value, "situation", None) == "missing_tool"
