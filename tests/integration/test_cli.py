"""The installed command, run as a real subprocess: reports, exit codes, options, errors."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import venv_bin
from tests.schema_check import assert_report

CMD = venv_bin("safe-session")


def run(
    *args: str, env: dict[str, str] | None = None, cmd: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NO_COLOR", None) if env is None or "NO_COLOR" not in env else None
    return subprocess.run(
        [*(cmd or [CMD]), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
        stdin=subprocess.DEVNULL,
    )


def test_installed_command_exists() -> None:
    assert Path(CMD).exists()


def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == "safe-session 0.1.0"
    helped = run("check", "--help")
    assert helped.returncode == 0 and "--no-audio" in helped.stdout and "--only" in helped.stdout


def test_check_json_is_schema_1_and_exit_code_matches_verdict() -> None:
    out = run("check", "--json", "--no-audio", "--only", "system,room")
    data = json.loads(out.stdout)
    assert_report(data)
    assert {r["id"] for r in data["results"]} >= {"system.other_sessions", "room.private"}
    assert out.returncode == {"ready": 0, "cautions": 1, "not_ready": 3}[data["verdict"]]
    manual = [r for r in data["results"] if r["id"].startswith("room.")]
    assert manual and all(r["status"] == "manual" for r in manual)


def test_python_dash_m_behaves_the_same() -> None:
    a = run("check", "--json", "--only", "room.private")
    b = run("check", "--json", "--only", "room.private", cmd=[sys.executable, "-m", "safe_session"])
    assert a.returncode == b.returncode == 0
    strip = lambda d: [{k: v for k, v in r.items() if k != "elapsed_ms"} for r in d["results"]]  # noqa: E731
    assert strip(json.loads(a.stdout)) == strip(json.loads(b.stdout))


def test_plain_when_piped_without_a_format() -> None:
    out = run("check", "--only", "room,system")
    assert out.returncode in (0, 1)
    assert "Verdict:" in out.stdout and "CONFIRM   Are you in a room where" in out.stdout
    assert "\x1b" not in out.stdout


def test_plain_never_has_escapes_even_with_colour_forced() -> None:
    out = run(
        "check", "--plain", "--only", "room", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    )
    assert "\x1b" not in out.stdout


def test_skip_and_no_audio_show_as_skipped() -> None:
    data = json.loads(
        run("check", "--json", "--only", "system,room", "--skip", "room.door_closed").stdout
    )
    door = next(r for r in data["results"] if r["id"] == "room.door_closed")
    assert door["status"] == "skipped" and "--skip" in door["summary"]


def test_confirmed_turns_manual_into_pass() -> None:
    data = json.loads(
        run("check", "--json", "--only", "room.private", "--confirmed", "room.private").stdout
    )
    assert data["results"][0]["status"] == "pass" and data["results"][0]["details"] == {
        "confirmed": True
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus"], "unrecognized arguments: --bogus"),
        (["check", "--only", "nothing.here"], "--only: no check is called 'nothing.here'"),
        (
            ["check", "--profile", "/does/not/exist.toml"],
            "profile: /does/not/exist.toml: file not found",
        ),
        (["check", "--listen", "abc"], "expected a number of seconds"),
        (["check", "--json", "--plain"], "not allowed with argument"),
        (["after", "--since", "yesterday"], "expected a date and time"),
        (
            ["after", "--since-minutes", "30", "--since", "2026-11-26T10:00"],
            "either --since or --since-minutes",
        ),
        # the same rules when options come before the command's name
        (["--bogus", "check"], "unrecognized arguments: --bogus"),
        (["--listen", "abc", "check"], "expected a number of seconds"),
        (["--json", "check", "--plain"], "not allowed with argument"),
        (["--plain", "after", "--json"], "not allowed with argument"),
        (
            ["--since", "2026-11-26T10:00", "after", "--since-minutes", "30"],
            "either --since or --since-minutes",
        ),
        (["--high-contrast", "check"], "--high-contrast is not an option of `safe-session check`"),
        (["--since-minutes", "30"], "only of `safe-session after`"),
        (
            ["--profile", "a.toml", "profile", "validate", "b.toml"],
            "not an option of `safe-session",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line_and_no_traceback(args: list[str], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_unreadable_profile_is_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "profile.toml"
    folder.mkdir()
    out = run("check", "--profile", str(folder))
    assert out.returncode == 2 and "is a folder" in out.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[practice\nname = 1\n")
    out = run("check", "--profile", str(bad))
    assert out.returncode == 2 and "bad.toml:1: invalid TOML" in out.stderr


def test_profile_from_environment(tmp_path: Path) -> None:
    p = tmp_path / "p.toml"
    p.write_text('[practice]\nname = "Dr. Ruiz [bold]Practice[/bold]"\n')
    data = json.loads(
        run(
            "check", "--json", "--only", "room.private", env={"SAFE_SESSION_PROFILE": str(p)}
        ).stdout
    )
    assert data["profile"] == {"name": "Dr. Ruiz [bold]Practice[/bold]", "source": "env"}


def test_after_runs_read_only_and_exits_0() -> None:
    out = run("after", "--json", "--since-minutes", "60")
    data = json.loads(out.stdout)
    assert out.returncode == 0
    assert_report(data)
    assert data["phase"] == "after" and data["verdict"] in ("ready", "cautions")


@pytest.mark.parametrize("output", ["--json", "--plain"])
def test_a_plain_check_records_nothing(tmp_path: Path, output: str) -> None:
    """A clinic's script running `check --json` mid-session must not move the session's start
    (files downloaded earlier in the session would no longer be found afterwards)."""
    state = tmp_path / "state"
    out = run("check", output, "--only", "room", env={"SAFE_SESSION_STATE_DIR": str(state)})
    assert out.returncode == 0, out.stderr
    assert not state.exists() or not any(state.iterdir())


def test_check_start_session_records_only_the_session_start(tmp_path: Path) -> None:
    state = tmp_path / "state"
    env = {"SAFE_SESSION_STATE_DIR": str(state)}
    out = run("check", "--json", "--only", "room", "--start-session", env=env)
    assert out.returncode == 0, out.stderr
    files = sorted(p.name for p in state.iterdir())
    assert files == ["session-start"]
    text = (state / "session-start").read_text()
    assert text.strip()[:4].isdigit() and len(text.strip()) == 25
    # `after` starts its window there by default, and says so.
    after = json.loads(run("after", "--json", "--only", "after.clipboard", env=env).stdout)
    assert after["window_start"] == text.strip()
    plain = run("after", "--plain", "--only", "after.clipboard", env=env).stdout
    assert "Looking at what changed on this computer since " in plain
    # A later plain check leaves it where it was.
    run("check", "--json", "--only", "room", env=env)
    assert (state / "session-start").read_text() == text


def test_after_window_start_follows_since_options(tmp_path: Path) -> None:
    env = {"SAFE_SESSION_STATE_DIR": str(tmp_path / "state")}
    data = json.loads(
        run(
            "after",
            "--json",
            "--only",
            "after.clipboard",
            "--since",
            "2026-11-26T18:05+00:00",
            env=env,
        ).stdout
    )
    assert data["window_start"] == "2026-11-26T18:05:00+00:00"
    assert_report(data)
    data = json.loads(
        run("after", "--json", "--only", "after.clipboard", "--since-minutes", "90", env=env).stdout
    )
    started = datetime.fromisoformat(data["window_start"])
    assert abs(datetime.now(UTC) - started - timedelta(minutes=90)) < timedelta(minutes=2)
    # With nothing recorded: two hours ago.
    data = json.loads(run("after", "--json", "--only", "after.clipboard", env=env).stdout)
    started = datetime.fromisoformat(data["window_start"])
    assert abs(datetime.now(UTC) - started - timedelta(hours=2)) < timedelta(minutes=2)


def test_check_plain_ends_with_what_to_run_afterwards(tmp_path: Path) -> None:
    profile = tmp_path / "my practice.toml"
    profile.write_text('[practice]\nname = "Ana"\n[platform]\nname = "SimplePractice"\n')
    path = {"PATH": f"{Path(CMD).parent}{os.pathsep}{os.environ['PATH']}"}
    out = run("check", "--plain", "--only", "room", "--profile", str(profile), env=path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.rstrip().splitlines()
    quoted = shlex.quote(str(profile))
    assert lines[-1] == f"After your session, run: safe-session after --profile {quoted}"
    said = " ".join(out.stdout.split())
    assert (
        "Verdict: You're ready once you have gone through the items marked CONFIRM. Then "
        "you can join SimplePractice now." in said
    )
    confirmed = ",".join(
        f"room.{n}"
        for n in (
            "private",
            "door_closed",
            "earshot",
            "phone_silenced",
            "voice_assistants",
            "camera_view",
        )
    )
    out = run(
        "check", "--plain", "--only", "room", "--profile", str(profile), "--confirmed", confirmed
    )
    assert "Verdict: You're ready. You can join SimplePractice now." in out.stdout


FAKE = textwrap.dedent(
    """
    import sys
    import safe_session.probes.system.sessions as s
    from safe_session.probes.base import Unavailable
    mode = sys.argv[1]
    def gather(ctx):
        if mode == "other":
            return s.SessionsFact("ana", (s.LoginSession("ben", "tty3", None, 0.0, None),))
        if mode == "remote-fail":
            return s.SessionsFact("ana", (s.LoginSession("mallory", "pts/9", "203.0.113.66", 0.0, None),))
        raise Unavailable("no utmp here")
    s.gather = gather
    from safe_session.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.parametrize(
    ("mode", "code", "status"), [("other", 1, "warn"), ("unknown", 1, "unknown")]
)
def test_exit_codes_follow_the_verdict(mode: str, code: int, status: str) -> None:
    out = run(mode, "check", "--json", "--only", "system", cmd=[sys.executable, "-c", FAKE])
    assert out.returncode == code, out.stderr
    assert json.loads(out.stdout)["results"][0]["status"] == status


