"""Judging the network a session would travel over: open, weak or public Wi-Fi.

Open or WEP: anyone nearby can read or tamper with the traffic -> fail (a caution when a VPN
carries the traffic). OWE, the first WPA or TKIP, a captive portal, a public-looking name ->
caution. WPA2/WPA3 on a private network, or a cable -> pass. What the system would not tell
stays "unknown", with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from safe_session.model import Outcome, Status
from safe_session.probes.wifi import WifiFact
from safe_session.probes.wifi.reading import WifiReading
from safe_session.rules.base import Params

if TYPE_CHECKING:
    from safe_session.data.hotspot_types import PublicMatch

SECURITY_NAMES = {
    "open": "open (no password, no encryption)",
    "owe": "Enhanced Open",
    "wep": "WEP",
    "wpa-personal": "WPA",
    "wpa-enterprise": "WPA-Enterprise",
    "wpa2-personal": "WPA2",
    "wpa2-enterprise": "WPA2-Enterprise",
    "wpa3-personal": "WPA3",
    "wpa3-enterprise": "WPA3-Enterprise",
    "unknown": "unknown security",
}
_RANK = {Status.FAIL: 3, Status.WARN: 2, Status.UNKNOWN: 1, Status.PASS: 0}


def _details(fact: WifiFact, public: PublicMatch | None) -> dict[str, Any]:
    r = fact.reading
    wifi = fact.connection == "wifi" and r is not None
    connected: bool | None
    if fact.connection == "wired":
        connected = True
    elif fact.connection == "none":
        connected = False
    elif wifi and r is not None and r.state == "connected":
        connected = True
    else:
        connected = None
    ssid = r.ssid if wifi and r is not None else None
    public_hint: bool | None = None
    if wifi and ssid:
        public_hint = public is not None
    return {
        "connected": connected,
        "connection": fact.connection,
        "interface": fact.interface,
        "ssid": ssid,
        "security": r.security if wifi and r is not None else None,
        "cipher": r.cipher if wifi and r is not None else None,
        "public_hint": public_hint,
        "public_match": public.kind if public else None,
        "captive_portal": fact.captive_portal,
        "vpn_active": fact.vpn_active,
        "vpn_interface": fact.vpn_interface,
        "source": (r.source if r is not None and r.source else None)
        if fact.connection in ("wifi", "unknown")
        else "routes",
        "reason": r.reason if r is not None and r.reason else None,
    }


def _vpn_sentence(fact: WifiFact) -> str:
    if fact.vpn_active is True:
        return f" A VPN ({fact.vpn_interface}) carries your traffic, which protects it."
    if fact.vpn_active is None and fact.vpn_interface:
        return (
            f" A VPN ({fact.vpn_interface}) is on; it protects your traffic only if it carries "
            "all of it."
        )
    return ""


def _network_phrase(r: WifiReading) -> str:
    return r.ssid if r.ssid else "a Wi-Fi network whose name the system keeps hidden"


def wifi(fact: WifiFact, params: Params) -> Outcome:
    """The `network.wifi` check."""
    if not isinstance(fact, WifiFact):
        raise TypeError("expected the Wi-Fi and network facts")
    r = fact.reading
    public = None
    if fact.connection == "wifi" and r is not None and r.ssid:
        from safe_session.data import load_hotspots  # only when on Wi-Fi with a name

        public = load_hotspots().match(r.ssid)
    details = _details(fact, public)
    vpn = _vpn_sentence(fact)

    if fact.connection == "none":
        return Outcome(
            Status.UNKNOWN,
            "This computer is not connected to a network right now, so the connection you will "
            "use could not be checked.",
            details,
            "no_connection",
            headline="Not connected to a network",
        )
    if fact.connection == "wired":
        where = f" ({fact.interface})" if fact.interface else ""
        return Outcome(
            Status.PASS,
            f"Connected by cable or another non-Wi-Fi link{where}.{vpn}",
            details,
            headline="Connected by cable",
        )
    if r is None or fact.connection == "unknown":
        reason = (r.reason if r is not None else None) or "the system did not say"
        return Outcome(
            Status.UNKNOWN,
            f"Could not tell which network carries your traffic: {reason}.{vpn}",
            details,
            (r.situation if r is not None else None) or "unknown",
            headline="Could not tell which network you use",
        )
    if r.state == "disconnected":
        return Outcome(
            Status.UNKNOWN,
            "The Wi-Fi tools report no connection, yet your traffic goes out through "
            f"{fact.interface or 'the Wi-Fi card'}, so its security could not be checked.{vpn}",
            details,
            "unknown",
            headline="Could not check the Wi-Fi",
        )

    findings: list[tuple[Status, str, str, str]] = []  # status, situation, sentence, headline
    name = _network_phrase(r)
    label = r.ssid or "This Wi-Fi"  # the start of a finding's title
    sec = r.security
    if r.state == "unknown" or sec == "unknown":
        findings.append(
            (
                Status.UNKNOWN,
                r.situation or "unknown",
                "Could not tell how this Wi-Fi is protected: "
                f"{r.reason or 'the system did not say'}.",
                "Could not tell how this Wi-Fi is protected",
            )
        )
    elif sec in ("open", "wep"):
        if sec == "open":
            what = (
                f"{name} is an open network: no password, and anyone nearby could see what "
                "travels over it."
            )
        else:
            what = (
                f"{name} uses WEP, an old protection broken in minutes: anyone nearby could "
                "read what travels over it."
            )
        short = (
            f"{label} is an open network" if sec == "open" else f"{label} uses old WEP protection"
        )
        if fact.vpn_active is True:
            findings.append((Status.WARN, "open_vpn", what, short))
        else:
            findings.append((Status.FAIL, sec, what, short))
    elif sec == "owe":
        findings.append(
            (
                Status.WARN,
                "owe",
                f"Connected to {name} (Enhanced Open): encrypted, but anyone can join it.",
                f"{label} is open to anyone who is nearby",
            )
        )
    elif sec in ("wpa-personal", "wpa-enterprise") or r.cipher == "TKIP":
        findings.append(
            (
                Status.WARN,
                "weak",
                f"Connected to {name}, which uses an older protection ("
                f"{'TKIP' if r.cipher == 'TKIP' else SECURITY_NAMES[sec]}), weaker than WPA2 "
                "or WPA3.",
                f"{label} uses an older protection",
            )
        )
    if fact.captive_portal is True:
        findings.append(
            (
                Status.WARN,
                "captive_portal",
                "It has a sign-in page, as public Wi-Fi in hotels, cafés and airports does.",
                f"{label} has a sign-in page, like public Wi-Fi",
            )
        )
    if public is not None:
        findings.append(
            (
                Status.WARN,
                "public_name",
                f"Its name looks like {public.kind}, where others may see which services you use.",
                f"{label} looks like a public network",
            )
        )

    if sec == "unknown" or r.state == "unknown":
        head = f"Connected to {r.ssid}." if r.ssid and r.state == "connected" else ""
    else:
        head = (
            f"Connected to {r.ssid} ({SECURITY_NAMES[sec]})."
            if r.ssid
            else (f"Connected to a Wi-Fi network protected by {SECURITY_NAMES[sec]}.")
        )
    if not findings:
        note = ""
        if not r.ssid:
            note = (
                " The system keeps its name hidden, so it was not compared with public "
                "hotspot names."
            )
        return Outcome(
            Status.PASS,
            f"{head}{note}{vpn}".strip(),
            details,
            headline=head.rstrip(".") or "Connected to a protected Wi-Fi network",
        )

    worst = max(findings, key=lambda f: _RANK[f[0]])
    status, situation = worst[0], worst[1]
    own_head = sec in ("open", "wep", "owe", "wpa-personal", "wpa-enterprise") or r.cipher == "TKIP"
    sentences = [head] if head and not own_head else []
    sentences += [f[2] for f in sorted(findings, key=lambda f: -_RANK[f[0]])]
    return Outcome(
        status,
        (" ".join(s for s in sentences if s) + vpn).strip(),
        details,
        situation,
        headline=worst[3],
    )
