"""Windows' Native Wifi API (wlanapi.dll) through ctypes: the same answer in every display
language, unlike netsh.

The structures are declared with fixed-size fields (WCHAR as UTF-16 units, ULONG as 32 bits),
so their layout is the same on every platform and the decoding is unit-tested anywhere; only
`query` needs Windows. On Windows 11 24H2 without Location permission WlanQueryInterface
answers ERROR_ACCESS_DENIED: that is reported as a permission problem, never as "disconnected".
"""

from __future__ import annotations

import ctypes
import sys
from ctypes import c_uint8, c_uint16, c_uint32

from safe_session.probes.base import Unavailable
from safe_session.probes.wifi.reading import PERMISSION, Security, WifiReading

ERROR_SUCCESS = 0
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_STATE = 5023
ERROR_SERVICE_NOT_ACTIVE = 1062
WLAN_INTF_OPCODE_CURRENT_CONNECTION = 7
CLIENT_VERSION_VISTA_AND_LATER = 2

# WLAN_INTERFACE_STATE
STATE_CONNECTED = 1
STATE_AD_HOC = 2
STATE_DISCONNECTING = 3
STATE_DISCONNECTED = 4
STATE_ASSOCIATING = 5
STATE_DISCOVERING = 6
STATE_AUTHENTICATING = 7

# DOT11_AUTH_ALGORITHM (windot11.h)
AUTH_ALGORITHMS: dict[int, Security] = {
    1: "open",  # 80211_OPEN (WEP when a WEP cipher is in use)
    2: "wep",  # 80211_SHARED_KEY
    3: "wpa-enterprise",  # WPA
    4: "wpa-personal",  # WPA_PSK
    5: "wpa-personal",  # WPA_NONE (ad hoc)
    6: "wpa2-enterprise",  # RSNA
    7: "wpa2-personal",  # RSNA_PSK
    8: "wpa3-enterprise",  # WPA3 (192-bit)
    9: "wpa3-personal",  # WPA3_SAE
    10: "owe",  # OWE
    11: "wpa3-enterprise",  # WPA3_ENT
}
# DOT11_CIPHER_ALGORITHM
CIPHERS = {
    0x00: None,
    0x01: "WEP",
    0x02: "TKIP",
    0x04: "CCMP",
    0x05: "WEP",
    0x08: "GCMP",
    0x09: "GCMP-256",
    0x0A: "CCMP-256",
    0x100: None,  # use the group cipher
    0x101: "WEP",
}


class GUID(ctypes.Structure):
    _fields_ = [
        ("Data1", c_uint32),
        ("Data2", c_uint16),
        ("Data3", c_uint16),
        ("Data4", c_uint8 * 8),
    ]

    def text(self) -> str:
        tail = bytes(self.Data4)
        return (
            f"{self.Data1:08x}-{self.Data2:04x}-{self.Data3:04x}-{tail[:2].hex()}-{tail[2:].hex()}"
        )


class WLAN_INTERFACE_INFO(ctypes.Structure):
    _fields_ = [
        ("InterfaceGuid", GUID),
        ("strInterfaceDescription", c_uint16 * 256),
        ("isState", c_uint32),
    ]


class WLAN_INTERFACE_INFO_LIST(ctypes.Structure):
    _fields_ = [
        ("dwNumberOfItems", c_uint32),
        ("dwIndex", c_uint32),
        ("InterfaceInfo", WLAN_INTERFACE_INFO * 1),
    ]


class DOT11_SSID(ctypes.Structure):
    _fields_ = [("uSSIDLength", c_uint32), ("ucSSID", c_uint8 * 32)]


class WLAN_ASSOCIATION_ATTRIBUTES(ctypes.Structure):
    _fields_ = [
        ("dot11Ssid", DOT11_SSID),
        ("dot11BssType", c_uint32),
        ("dot11Bssid", c_uint8 * 6),
        ("dot11PhyType", c_uint32),
        ("uDot11PhyIndex", c_uint32),
        ("wlanSignalQuality", c_uint32),
        ("ulRxRate", c_uint32),
        ("ulTxRate", c_uint32),
    ]


class WLAN_SECURITY_ATTRIBUTES(ctypes.Structure):
    _fields_ = [
        ("bSecurityEnabled", c_uint32),
        ("bOneXEnabled", c_uint32),
        ("dot11AuthAlgorithm", c_uint32),
        ("dot11CipherAlgorithm", c_uint32),
    ]


class WLAN_CONNECTION_ATTRIBUTES(ctypes.Structure):
    _fields_ = [
        ("isState", c_uint32),
        ("wlanConnectionMode", c_uint32),
        ("strProfileName", c_uint16 * 256),
        ("wlanAssociationAttributes", WLAN_ASSOCIATION_ATTRIBUTES),
        ("wlanSecurityAttributes", WLAN_SECURITY_ATTRIBUTES),
    ]


def wide_text(units: ctypes.Array[c_uint16]) -> str:
    """A WCHAR[] field as text, up to its terminating NUL."""
    chars = list(units)
    if 0 in chars:
        chars = chars[: chars.index(0)]
    raw = b"".join(int(c).to_bytes(2, "little") for c in chars)
    return raw.decode("utf-16-le", errors="replace")


