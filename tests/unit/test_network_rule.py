"""The `network.wifi` rule: every branch, the contract's details, hostile names kept as data."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from safe_session.data import load_catalog
from safe_session.model import Result, Status
from safe_session.probes.wifi import WifiFact
from safe_session.probes.wifi.reading import WifiReading
from safe_session.report import to_plain
from safe_session.rules import network
from safe_session.rules.base import Params
from tests.hostile import FORBIDDEN_IN_TERMINAL, HOSTILE_STRINGS

PARAMS = Params({}, Status.FAIL, "linux")
CONTRACT_KEYS = {
    "connected",
    "interface",
    "ssid",
    "security",
    "public_hint",
    "captive_portal",
    "vpn_active",
    "source",
}


def wifi_fact(
    security: str = "wpa2-personal",
    ssid: str | None = "HomeNet",
    state: str = "connected",
    vpn: bool | None = False,
    vpn_iface: str | None = None,
    captive: bool | None = None,
    cipher: str | None = None,
    reason: str | None = None,
    situation: str | None = None,
) -> WifiFact:
    reading = WifiReading(
        state,  # type: ignore[arg-type]
        ssid,
        security,  # type: ignore[arg-type]
        reason,
        interface="wlan0",
        cipher=cipher,
        source="nmcli",
        situation=situation,
    )
    return WifiFact("wifi", "wlan0", reading, captive, vpn, vpn_iface)


def judge(fact: WifiFact) -> tuple[Status, str, str]:
    out = network.wifi(fact, PARAMS)
    assert set(out.details) >= CONTRACT_KEYS
    return out.status, out.situation, out.summary


def test_private_wpa2_passes_with_the_contract_summary() -> None:
    out = network.wifi(wifi_fact(), PARAMS)
    assert out.status is Status.PASS
    assert out.summary == "Connected to HomeNet (WPA2)."
    assert out.details["connected"] is True
    assert out.details["ssid"] == "HomeNet"
    assert out.details["security"] == "wpa2-personal"
    assert out.details["public_hint"] is False
    assert out.details["source"] == "nmcli"


@pytest.mark.parametrize("security", ["wpa3-personal", "wpa2-enterprise", "wpa3-enterprise"])
def test_strong_security_passes(security: str) -> None:
    assert judge(wifi_fact(security))[0] is Status.PASS


@pytest.mark.parametrize("security", ["open", "wep"])
def test_open_and_wep_fail(security: str) -> None:
    status, situation, summary = judge(wifi_fact(security, ssid="CE_WLAN"))
    assert (status, situation) == (Status.FAIL, security)
    assert "CE_WLAN" in summary


def test_open_with_a_vpn_carrying_traffic_is_a_caution() -> None:
    status, situation, summary = judge(wifi_fact("open", vpn=True, vpn_iface="wg0"))
    assert (status, situation) == (Status.WARN, "open_vpn")
    assert "wg0" in summary


def test_open_with_a_vpn_that_may_not_carry_everything_still_fails() -> None:
    status, _, summary = judge(wifi_fact("open", vpn=None, vpn_iface="tun0"))
    assert status is Status.FAIL
    assert "only if it carries" in summary


@pytest.mark.parametrize(
    ("kwargs", "situation"),
    [
        ({"security": "owe"}, "owe"),
        ({"security": "wpa-personal"}, "weak"),
        ({"security": "wpa-enterprise"}, "weak"),
        ({"security": "wpa2-personal", "cipher": "TKIP"}, "weak"),
        ({"captive": True}, "captive_portal"),
        ({"ssid": "xfinitywifi"}, "public_name"),
        ({"ssid": "Marriott_Bonvoy_GUEST"}, "public_name"),
    ],
)
def test_cautions(kwargs: dict[str, object], situation: str) -> None:
    status, got, _ = judge(wifi_fact(**kwargs))  # type: ignore[arg-type]
    assert (status, got) == (Status.WARN, situation)


def test_public_name_details() -> None:
    out = network.wifi(wifi_fact(ssid="attwifi"), PARAMS)
    assert out.details["public_hint"] is True
    assert "phone or cable company" in out.details["public_match"]


def test_open_public_network_fails_and_mentions_both() -> None:
    status, situation, summary = judge(wifi_fact("open", ssid="Starbucks WiFi", captive=True))
    assert (status, situation) == (Status.FAIL, "open")
    assert "open network" in summary and "sign-in page" in summary and "café" in summary


def test_unknown_security_is_unknown_with_the_reason() -> None:
    status, situation, summary = judge(
        wifi_fact("unknown", reason="iw does not show a network's security")
    )
    assert (status, situation) == (Status.UNKNOWN, "unknown")
    assert "iw does not show" in summary


def test_location_permission_is_its_own_situation() -> None:
    fact = wifi_fact(
        "unknown", ssid=None, state="unknown", reason="Location needed", situation="permission"
    )
    status, situation, _ = judge(fact)
    assert (status, situation) == (Status.UNKNOWN, "permission")
    assert network.wifi(fact, PARAMS).details["public_hint"] is None


def test_unknown_security_but_public_name_is_a_caution() -> None:
    status, situation, _ = judge(wifi_fact("unknown", ssid="Hotel Lobby", reason="iw"))
    assert (status, situation) == (Status.WARN, "public_name")


def test_hidden_name_with_good_security_passes_and_says_so() -> None:
    status, _, summary = judge(wifi_fact("wpa2-personal", ssid=None, situation="permission"))
    assert status is Status.PASS
    assert "hidden" in summary


def test_wifi_said_disconnected_while_carrying_traffic_is_unknown() -> None:
    assert judge(wifi_fact(state="disconnected"))[0] is Status.UNKNOWN


def test_wired_none_and_unknown_connections() -> None:
    wired = WifiFact("wired", "eth0", None, None, False, None)
    out = network.wifi(wired, PARAMS)
    assert out.status is Status.PASS and "eth0" in out.summary
    assert out.details["connected"] is True and out.details["source"] == "routes"
    with_vpn = network.wifi(replace(wired, vpn_active=True, vpn_interface="tun0"), PARAMS)
    assert with_vpn.status is Status.PASS and "tun0" in with_vpn.summary
    none = network.wifi(WifiFact("none", None, None, None, False, None), PARAMS)
    assert (none.status, none.situation) == (Status.UNKNOWN, "no_connection")
    assert none.details["connected"] is False
    blocked = WifiReading(reason="Location needed", situation="permission", source="netsh")
    unknown = network.wifi(WifiFact("unknown", None, blocked, None, False, None), PARAMS)
    assert (unknown.status, unknown.situation) == (Status.UNKNOWN, "permission")


def test_wrong_fact_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        network.wifi(object(), PARAMS)  # type: ignore[arg-type]


def test_every_situation_the_rule_uses_has_advice_for_every_system() -> None:
    spec = load_catalog().get("network.wifi")
    assert spec is not None
    for situation in (
        "open",
        "wep",
        "open_vpn",
        "owe",
        "weak",
        "captive_portal",
        "public_name",
        "permission",
        "missing_tool",
        "timeout",
        "no_connection",
        "unknown",
    ):
        assert situation in spec.advice, situation
        for os_name in ("linux", "macos", "windows"):
            assert spec.advice_for(situation, os_name), (situation, os_name)
    macos = " ".join(spec.advice_for("permission", "macos"))
    windows = " ".join(spec.advice_for("permission", "windows"))
    assert "Location Services" in macos and "Location" in windows


@pytest.mark.parametrize("name", HOSTILE_STRINGS)
def test_hostile_names_stay_data(name: str) -> None:
    out = network.wifi(wifi_fact("open", ssid=name), PARAMS)
    assert out.details["ssid"] == name  # the JSON carries it exactly
    result = Result("network.wifi", "Wi-Fi", out.status, out.summary, out.details)
    from safe_session.model import Report

    text = to_plain(
        Report(
            "before",
            "t0",
            "t1",
            "linux",
            "6",
            {"name": "Built-in", "source": "builtin"},
            (result,),
            "0",
        )
    )
    for bad in FORBIDDEN_IN_TERMINAL:
        assert bad not in text
