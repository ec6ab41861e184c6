"""The words a person reads: each row titled by what was found, safety notes that never say
"fix first", the ready moment, the command to run afterwards, the session's start, and after
advice that does not speak of the screen's buttons."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.model import Outcome, Report, Result, Status, first_sentence, rest_after
from safe_session.probes.apps.notifications import DndReading, NotificationsFact
from safe_session.probes.apps.processes import AppMatch, RunningApps
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.probes.browsers.history import DomainVisits, HistoryFact, ProfileHistory
from safe_session.probes.browsers.tabs import BrowsersFact, BrowserUse
from safe_session.probes.files.downloads import DownloadedFile, DownloadsFact
from safe_session.probes.system.sessions import LoginSession, SessionsFact
from safe_session.probes.wifi import WifiFact
from safe_session.probes.wifi.reading import WifiReading
from safe_session.report import to_plain
from safe_session.rerun import after_command, program
from safe_session.rules import after, apps, network, system
from safe_session.rules.base import Params
from safe_session.tui.window_start import parse_start
from safe_session.words import NOTE_WORD, plain_word, since_words, verdict_line

T = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)


def match(app: str, category: str, sure: str = "high") -> AppMatch:
    return AppMatch(10, app, app, category, "process name", sure, mine=True)  # type: ignore[arg-type]


def running(*matches: AppMatch) -> RunningApps:
    return RunningApps(tuple(matches), 100)


def wifi(security: str, ssid: str | None = "HomeNet", **kw: object) -> WifiFact:
    reading = WifiReading("connected", ssid, security, None, interface="wlan0")  # type: ignore[arg-type]
    return WifiFact("wifi", "wlan0", reading, kw.get("captive"), False, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("outcome", "headline"),
    [
        (
            apps.remote_access(running(match("AnyDesk", "remote_access")), Params()),
            "AnyDesk is running",
        ),
        (apps.remote_access(running(), Params()), "No remote-access app is running"),
        (apps.screen_capture(running(match("OBS", "screen_capture")), Params()), "OBS is running"),
        (
            apps.still_open(
                running(match("Zoom", "video_call"), match("Teams", "video_call")), Params()
            ),
            "Zoom and Teams are still running",
        ),
        (
            apps.notifications(
                NotificationsFact((match("Slack", "notifications"),), DndReading(False, "gnome")),
                Params(),
            ),
            "Slack is open and could pop up messages",
        ),
        (
            apps.browsers(BrowsersFact((BrowserUse("Firefox", 3, 4),)), Params()),
            "Firefox is open with 4 tabs",
        ),
        (
            network.wifi(WifiFact("wired", "eth0", None, None, False, None), Params()),
            "Connected by cable",
        ),
        (network.wifi(wifi("open", "CoffeeShop"), Params()), "CoffeeShop is an open network"),
        (network.wifi(wifi("wep", None), Params()), "This Wi-Fi uses old WEP protection"),
        (network.wifi(wifi("wpa2-personal"), Params()), "Connected to HomeNet (WPA2)"),
        (
            system.other_sessions(
                SessionsFact("ana", (LoginSession("ben", "tty3", None, 0.0, None),)), Params()
            ),
            "Someone else is logged in to this computer",
        ),
        (
            after.downloads(
                DownloadsFact(
                    "/home/a/Downloads",
                    True,
                    T,
                    (DownloadedFile("/home/a/Downloads/w.pdf", 3, T, T, "birth"),),
                ),
                Params(),
            ),
            "1 file arrived in Downloads",
        ),
    ],
)
def test_each_finding_is_titled_by_what_was_found(outcome: Outcome, headline: str) -> None:
    assert outcome.headline == headline


def test_every_rule_outcome_has_a_short_headline_of_its_own() -> None:
    """Rules set their headlines; the first-sentence fallback is only for checks others add."""
    outcomes = [
        apps.remote_access(running(match("AnyDesk", "remote_access")), Params()),
        apps.monitoring(running(match("mSpy", "monitoring")), Params()),
        apps.monitoring(running(), Params()),
        network.wifi(wifi("owe"), Params()),
        network.wifi(wifi("wpa2-personal", captive=True), Params()),
        network.wifi(WifiFact("none", None, None, None, False, None), Params()),
        system.other_sessions(SessionsFact("ana", ()), Params()),
        after.browser_history(HistoryFact(("a.org",), T, ()), Params()),
    ]
    for outcome in outcomes:
        assert outcome.headline and len(outcome.headline) <= 80, outcome


def test_unknown_rows_say_what_could_not_be_checked() -> None:
    spec = load_catalog().get("network.wifi")
    assert spec is not None

    def fails(ctx: ProbeContext) -> object:
        raise Unavailable("no Wi-Fi tool was found")

    [result] = Engine(ProbeContext(), probes={"wifi": fails}).run([spec])
    assert result.status is Status.UNKNOWN
    assert result.headline == "Could not check the Wi-Fi" == result.finding
    assert result.title == "Wi-Fi is private and encrypted"  # the catalog's, as the contract says
    assert result.to_json()["headline"] == "Could not check the Wi-Fi"
    for check in load_catalog().checks:
        if check.kind == "auto":
            assert check.could_not.startswith("Could not "), check.id


def test_the_row_says_the_headline_once_then_the_rest() -> None:
    assert first_sentence("AnyDesk is running: someone could watch. More.") == "AnyDesk is running"
    assert first_sentence("Connected to HomeNet (WPA2).") == "Connected to HomeNet (WPA2)"
    assert len(first_sentence("word " * 100)) <= 100
    assert rest_after("Connected to HomeNet (WPA2).", "Connected to HomeNet (WPA2)") == ""
    assert rest_after("The room is noisy. Over noise.", "The room is noisy") == "Over noise."
    assert rest_after("AnyDesk is running: someone.", "AnyDesk is running") == "Someone."
    assert rest_after("Connected by cable or another link.", "Connected by cable") == (
        "Connected by cable or another link."
    )


def test_monitoring_is_a_safety_note_with_the_contracts_status() -> None:
    strict = Params(severity=Status.FAIL)
    sure = apps.monitoring(running(match("mSpy", "monitoring")), strict)
    hint = apps.monitoring(running(match("Spyware?", "monitoring", sure="low")), strict)
    assert sure.status is Status.FAIL and sure.safety_note
    assert sure.headline == "Something here looks like monitoring software"
    assert hint.headline == "Something here may be monitoring software"
    assert "only a hint" in hint.summary


def report(*results: Result, phase: str = "before", window: str | None = None) -> Report:
    return Report(
        phase,  # type: ignore[arg-type]
        "2026-11-26T19:00:00+00:00",
        "2026-11-26T19:00:03+00:00",
        "linux",
        "6.1",
        {"name": "Built-in", "source": "builtin"},
        results,
        "0.1.0",
        window,
    )


NOTE = Result(
    "apps.monitoring",
    "No monitoring software is running",
    Status.FAIL,
    "This computer is running something that looks like monitoring software: mSpy.",
    advice=("There is no need to act right now.",),
    headline="Something here looks like monitoring software",
    safety_note=True,
)
PROBLEM = Result("network.wifi", "Wi-Fi", Status.FAIL, "CoffeeShop is an open network: anyone.")
CAUTION = Result("apps.browsers", "Browsers", Status.WARN, "3 browsers are open.")
FINE = Result("system.other_sessions", "No one", Status.PASS, "No one else is logged in.")
ASK = Result(
    "room.private", "Private room", Status.MANUAL, "Are you alone?", headline="Are you alone?"
)


def test_a_safety_note_is_never_a_problem_to_fix_first() -> None:
    text = to_plain(report(FINE, NOTE))
    assert f"{NOTE_WORD}      Something here looks like monitoring software" in text
    assert "PROBLEM" not in text and "fix" not in text.lower()
    assert "Verdict: Please read the safety note (NOTE) below: there is no need to act" in text
    assert "Summary: 1 ok, 1 safety note." in text
    assert plain_word(NOTE) == "NOTE" and plain_word(PROBLEM) == "PROBLEM"
    both = verdict_line("before", [PROBLEM, NOTE])
    assert both.startswith("Not ready yet: please fix the items marked PROBLEM first.")
    assert "read the safety note" in both
    assert verdict_line("before", [CAUTION, NOTE]).startswith("Ready with cautions")


def test_ready_is_said_as_a_moment_with_the_portal() -> None:
    assert verdict_line("before", [FINE], "SimplePractice") == (
        "You're ready. You can join SimplePractice now."
    )
    assert verdict_line("before", [FINE]) == "You're ready. You can join your session now."
    assert verdict_line("before", [FINE, ASK], "SimplePractice") == (
        "You're ready once you have gone through the items marked CONFIRM. "
        "Then you can join SimplePractice now."
    )
    text = to_plain(report(FINE), portal="SimplePractice", after_command="safe-session after")
    assert "Verdict: You're ready. You can join SimplePractice now." in text
    assert text.rstrip().endswith("After your session, run: safe-session after")


def test_plain_rows_are_titled_by_the_finding_and_wrap() -> None:
    text = to_plain(report(PROBLEM, ASK))
    assert "PROBLEM   CoffeeShop is an open network\n          Anyone.\n" in text
    assert "CONFIRM   Are you alone?\n\n" in text  # a question is said once
    long = Result("t.x", "T", Status.WARN, "word " * 40 + ".", headline="long " * 30)
    for line in to_plain(report(long)).splitlines():
        assert len(line) <= 78


def test_after_reports_say_where_the_window_starts() -> None:
    start = datetime.now(UTC) - timedelta(minutes=55)
    window = start.isoformat(timespec="seconds")
    done = report(FINE, phase="after", window=window)
    assert done.to_json()["window_start"] == window
    plain = to_plain(done)
    # "18:05 today", or the date as well when 55 minutes ago was yesterday (just after midnight)
    shown = since_words(start)
    assert f"Looking at what changed on this computer since {shown}." in plain
    assert "window_start" not in report(FINE).to_json()


def test_since_words() -> None:
    now = datetime(2026, 11, 26, 20, 0).astimezone()
    assert since_words(now - timedelta(minutes=30), now) == (now - timedelta(minutes=30)).strftime(
        "%H:%M today"
    )
    assert "November" in since_words(now - timedelta(days=1), now)


def test_history_with_no_visits_names_the_exact_address() -> None:
    profiles = tuple(
        ProfileHistory(
            b, "firefox", "default", "/p", None, (DomainVisits("clientsecure.mee", 0, 0, 0, None),)
        )
        for b in ("Firefox", "Chromium")
    )
    out = after.browser_history(HistoryFact(("clientsecure.mee",), T, profiles), Params())
    assert out.status is Status.PASS
    assert out.headline == "No visits to clientsecure.mee were found"
    assert out.summary.startswith(
        "No visits to clientsecure.mee were found in Firefox or Chromium history"
    )
    assert "Check the address is right." in out.summary


BUTTON_WORDS = re.compile(r"button|press|click", re.IGNORECASE)
# The screen's own controls, as the advice used to name them ("Choose Forget to remove ...").
SCREEN_ONLY = re.compile(r"\bchoose (forget|remove|empty) to\b|button here", re.IGNORECASE)


def test_after_advice_never_speaks_of_buttons_pressing_or_clicking() -> None:
    """`after --plain` has no buttons: its advice (every situation, every system) and the
    questions it asks say what to do in words that work without the screen."""
    for spec in load_catalog().phase("after"):
        texts = [spec.question or ""]
        for steps in spec.advice.values():
            texts += [*steps.all, *steps.linux, *steps.macos, *steps.windows]
        for text in texts:
            assert not BUTTON_WORDS.search(text), (spec.id, text)
            assert not SCREEN_ONLY.search(text), (spec.id, text)


def which(found: dict[str, str]) -> object:
    return lambda name: found.get(name)


def test_the_after_command_is_typed_as_the_person_started_safe_session(tmp_path: object) -> None:
    import sys
    from pathlib import Path

    folder = Path(str(tmp_path))
    tool = folder / "safe-session"
    tool.write_text("")
    on_path = which({"safe-session": str(tool)})
    assert program(str(tool), on_path) == ["safe-session"]  # type: ignore[arg-type]
    assert program(str(tool), which({})) == [str(tool)]  # type: ignore[arg-type]
    assert program("/x/safe_session/__main__.py", which({}), sys.executable) == [
        sys.executable,
        "-m",
        "safe_session",
    ]  # type: ignore[arg-type]
    assert (
        after_command(str(tool), "linux", "solo-therapist.toml", which=on_path)  # type: ignore[arg-type]
        == "safe-session after --profile solo-therapist.toml"
    )
    assert (
        after_command(str(tool), "linux", "my practice;rm -rf ~.toml", True, which=on_path)  # type: ignore[arg-type]
        == "safe-session after --profile 'my practice;rm -rf ~.toml' --high-contrast"
    )
    assert (
        after_command(str(tool), "windows", r"C:\Users\ana\my practice.toml", which=on_path)  # type: ignore[arg-type]
        == r'safe-session after --profile "C:\Users\ana\my practice.toml"'
    )


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("50", 50), ("50 min", 50), ("50 minutes ago", 50), ("  7 ", 7)],
)
def test_the_session_start_typed_as_minutes_ago(typed: str, minutes: int) -> None:
    now = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    assert parse_start(typed, now) == (now - timedelta(minutes=minutes), "")


def test_the_session_start_typed_as_a_time() -> None:
    now = datetime(2026, 11, 26, 20, 0).astimezone()
    when, problem = parse_start("18:05", now)
    assert problem == "" and when is not None
    assert (when.hour, when.minute, when.date()) == (18, 5, now.date())
    pm, _ = parse_start("6:05 pm", now)
    assert pm == when
    for bad in ("", "soon", "0", "99999", "25:00", "13:00 pm", "21:00"):
        when, problem = parse_start(bad, now)
        assert when is None and problem, bad


def test_every_outcome_a_rule_makes_names_its_headline() -> None:
    """Read from the source: a new outcome without a headline would fall back to the first
    sentence of its summary, which is rarely a short title."""
    import ast
    from pathlib import Path

    import safe_session.rules

    missing = []
    for path in sorted(Path(safe_session.rules.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or getattr(node.func, "id", None) != "Outcome":
                continue
            if not any(keyword.arg == "headline" for keyword in node.keywords):
                missing.append(f"{path.name}:{node.lineno}")
    assert not missing, missing
