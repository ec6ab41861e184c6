"""Public-looking Wi-Fi names: the shipped data loads, matches what it should and not home
networks; a broken data file gives a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_session.data import load_hotspots
from safe_session.data.hotspot_types import squash, words_of
from safe_session.data.hotspots import load_file
from safe_session.data.toml_errors import DataError


@pytest.mark.parametrize(
    ("ssid", "kind_word"),
    [
        ("xfinitywifi", "phone or cable"),
        ("attwifi", "phone or cable"),
        ("BTWiFi-with-FON", "phone or cable"),
        ("CableWiFi", "phone or cable"),
        ("Boingo Hotspot", "phone or cable"),
        ("FreeWifi", "phone or cable"),
        ("_Free_WiFi", "phone or cable"),  # squashes to the carrier "FreeWifi"
        ("Marriott_GUEST", "guest"),
        ("Hilton Honors", "hotel"),
        ("Starbucks WiFi", "café"),
        ("Google Starbucks", "café"),
        ("Café Lumière", "café"),
        ("_Heathrow Wi-Fi", "airport"),
        ("Airport Free WiFi", "free"),
        ("Public Library", "free"),
        ("WIFIonICE", "train"),
        ("Gäste-WLAN", "guest"),
        ("Wi-Fi Gratuit", "free"),
    ],
)
def test_public_names(ssid: str, kind_word: str) -> None:
    match = load_hotspots().match(ssid)
    assert match is not None, ssid
    assert kind_word in match.kind


@pytest.mark.parametrize(
    "ssid",
    [
        "HomeNet",
        "Freebox-1A2B3C",
        "OpenWrt",
        "Livebox-8A2C",
        "TP-Link_5G",
        "NETGEAR42",
        "SKY12345",
        "BTHub6-ABCD",
        "Ana's iPhone",
        "Galaxy S21 Hotspot",
        "FRITZ!Box 7590 XY",
        "Vodafone-ABC123",
        "",
        "   ",
    ],
)
def test_private_names(ssid: str) -> None:
    assert load_hotspots().match(ssid) is None


def test_words_and_squash() -> None:
    assert words_of("McDonalds_Free-WiFi") == ("mc", "donalds", "free", "wifi")
    assert words_of("Wi Fi Gratis") == ("wifi", "gratis")
    assert squash("BTWiFi-with-FON") == "btwifiwithfon"
    assert squash("Caf\u00e9") == "cafe"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hotspots.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[group]]\nkind = "x"\nexact = ["a"]\ncolour = 1\n',
            "hotspots.toml:4: group[0].colour: unknown key",
        ),
        ('[[group]]\nkind = "x"\n', "hotspots.toml:2: group[0].kind: a group needs"),
        ('[[group]]\nkind = "x"\nwords = ["--"]\n', 'hotspots.toml:3: group[0].words: "--" has no'),
        ('[[group]]\nkind = "x"\ncontains = ["ab"]\n', 'group[0].contains: "ab" is too short'),
        (
            '[[group]]\nkind = "x"\nexact = "a"\n',
            "hotspots.toml:3: group[0].exact: expected `array`",
        ),
        ("[[group]\n", "hotspots.toml:1: invalid TOML"),
    ],
)
def test_broken_data_is_located(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataError) as err:
        load_file(write(tmp_path, text))
    assert message in str(err.value)