def ssid_text(ssid: DOT11_SSID) -> str | None:
    length = min(int(ssid.uSSIDLength), 32)
    if length == 0:
        return None
    return bytes(ssid.ucSSID[:length]).decode("utf-8", errors="replace")


def security_of(auth: int, cipher: int, enabled: bool) -> Security:
    if auth == 1:
        return "wep" if CIPHERS.get(cipher) == "WEP" or (enabled and cipher in (1, 5)) else "open"
    return AUTH_ALGORITHMS.get(auth, "unknown")


def reading_from_attributes(
    raw: bytes, description: str | None = None, guid: str | None = None
) -> WifiReading:
    """Decode a WLAN_CONNECTION_ATTRIBUTES buffer (what WlanQueryInterface returns for
    wlan_intf_opcode_current_connection)."""
    if len(raw) < ctypes.sizeof(WLAN_CONNECTION_ATTRIBUTES):
        return WifiReading(reason="Windows returned a short answer", source="wlanapi")
    attrs = WLAN_CONNECTION_ATTRIBUTES.from_buffer_copy(raw)
    state = int(attrs.isState)
    if state in (STATE_DISCONNECTED, STATE_DISCONNECTING):
        return WifiReading(
            "disconnected", interface=description, interface_id=guid, source="wlanapi"
        )
    if state != STATE_CONNECTED:
        return WifiReading(
            interface=description,
            interface_id=guid,
            source="wlanapi",
            reason="Wi-Fi was still connecting",
        )
    sec_attrs = attrs.wlanSecurityAttributes
    cipher_id = int(sec_attrs.dot11CipherAlgorithm)
    security = security_of(
        int(sec_attrs.dot11AuthAlgorithm), cipher_id, bool(sec_attrs.bSecurityEnabled)
    )
    return WifiReading(
        "connected",
        ssid_text(attrs.wlanAssociationAttributes.dot11Ssid),
        security,
        None if security != "unknown" else "Windows named a security this tool does not know",
        interface=description,
        interface_id=guid,
        cipher=CIPHERS.get(cipher_id),
        source="wlanapi",
    )


def query() -> list[WifiReading]:  # pragma: no cover - needs Windows
    """One reading per Wi-Fi interface, straight from wlanapi.dll."""
    if sys.platform != "win32":
        raise Unavailable("the Windows Wi-Fi API exists only on Windows", "missing_tool")
    from ctypes import POINTER, byref, c_void_p, wintypes

    try:
        wlanapi = ctypes.WinDLL("wlanapi.dll")  # type: ignore[attr-defined]
    except OSError:
        raise Unavailable("the Windows Wi-Fi API is not available", "missing_tool") from None
    handle = wintypes.HANDLE()
    version = wintypes.DWORD()
    code = wlanapi.WlanOpenHandle(
        CLIENT_VERSION_VISTA_AND_LATER, None, byref(version), byref(handle)
    )
    if code == ERROR_SERVICE_NOT_ACTIVE:
        raise Unavailable("the Windows Wi-Fi service is not running: no Wi-Fi in use", "no_wifi")
    if code != ERROR_SUCCESS:
        raise Unavailable(f"the Windows Wi-Fi API refused to answer (error {code})")
    readings: list[WifiReading] = []
    try:
        iface_list = POINTER(WLAN_INTERFACE_INFO_LIST)()
        code = wlanapi.WlanEnumInterfaces(handle, None, byref(iface_list))
        if code != ERROR_SUCCESS:
            raise Unavailable(f"the Windows Wi-Fi API could not list interfaces (error {code})")
        try:
            count = int(iface_list.contents.dwNumberOfItems)
            array_type = WLAN_INTERFACE_INFO * count
            infos = array_type.from_address(ctypes.addressof(iface_list.contents.InterfaceInfo))
            for info in infos:
                guid_text = info.InterfaceGuid.text()
                description = wide_text(info.strInterfaceDescription) or None
                size = wintypes.DWORD()
                data = c_void_p()
                value_type = wintypes.DWORD()
                code = wlanapi.WlanQueryInterface(
                    handle,
                    byref(info.InterfaceGuid),
                    WLAN_INTF_OPCODE_CURRENT_CONNECTION,
                    None,
                    byref(size),
                    byref(data),
                    byref(value_type),
                )
                if code == ERROR_ACCESS_DENIED:
                    readings.append(
                        WifiReading(
                            interface=description,
                            interface_id=guid_text,
                            source="wlanapi",
                            reason="Windows shares Wi-Fi details only with Location permission "
                            "turned on",
                            situation=PERMISSION,
                        )
                    )
                    continue
                if code == ERROR_INVALID_STATE:  # not connected
                    readings.append(
                        WifiReading(
                            "disconnected",
                            interface=description,
                            interface_id=guid_text,
                            source="wlanapi",
                        )
                    )
                    continue
                if code != ERROR_SUCCESS or not data.value:
                    readings.append(
                        WifiReading(
                            interface=description,
                            interface_id=guid_text,
                            source="wlanapi",
                            reason=f"Windows did not answer (error {code})",
                        )
                    )
                    continue
                try:
                    raw = ctypes.string_at(data.value, int(size.value))
                    readings.append(reading_from_attributes(raw, description, guid_text))
                finally:
                    wlanapi.WlanFreeMemory(data)
        finally:
            wlanapi.WlanFreeMemory(iface_list)
    finally:
        wlanapi.WlanCloseHandle(handle, None)
    return readings
