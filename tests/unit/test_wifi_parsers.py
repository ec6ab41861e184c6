"""`probes.wifi.parse_output` on real outputs (the shared corpus and outputs gathered for this
check), on variants built from them (other languages, line ends, layouts), and on anything at
all (hypothesis): it never raises and never turns "not told" into "disconnected" or "open"."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_session.probes import wifi
from safe_session.probes.wifi import linux, macos, windows
from safe_session.probes.wifi.reading import SECURITIES, WifiReading, security_from_text
from tests.conftest import FIXTURES

CLASSES = {
    "open": {"open"},
    "weak": {"wep"},
    "secure": {
        "owe",
        "wpa-personal",
        "wpa2-personal",
        "wpa3-personal",
        "wpa-enterprise",
        "wpa2-enterprise",
        "wpa3-enterprise",
    },
    "unknown": {"unknown"},
}


def cases(name: str) -> list[Any]:
    entries = json.loads((FIXTURES / name).read_text(encoding="utf-8"))["wifi"]
    return [pytest.param(e, id=e["file"]) for e in entries]


def read(path: str) -> str:
    return (FIXTURES / path).read_bytes().decode("utf-8")


@pytest.mark.parametrize("case", cases("expected.json") + cases("gathered.json"))
def test_real_outputs_match_ground_truth(case: dict[str, Any]) -> None:
    reading = wifi.parse_output(case["tool"], read(case["file"]))
    assert reading.state == case["state"]
    if case["ssid_judged"]:
        assert reading.ssid == case["ssid"]
    allowed = set().union(*(CLASSES[c] for c in case["security_class"]))
    assert reading.security in allowed
    if reading.state == "unknown" or (
        reading.state == "connected" and reading.security == "unknown"
    ):
        assert reading.reason, "an unknown answer must say why"


@pytest.mark.parametrize("case", cases("expected.json") + cases("gathered.json"))
def test_crlf_and_bom_change_nothing(case: dict[str, Any]) -> None:
    text = read(case["file"])
    plain = wifi.parse_output(case["tool"], text)
    crlf = wifi.parse_output(case["tool"], "\ufeff" + text.replace("\n", "\r\n"))
    assert (crlf.state, crlf.ssid, crlf.security) == (
        plain.state,
        plain.ssid,
        plain.security,
    )


def test_exact_securities_of_the_corpus() -> None:
    assert wifi.parse_output("netsh", read("netsh/en_wpa2_win11_1.txt")).security == (
        "wpa2-personal"
    )
    assert wifi.parse_output("netsh", read("netsh/de_wpa2_enterprise_win11_1.txt")).security == (
        "wpa2-enterprise"
    )
    nm = wifi.parse_output(
        "nmcli", read("linux_wifi/nmcli_dev_wifi_list_table_open_and_wpa3_1.txt")
    )
    assert nm.security == "wpa3-personal"
    eduroam = read("linux_wifi/wpa_cli_status_eduroam_peap_gathered_1.txt")
    assert wifi.parse_output("wpa_cli", eduroam).security == "wpa2-enterprise"
    assert wifi.parse_output("airport", read("macos_wifi/airport_I_open_1.txt")).security == "open"


def test_unknown_tool_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown Wi-Fi tool"):
        wifi.parse_output("ipconfig", "")


# ------------------------------------------------------------------------- netsh, any language

EN_OPEN = read("netsh/en_open_1.txt")


def _translated(text: str, pairs: dict[str, str]) -> str:
    for old, new in pairs.items():
        text = text.replace(old, new)
    return text


# Built from the real English open-network output with the labels and values Windows prints in
# these languages ("Open"/"None" are translated; WPA names never are).
LOCALES = {
    "es": {
        "State  ": "Estado ",
        "connected": "conectado",
        "Authentication": "Autenticación",
        ": Open": ": Abierta",
        "Cipher": "Cifrado",
        ": None": ": Ninguna",
        "Radio type": "Tipo de radio",
    },
    "de": {
        "State  ": "Status ",
        "connected": "Verbunden",
        "Authentication": "Authentifizierung",
        ": Open": ": Offen",
        "Cipher": "Verschlüsselung",
        ": None": ": Keine",
        "Radio type": "Funktyp",
    },
    "it": {
        "State  ": "Stato  ",
        "connected": "connessa",
        "Authentication": "Autenticazione",
        ": Open": ": Aperta",
        "Cipher": "Crittografia",
        ": None": ": Nessuna",
        "Radio type": "Tipo frequenza radio",
    },
    "pt": {
        "State  ": "Estado ",
        "connected": "conectado",
        "Authentication": "Autenticação",
        ": Open": ": Aberta",
        "Cipher": "Codificação",
        ": None": ": Nenhuma",
        "Radio type": "Tipo de rádio",
    },
    "ru": {
        "State  ": "Состояние",
        "connected": "подключено",
        "Authentication": "Проверка подлинности",
        ": Open": ": Открыть",
        "Cipher": "Шифр",
        ": None": ": Нет",
        "Radio type": "Тип радио",
    },
    "ja": {
        "State  ": "状態   ",
        "connected": "接続されました",
        "Authentication": "認証",
        ": Open": ": オープン",
        "Cipher": "暗号",
        ": None": ": なし",
        "Radio type": "無線の種類",
    },
    "zh": {
        "State  ": "状态   ",
        "connected": "已连接",
        "Authentication": "身份验证",
        ": Open": ": 开放式",
        "Cipher": "密码",
        ": None": ": 无",
        "Radio type": "无线电类型",
    },
}


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_netsh_open_network_in_other_languages(lang: str) -> None:
    reading = wifi.parse_output("netsh", _translated(EN_OPEN, LOCALES[lang]))
    assert (reading.state, reading.ssid, reading.security) == ("connected", "CE_WLAN", "open")


@pytest.mark.parametrize(
    ("auth", "cipher", "expected"),
    [
        ("WPA2 - Personnel", "CCMP", "wpa2-personal"),
        ("WPA2-Persönlich", "CCMP", "wpa2-personal"),
        ("WPA2 - 个人", "CCMP", "wpa2-personal"),
        ("WPA3-Personal  (H2E)", "GCMP-256", "wpa3-personal"),
        ("WPA3-Enterprise 192 Bits", "GCMP-256", "wpa3-enterprise"),
        ("WPA2-Unternehmen", "CCMP", "wpa2-enterprise"),
        ("WPA-Personal", "TKIP", "wpa-personal"),
        ("OWE", "CCMP", "owe"),
        ("Open", "WEP", "wep"),
        ("Shared", "WEP", "wep"),
        ("Ouvrir", "Aucune", "open"),
    ],
)
def test_netsh_security_values(auth: str, cipher: str, expected: str) -> None:
    text = EN_OPEN.replace(": Open", f": {auth}").replace(": None", f": {cipher}")
    reading = wifi.parse_output("netsh", text)
    assert reading.security == expected
    if cipher in ("TKIP", "CCMP", "WEP"):
        assert reading.cipher == cipher


def test_netsh_several_interfaces_picks_the_connected_one() -> None:
    # Constructed: the real disconnected Windows 11 interface listed before the real English
    # WPA2 one, as netsh lists two adapters.
    disconnected = read("netsh/en_disconnected_win11_gathered_1.txt").strip().split("\n", 1)[1]
    connected = read("netsh/en_wpa2_win11_1.txt").split("\n", 1)[1]
    text = "There are 2 interfaces on the system:\n\n" + disconnected + "\n\n" + connected
    readings = windows.parse_netsh_interfaces(text)
    assert [r.state for r in readings] == ["disconnected", "connected"]
    assert readings[0].interface_id == "55c24743-f43b-4977-abe3-2aaec01526e3"
    best = wifi.parse_output("netsh", text)
    assert (best.state, best.ssid, best.security) == ("connected", "HomeNet", "wpa2-personal")


def test_netsh_french_bssid_label_is_not_the_ssid() -> None:
    reading = wifi.parse_output("netsh", read("netsh/fr_wpa2_win11_1.txt"))
    assert reading.ssid == "SomeSSID"


def test_netsh_location_message_in_another_language_is_still_permission() -> None:
    # Constructed: the Windows 11 24H2 refusal with its prose translated; the settings URI and
    # the API name are never translated.
    text = (
        "Es ist 1 Schnittstelle auf dem System vorhanden:\n\n"
        "Netzwerkshellbefehle benötigen die Standortberechtigung.\n\n"
        "ms-settings:privacy-location\n\n"
        "Die Funktion WlanQueryInterface gibt Fehler 5 zurück:\n\nZugriff verweigert.\n"
    )
    reading = wifi.parse_output("netsh", text)
    assert (reading.state, reading.security, reading.situation) == (
        "unknown",
        "unknown",
        "permission",
    )


def test_netsh_service_not_running_is_unknown() -> None:
    text = "The Wireless AutoConfig Service (wlansvc) is not running.\n"
    reading = wifi.parse_output("netsh", text)
    assert reading.state == "unknown" and reading.reason


def test_netsh_utf16_text_read_as_bytes_is_understood() -> None:
    raw = EN_OPEN.replace("\n", "\r\n").encode("utf-16-le")
    reading = wifi.parse_output("netsh", raw.decode("latin-1"))
    assert (reading.ssid, reading.security) == ("CE_WLAN", "open")


# ----------------------------------------------------------------------------------------- nmcli


def test_nmcli_terse_unescapes_colons_and_backslashes() -> None:
    # Constructed from the real terse list: the in-use mark moved to the escaped SSID.
    text = read("linux_wifi/nmcli_t_dev_wifi_list_1.txt")
    text = text.replace("*:FE", " :FE").replace(
        " :FE\\:DC\\:BA\\:09\\:87\\:02", "*:FE\\:DC\\:BA\\:09\\:87\\:02"
    )
    reading = wifi.parse_output("nmcli", text)
    assert (reading.ssid, reading.security) == ("SSID-2-\\foo:bar", "wpa2-personal")


@pytest.mark.parametrize(
    ("text", "ssid", "security"),
    [
        # nmcli 1.2-1.10 table: no BSSID, `*` column.
        (
            "*  SSID         MODE   CHAN  RATE       SIGNAL  BARS  SECURITY  \n"
            "   Neighbour    Infra  6     54 Mbit/s  70      ▂▄▆_  WPA2      \n"
            "*  Home Net 5G  Infra  36    54 Mbit/s  64      ▂▄▆_  WPA1 WPA2 \n",
            "Home Net 5G",
            "wpa2-personal",
        ),
        # Terse with explicit fields, old ACTIVE column.
        ("no:Neighbour:WPA2\nyes:Cafe Libre:\n", "Cafe Libre", "open"),
        ("no:Neighbour:WPA2\nyes:Office:WPA2 802.1X\n", "Office", "wpa2-enterprise"),
        ("*:Lab:WPA3 802.1X\n", "Lab", "wpa3-enterprise"),
        ("*:Old:WEP\n", "Old", "wep"),
        ("*:Transit:OWE\n", "Transit", "owe"),
        # The old terse default (no BSSID).
        (
            "*:HomeNet:Infra:6:54 Mbit/s:70:▂▄▆_:WPA2\n :Other:Infra:1:54 Mbit/s:40:▂▄__:\n",
            "HomeNet",
            "wpa2-personal",
        ),
        # Full-width name: nmcli pads by screen cells.
        (
            "IN-USE  BSSID              SSID      MODE   CHAN  RATE        SIGNAL  BARS  SECURITY \n"
            "*       00:11:22:33:44:03  家のWiFi  Infra  36    270 Mbit/s  84      ▂▄▆█  WPA2     \n",
            "家のWiFi",
            "wpa2-personal",
        ),
    ],
)
def test_nmcli_layouts(text: str, ssid: str, security: str) -> None:
    reading = wifi.parse_output("nmcli", text)
    assert (reading.state, reading.ssid, reading.security) == ("connected", ssid, security)


def test_nmcli_with_explicit_fields_as_the_probe_asks() -> None:
    reading = linux.parse_nmcli(" :Other:WPA2\n*:My\\:Net:\n", ("IN-USE", "SSID", "SECURITY"))
    assert (reading.ssid, reading.security) == ("My:Net", "open")


def test_nmcli_nothing_in_use_is_disconnected_but_empty_is_unknown() -> None:
    assert wifi.parse_output("nmcli", " :A:WPA2\n :B:\n").state == "disconnected"
    assert wifi.parse_output("nmcli", "").state == "unknown"
    assert wifi.parse_output("nmcli", "Error: NetworkManager is not running.\n").state == "unknown"


def test_nmcli_connectivity() -> None:
    assert linux.parse_nmcli_connectivity("portal\n") is True
    assert linux.parse_nmcli_connectivity("full\n") is False
    assert linux.parse_nmcli_connectivity("limited\n") is None
    assert linux.parse_nmcli_connectivity("") is None


# ---------------------------------------------------------------------------- wpa_cli, iw, iwconfig


@pytest.mark.parametrize(
    ("key_mgmt", "pairwise", "expected"),
    [
        ("WPA2-PSK", "CCMP", "wpa2-personal"),
        ("WPA-PSK", "TKIP", "wpa-personal"),
        ("SAE", "CCMP", "wpa3-personal"),
        ("FT-SAE", "CCMP", "wpa3-personal"),
        ("WPA2-EAP-SUITE-B-192", "GCMP-256", "wpa3-enterprise"),
        ("WPA2/IEEE 802.1X/EAP", "CCMP", "wpa2-enterprise"),
        ("WPA/IEEE 802.1X/EAP", "TKIP", "wpa-enterprise"),
        ("FT-PSK", "CCMP", "wpa2-personal"),
        ("OWE", "CCMP", "owe"),
        ("NONE", "WEP-104", "wep"),
        ("NONE", "NONE", "open"),
        ("IEEE 802.1X (no WPA)", "WEP-104", "wep"),
        ("UNKNOWN", "CCMP", "unknown"),
        ("SAE-EXT-KEY", "GCMP-256", "wpa3-personal"),
        ("FT-SAE-EXT-KEY", "GCMP-256", "wpa3-personal"),
        ("DPP", "CCMP", "wpa3-personal"),
        ("FT-EAP", "CCMP", "wpa2-enterprise"),
        ("FT-EAP-SHA384", "GCMP-256", "wpa2-enterprise"),
        ("FILS-SHA256", "CCMP", "wpa2-enterprise"),
        ("WPA-EAP-SUITE-B-192", "GCMP-256", "wpa3-enterprise"),
    ],
)
def test_wpa_cli_key_management(key_mgmt: str, pairwise: str, expected: str) -> None:
    text = f"wpa_state=COMPLETED\nssid=Net\nkey_mgmt={key_mgmt}\npairwise_cipher={pairwise}\n"
    assert wifi.parse_output("wpa_cli", text).security == expected


def test_wpa_cli_states_and_escapes() -> None:
    assert wifi.parse_output("wpa_cli", "wpa_state=DISCONNECTED\n").state == "disconnected"
    assert wifi.parse_output("wpa_cli", "wpa_state=SCANNING\n").state == "disconnected"
    assert wifi.parse_output("wpa_cli", "wpa_state=4WAY_HANDSHAKE\n").state == "unknown"
    assert wifi.parse_output("wpa_cli", "wpa_state=DORMANT\n").state == "disconnected"
    odd = wifi.parse_output("wpa_cli", "wpa_state=SOMETHING_NEW\n")
    assert odd.state == "unknown" and odd.reason
    denied = "Failed to connect to non-global ctrl_ifname: wlan0  error: Permission denied\n"
    assert wifi.parse_output("wpa_cli", denied).state == "unknown"
    text = 'wpa_state=COMPLETED\nssid=Caf\\xc3\\xa9 \\"Q\\"\\x1b[2J\nkey_mgmt=WPA2-PSK\n'
    assert wifi.parse_output("wpa_cli", text).ssid == 'Café "Q"\x1b[2J'


def test_iw_and_iwconfig() -> None:
    assert wifi.parse_output("iw", "Not connected.\n").state == "disconnected"
    link = wifi.parse_output(
        "iw", "Connected to 00:11:22:33:44:55 (on wlp2s0)\n\tSSID: \\x20My Net\n"
    )
    assert (link.ssid, link.interface, link.security) == (" My Net", "wlp2s0", "unknown")
    # Constructed from the real not-associated output: the same card joined to a network.
    joined = (
        read("linux_wifi/iwconfig_not_associated_1.txt")
        .replace("ESSID:off/any", 'ESSID:"Home Net"')
        .replace("Not-Associated", "00:11:22:33:44:55")
    )
    reading = wifi.parse_output("iwconfig", joined)
    assert (reading.state, reading.ssid, reading.interface) == ("connected", "Home Net", "wlan0")
    assert reading.security == "unknown"  # "Encryption key:off" proves nothing
    assert wifi.parse_output("iwconfig", "lo        no wireless extensions.\n").state == "unknown"


# ----------------------------------------------------------------------------------------- macOS


def test_system_profiler_text_ignores_other_local_networks() -> None:
    # Constructed from the real macOS 15 output with the current network's name visible.
    text = (
        read("macos_wifi/system_profiler_SPAirPort_wpa2_redacted_1.txt")
        .replace(
            "            <SSID>:\n              PHY Mode: 802.11ax",
            "            HomeNet:\n              PHY Mode: 802.11ax",
            1,
        )
        .replace(
            "Security: WPA2 Personal\n              Signal",
            "Security: WPA3 Personal\n              Signal",
        )
    )
    reading = wifi.parse_output("system_profiler", text)
    assert (reading.ssid, reading.security) == ("HomeNet", "wpa3-personal")


def test_system_profiler_off_and_json_variants() -> None:
    off = "Wi-Fi:\n\n      Interfaces:\n        en0:\n          Card Type: Wi-Fi\n          Status: Off\n"
    assert wifi.parse_output("system_profiler", off).state == "disconnected"
    data = json.loads(read("macos_wifi/system_profiler_json_macos26_wpa3_redacted_gathered_1.txt"))
    current = data["SPAirPortDataType"][0]["spairport_airport_interfaces"][0]
    current["spairport_current_network_information"]["_name"] = "Hotel Guest"
    current["spairport_current_network_information"]["spairport_security_mode"] = (
        "pairport_security_mode_wpa3_transition"  # Apple's own misspelling, seen in the wild
    )
    reading = wifi.parse_output("system_profiler", json.dumps(data))
    assert (reading.ssid, reading.security, reading.interface) == (
        "Hotel Guest",
        "wpa3-personal",
        "en0",
    )
    current["spairport_current_network_information"]["spairport_security_mode"] = (
        "spairport_security_mode_none"
    )
    assert wifi.parse_output("system_profiler-json", json.dumps(data)).security == "open"
    assert wifi.parse_output("system_profiler-json", "not json").state == "unknown"


def test_wdutil_open_only_when_associated() -> None:
    text = read("macos_wifi/wdutil_macos15_wpa2_redacted_1.txt").replace(
        "Security             : WPA2 Personal", "Security             : None"
    )
    assert wifi.parse_output("wdutil", text).security == "open"
    not_associated = wifi.parse_output("wdutil", read("macos_wifi/wdutil_not_associated_1.txt"))
    assert (not_associated.state, not_associated.security) == ("disconnected", "unknown")
    root = wifi.parse_output("wdutil", "usage: sudo wdutil <command>\nmust be run as root\n")
    assert root.state == "unknown" and root.reason


def test_airport_off_and_networksetup() -> None:
    assert wifi.parse_output("airport", "AirPort: Off\n").state == "disconnected"
    init = wifi.parse_output("airport", "          state: init\n        op mode: \n")
    assert init.state == "disconnected"
    named = wifi.parse_output("networksetup", "Current Wi-Fi Network: Home: Net\n")
    assert (named.state, named.ssid, named.security) == ("connected", "Home: Net", "unknown")
    # macOS 15 says this even while connected: never "disconnected".
    said = "You are not associated with an AirPort network.\n"
    assert wifi.parse_output("networksetup", said).state == "unknown"
    off = "Wi-Fi power is currently off.\n"
    assert wifi.parse_output("networksetup", off).state == "disconnected"


@pytest.mark.parametrize(
    ("security", "expected"),
    [
        (0, "open"),
        (1, "wep"),
        (2, "wpa-personal"),
        (4, "wpa2-personal"),
        (9, "wpa2-enterprise"),
        (11, "wpa3-personal"),
        (12, "wpa3-enterprise"),
        (14, "owe"),
        (2**63 - 1, "unknown"),
    ],
)
def test_corewlan_values(security: int, expected: str) -> None:
    reading = macos.reading_from_corewlan("en0", True, 1, None, security)
    assert reading.state == "connected" and reading.security == expected
    if expected != "unknown":
        assert reading.situation == "permission"  # the name is hidden without Location


def test_corewlan_not_joined() -> None:
    assert macos.reading_from_corewlan("en0", True, 0, None, 2**63 - 1).state == ("disconnected")
    assert macos.reading_from_corewlan("en0", False, 0, None, 0).state == "disconnected"


def test_security_words() -> None:
    assert security_from_text("WPA2/WPA3 Personal") == "wpa3-personal"
    assert security_from_text("WPA/WPA2 Enterprise") == "wpa2-enterprise"
    assert security_from_text("Dynamic WEP") == "wep"
    assert security_from_text("Ninguna") == "open"
    assert security_from_text("Infrastructure") is None


# ----------------------------------------------------------------------------- never raises

TOOL_NAMES = sorted(wifi.TOOLS)
INNER = {tool: spec.parse for tool, spec in wifi.TOOLS.items()}


def _valid(reading: WifiReading) -> None:
    assert reading.state in ("connected", "disconnected", "unknown")
    assert reading.security in SECURITIES
    assert reading.ssid is None or isinstance(reading.ssid, str)


@settings(max_examples=60, deadline=None)
@given(tool=st.sampled_from(TOOL_NAMES), text=st.text())
def test_no_text_makes_a_parser_raise(tool: str, text: str) -> None:
    _valid(INNER[tool](text))  # the parser itself, without parse_output's safety net


LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "    SSID                   : x",
                "    Radio type             : 802.11n",
                "    Authentication         : ",
                "    GUID                   : 6a03de25-ef87-4ede-87bb-4b9a690efc98",
                "IN-USE  BSSID  SSID  SECURITY",
                "*:a\\:b:WPA2",
                "wpa_state=COMPLETED",
                "key_mgmt=",
                "Connected to x",
                'wlan0     IEEE 802.11  ESSID:"',
                "          state: running",
                "    Op Mode              : STA",
                "WIFI",
                "—————",
                "        en0:",
                "          Current Network Information:",
                "{",
                "",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(tool=st.sampled_from(TOOL_NAMES), lines=LINES, crlf=st.booleans())
def test_tool_shaped_garbage_never_raises(tool: str, lines: list[str], crlf: bool) -> None:
    text = ("\r\n" if crlf else "\n").join(lines)
    _valid(INNER[tool](text))
    _valid(wifi.parse_output(tool, text))


@settings(max_examples=40, deadline=None)
@given(
    data=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=40), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_any_json_never_raises(data: object) -> None:
    wrapped = {"SPAirPortDataType": [{"spairport_airport_interfaces": [data]}]}
    _valid(macos.parse_system_profiler_json(json.dumps(wrapped)))
    _valid(macos.parse_system_profiler_json(json.dumps(data)))


def test_fixture_folder_holds_every_listed_file() -> None:
    for name in ("expected.json", "gathered.json"):
        for entry in json.loads((FIXTURES / name).read_text())["wifi"]:
            assert (FIXTURES / entry["file"]).is_file(), entry["file"]
    assert Path(FIXTURES / "SOURCES.md").is_file()


def test_more_layouts_seen_in_the_wild() -> None:
    # Constructed: a German nmcli table (translated headers, aligned as nmcli aligns them).
    de = (
        "IN-VERWENDUNG  BSSID              NAME         MODUS  KANAL  RATE        SIGNAL  BALKEN  SICHERHEIT\n"
        "               00:11:22:33:44:01  Nachbar      Infra  1      270 Mbit/s  100     ▂▄▆█    WPA1 WPA2\n"
        "*              00:11:22:33:44:03  Heim         Infra  36     270 Mbit/s  84      ▂▄▆█    --\n"
    )
    reading = wifi.parse_output("nmcli", de)
    assert (reading.ssid, reading.security) == ("Heim", "open")
    # Two Wi-Fi cards, each with a network in use: the first row marked wins.
    assert wifi.parse_output("nmcli", "*:aa:WPA2\n*:bb:\n").ssid == "aa"
    # iwconfig with a Realtek nickname after the name.
    iwconfig = (
        'wlan0     IEEE 802.11bgn  ESSID:"Home Net"  Nickname:"<WIFI@REALTEK>"\n'
        "          Mode:Managed  Frequency:2.437 GHz  Access Point: 00:11:22:33:44:55\n"
    )
    assert wifi.parse_output("iwconfig", iwconfig).ssid == "Home Net"
    # airport on macOS 14.0-14.3 printed the warning and then its data.
    both = read("macos_wifi/airport_I_deprecated_sonoma_14_4.txt") + read(
        "macos_wifi/airport_I_wpa2_1.txt"
    )
    assert wifi.parse_output("airport", both).security == "wpa2-personal"


def test_system_profiler_in_another_language() -> None:
    # Constructed from the real macOS 15 output with German section names.
    text = (
        read("macos_wifi/system_profiler_SPAirPort_wpa2_redacted_1.txt")
        .replace("Current Network Information", "Aktuelle Netzwerkinformationen")
        .replace("Other Local Wi-Fi Networks", "Andere lokale WLAN-Netzwerke")
        .replace("Security: ", "Sicherheit: ")
    )
    reading = wifi.parse_output("system_profiler", text)
    assert (reading.state, reading.security) == ("connected", "wpa2-personal")
    # Not connected, one network nearby: that network is not taken for the current one.
    nearby_only = (
        "WLAN:\n\n      Schnittstellen:\n        en0:\n          Kartentyp: WLAN\n"
        "          Status: Eingeschaltet\n          Andere lokale WLAN-Netzwerke:\n"
        "            Nachbar:\n              PHY-Modus: 802.11n\n"
        "              Sicherheit: WPA2 Personal\n"
    )
    assert wifi.parse_output("system_profiler", nearby_only).state != "connected"


@pytest.mark.parametrize(
    "sentence",
    [
        "There is no wireless interface on the system.",
        "Es ist keine Drahtlosschnittstelle auf dem System vorhanden.",
        "Il n'y a aucune interface sans fil sur le système.",
        "No hay ninguna interfaz inalámbrica en el sistema.",
        "システムにワイヤレス インターフェイスがありません。",
        "系统中没有无线接口。",
        "В системе нет интерфейса беспроводной сети.",
        "Não há nenhuma interface sem fio no sistema.",
    ],
)
def test_netsh_no_wireless_adapter_is_no_wifi_in_any_language(sentence: str) -> None:
    # The English sentence is real; the others are the translations other public projects match.
    reading = wifi.parse_output(
        "netsh", f"\r\n{sentence}\r\n    Hosted network status  : Not available\r\n"
    )
    assert (reading.state, reading.situation) == ("disconnected", "no_wifi")


def test_netsh_service_down_is_not_no_wifi() -> None:
    text = "The Wireless AutoConfig Service (wlansvc) is not running.\r\n"
    assert wifi.parse_output("netsh", text).state == "unknown"


def test_netsh_interface_with_placeholder_identifiers_is_still_read() -> None:
    # Built from the real English output: identifiers redacted the way people publish them.
    text = read("netsh/en_wpa2_win11_1.txt")
    lines = []
    for line in text.split("\n"):
        label, sep, value = line.partition(": ")
        if sep and ("GUID" in label or "address" in label or "BSSID" in label):
            value = (
                "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxxx" if "GUID" in label else "xx:xx:xx:xx:xx:xx"
            )
        lines.append(f"{label}{sep}{value}")
    reading = wifi.parse_output("netsh", "\n".join(lines))
    assert (reading.state, reading.ssid, reading.security) == (
        "connected",
        "HomeNet",
        "wpa2-personal",
    )
    assert reading.interface_id is None


def test_nmcli_with_placeholder_addresses_is_still_read() -> None:
    # Built from the real terse output with the addresses redacted as people publish them.
    terse = read("linux_wifi/nmcli_t_dev_wifi_list_1.txt")
    redacted = re.sub(
        r"[0-9A-Fa-f]{2}((?:\\:[0-9A-Fa-f]{2}){5})",
        lambda m: "XX" + re.sub(r"[0-9A-Fa-f]{2}", "XX", m.group(1)),
        terse,
    )
    assert redacted != terse
    plain = wifi.parse_output("nmcli", terse)
    reading = wifi.parse_output("nmcli", redacted)
    assert (reading.state, reading.ssid, reading.security) == (
        plain.state,
        plain.ssid,
        plain.security,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("WPA2 - エンタープライズ", "wpa2-enterprise"),
        ("WPA2 - 엔터프라이즈", "wpa2-enterprise"),
        ("WPA2-기업", "wpa2-enterprise"),
        ("WPA2-Zakelijk", "wpa2-enterprise"),
        ("WPA2 - パーソナル", "wpa2-personal"),
        ("Açık", "open"),
        ("Открыть", "open"),
        ("오픈", "open"),
        ("Deschisă", "open"),
    ],
)
def test_security_words_in_scripts_that_unicode_folding_splits(value: str, expected: str) -> None:
    # Kana with sound marks and Hangul syllables decompose under NFKD; the word lists must too.
    assert security_from_text(value) == expected


def test_netsh_joined_interface_without_ssid_line_is_connected_not_disconnected() -> None:
    # Built from the real Windows 11 output with the SSID and profile lines left out.
    text = read("netsh/en_wpa2_win11_1.txt")
    kept = [ln for ln in text.split("\n") if not ln.strip().startswith(("SSID", "Profile"))]
    reading = wifi.parse_output("netsh", "\n".join(kept))
    assert (reading.state, reading.ssid, reading.security) == ("connected", None, "wpa2-personal")
    assert reading.reason


def test_netsh_trimmed_blocks_without_guid_are_still_interfaces() -> None:
    # Built from the real English outputs, cut down to the lines people quote.
    two = (
        "There are 2 interfaces on the system:\r\n\r\n"
        "    Name                   : Wi-Fi 2\r\n    State                  : disconnected\r\n\r\n"
        "    Name                   : Wi-Fi\r\n    State                  : connected\r\n"
        "    SSID                   : HomeNet\r\n"
    )
    reading = wifi.parse_output("netsh", two)
    assert (reading.state, reading.ssid, reading.security) == ("connected", "HomeNet", "unknown")
    assert reading.reason
    german = (
        "Es ist 1 Schnittstelle vorhanden:\r\n\r\n    Name   : WLAN\r\n    Status : Getrennt\r\n"
    )
    assert wifi.parse_output("netsh", german).state == "disconnected"


@pytest.mark.parametrize(
    "fixture",
    [
        "netsh/en_wpa2_win11_1.txt",
        "netsh/fr_wpa2_win11_1.txt",
        "netsh/ru_wpa2_win10_gathered_1.txt",
    ],
)
def test_netsh_a_missing_or_displaced_line_never_reads_as_open(fixture: str) -> None:
    # Built from real outputs: the authentication line dropped, or a new line Windows might add
    # between the radio type and the authentication.
    lines = read(fixture).split("\n")
    auth_at = next(i for i, ln in enumerate(lines) if "WPA2" in ln)
    dropped = "\n".join(lines[:auth_at] + lines[auth_at + 1 :])
    assert wifi.parse_output("netsh", dropped).security != "open"
    radio_at = next(i for i, ln in enumerate(lines) if "802.11" in ln)
    added = [*lines[: radio_at + 1], "    Wi-Fi Standard         : Wi-Fi 6", *lines[radio_at + 1 :]]
    assert wifi.parse_output("netsh", "\n".join(added)).security == "wpa2-personal"


def test_netsh_open_beside_a_cipher_is_not_open() -> None:
    text = EN_OPEN.replace(": None", ": CCMP")
    reading = wifi.parse_output("netsh", text)
    assert reading.security == "unknown" and reading.reason


def test_airport_without_state_line_but_with_a_name_is_connected() -> None:
    # Built from the real non-root output (no BSSID) with the state line left out.
    text = read("macos_wifi/airport_I_no_bssid_japanese_ssid_gathered_2.txt")
    text = text.replace("          state: running\n", "")
    reading = wifi.parse_output("airport", text)
    assert (reading.state, reading.security) == ("connected", "wpa2-personal")


def test_system_profiler_status_connected_without_network_block_is_connected() -> None:
    text = read("macos_wifi/system_profiler_macos15_awdl_after_en0_gathered_1.txt")
    text = text.replace("          Current Network Information:\n", "", 1)
    reading = wifi.parse_output("system_profiler", text)
    assert reading.state == "connected" and reading.reason


def test_nmcli_terse_all_fields_skips_the_ap_name_column() -> None:
    # `nmcli -t -f ALL dev wifi list` as NetworkManager 1.4x prints it (NAME first, D-Bus last).
    text = (
        "AP[1]:Neighbor:4E65696768626F72:00\\:11\\:22\\:33\\:44\\:66:Infra:1:2412 MHz:54 Mbit/s:"
        "40:▂▄__:WPA2:(none):pair_ccmp group_ccmp psk:wlan0:no: :"
        "/org/freedesktop/NetworkManager/AccessPoint/2\n"
        "AP[2]:HomeNet:486F6D654E6574:00\\:11\\:22\\:33\\:44\\:55:Infra:6:2437 MHz:130 Mbit/s:"
        "70:▂▄▆_:WPA2 WPA3:(none):pair_ccmp group_ccmp psk sae:wlan0:yes:*:"
        "/org/freedesktop/NetworkManager/AccessPoint/1\n"
    )
    reading = wifi.parse_output("nmcli", text)
    assert (reading.state, reading.ssid, reading.security) == (
        "connected",
        "HomeNet",
        "wpa3-personal",
    )


def test_netsh_zero_interfaces_is_no_wifi_but_ten_is_not() -> None:
    assert wifi.parse_output("netsh", "There is 0 interface on the system\r\n").state == (
        "disconnected"
    )
    assert wifi.parse_output("netsh", "There are 10 interfaces on the system:\r\n").state == (
        "unknown"
    )


def test_netsh_connected_state_without_network_lines_is_not_disconnected() -> None:
    # Built from the real English disconnected output with the state set to connected and no
    # network lines, as a cut-down quote shows it.
    text = read("netsh/en_disconnected_no_radio_gathered_2.txt").replace(
        "disconnected", "connected"
    )
    reading = wifi.parse_output("netsh", text)
    assert (reading.state, reading.ssid, reading.security) == ("connected", None, "unknown")
    assert reading.reason