def test_exit_3_when_a_check_fails(tmp_path: Path) -> None:
    p = tmp_path / "strict.toml"
    p.write_text('[checks]\nstricter = ["system.other_sessions"]\n')
    out = run(
        "remote-fail",
        "check",
        "--json",
        "--only",
        "system",
        "--profile",
        str(p),
        cmd=[sys.executable, "-c", FAKE],
    )
    assert out.returncode == 3, out.stderr
    data = json.loads(out.stdout)
    assert data["verdict"] == "not_ready" and data["results"][0]["status"] == "fail"
    assert "203.0.113.66" in data["results"][0]["summary"]


@pytest.mark.parametrize(
    ("command", "options", "check"),
    [
        ("check", ["--only", "room.private", "--no-audio"], "room.private"),
        (
            "after",
            ["--only", "after.portal_logout", "--since-minutes", "30"],
            "after.portal_logout",
        ),
    ],
)
def test_options_before_the_command_name_reach_the_report(
    tmp_path: Path, command: str, options: list[str], check: str
) -> None:
    """A clinic's script may put the options first: its profile must not give way to another."""
    chosen, other = tmp_path / "chosen.toml", tmp_path / "other.toml"
    chosen.write_text('[practice]\nname = "Northside"\n')
    other.write_text('[practice]\nname = "Someone else"\n')
    out = run(
        "--profile", str(chosen), "--json", *options, command,
        env={"SAFE_SESSION_PROFILE": str(other)},
    )  # fmt: skip
    assert out.returncode in (0, 1), out.stderr
    data = json.loads(out.stdout)
    assert data["profile"] == {"name": "Northside", "source": "file"}
    assert data["phase"] == ("after" if command == "after" else "before")
    assert [r["id"] for r in data["results"]] == [check]
