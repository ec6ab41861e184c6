from __future__ import annotations

import json

from safe_session.model import Report, Result, Status, Verdict
from safe_session.report import to_json, to_plain
from safe_session.words import STATUS_WORDS
from tests.schema_check import assert_report

HOSTILE = "Evil\x1b[2J\x1b]52;c;cm0gLXJmIC8=\x07[bold]Net[/bold]\u202e\x9b"


def make(results: list[Result], phase: str = "before") -> Report:
    return Report(
        phase=phase,
        started_at="2026-11-26T19:00:00+00:00",  # type: ignore[arg-type]
        finished_at="2026-11-26T19:00:03+00:00",
        system="linux",
        release="6.1",
        profile={"name": "Built-in", "source": "builtin"},
        results=tuple(results),
        version="0.1.0",
    )


def res(status: Status, summary: str = "fine", **kw: object) -> Result:
    return Result(f"t.{status.value}", "Title", status, summary, **kw)  # type: ignore[arg-type]


def test_verdicts() -> None:
    assert (
        make([res(Status.PASS), res(Status.MANUAL), res(Status.SKIPPED)]).verdict is Verdict.READY
    )
    assert make([res(Status.PASS), res(Status.UNKNOWN)]).verdict is Verdict.CAUTIONS
    assert make([res(Status.WARN)]).verdict is Verdict.CAUTIONS
    assert make([res(Status.WARN), res(Status.FAIL)]).verdict is Verdict.NOT_READY
    assert make([res(Status.FAIL)], phase="after").verdict is Verdict.CAUTIONS


def test_json_matches_schema_and_example_shape() -> None:
    report = make(
        [
            Result(
                "network.wifi",
                "Wi-Fi is private and encrypted",
                Status.PASS,
                "Connected to HomeNet (WPA2).",
                {},
                (),
                41.23,
            )
        ]
    )
    data = json.loads(to_json(report))
    assert_report(data)
    assert data["results"][0] == {
        "id": "network.wifi",
        "title": "Wi-Fi is private and encrypted",
        "headline": "Connected to HomeNet (WPA2)",
        "status": "pass",
        "summary": "Connected to HomeNet (WPA2).",
        "details": {},
        "advice": [],
        "elapsed_ms": 41.2,
    }
    assert list(data) == [
        "schema",
        "tool",
        "phase",
        "started_at",
        "finished_at",
        "platform",
        "profile",
        "verdict",
        "results",
    ]


def test_json_carries_hostile_strings_as_data_with_no_raw_controls() -> None:
    report = make([res(Status.WARN, HOSTILE, details={"ssid": HOSTILE})])
    text = to_json(report)
    assert all(32 <= ord(c) < 127 or c == "\n" for c in text)
    assert json.loads(text)["results"][0]["details"]["ssid"] == HOSTILE


def test_plain_has_a_status_word_on_every_result_and_no_escapes() -> None:
    results = [res(s, HOSTILE, advice=(HOSTILE,)) for s in Status]
    text = to_plain(make(results))
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text and "[bold]Net[/bold]" in text
    for status in Status:
        assert any(line.startswith(STATUS_WORDS[status] + " ") for line in text.splitlines())
    assert "Verdict: Not ready yet" in text
