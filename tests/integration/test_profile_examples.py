"""The example profiles in checks/profiles validate, and visibly change the reports: a solo
therapist's switches and extra steps, a clinic's stricter verdict."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from safe_session.cli import _options, parse_args
from safe_session.profile import load_profile
from tests.conftest import ROOT, venv_bin
from tests.schema_check import assert_report

EXAMPLES = ROOT / "checks" / "profiles"
SOLO = str(EXAMPLES / "solo-therapist.toml")
CLINIC = str(EXAMPLES / "clinic.toml")
CMD = venv_bin("safe-session")

# The real command, with the login-sessions probe replaced by one that finds a second person
# logged in (a caution by default).
OTHER_SESSION = textwrap.dedent(
    """
    import sys
    import safe_session.probes.system.sessions as s
    s.gather = lambda ctx: s.SessionsFact("ana", (s.LoginSession("ben", "tty3", None, 0.0, None),))
    from safe_session.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def run(*args: str, cmd: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(cmd or [CMD]), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def rows(out: subprocess.CompletedProcess[str]) -> dict[str, dict[str, object]]:
    data = json.loads(out.stdout)
    assert_report(data)
    return {r["id"]: r for r in data["results"]}


def test_the_examples_are_all_there_and_valid() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.toml")) == ["clinic.toml", "solo-therapist.toml"]
    for path in (SOLO, CLINIC):
        out = run("profile", "validate", path)
        assert out.returncode == 0 and out.stderr == "", out.stderr


def test_validate_says_what_the_solo_profile_changes() -> None:
    lines = run("profile", "validate", SOLO).stdout.splitlines()
    assert lines[0] == f"{SOLO}: a valid profile, for Dr. Ana Ruiz, Couples & Sex Therapy."
    assert (
        "- Switched off: account.two_factor (Two-step sign-in is on for your therapy portal)"
        in lines
    )
    assert (
        "- Platform: SimplePractice client portal; portal domains, for the logout step and the "
        "browser history check after the session: clientsecure.me"
    ) in lines
    assert "- Threshold: a caution when more browser tabs are open than 15 (apps.browsers)" in lines
    assert any(
        line.startswith("- Extra confirmation room.profile_1: You have the link") for line in lines
    )
    assert any(
        line.startswith("- Extra after-session step after.profile_step_1: Close") for line in lines
    )
    assert lines[-2].startswith("Always checked, whatever a profile says: apps.monitoring,")


def test_validate_says_what_the_clinic_profile_changes() -> None:
    lines = run("profile", "validate", CLINIC).stdout.splitlines()
    assert (
        "- Made stricter (a caution becomes a problem): system.other_sessions (No one else is logged in)"
        in lines
    )
    assert "- Threshold: the room counts as quiet below -55 dBFS (audio.ambient_noise)" in lines
    assert any(line.startswith("- Extra confirmation account.profile_2: ") for line in lines)


def test_the_solo_profile_changes_the_report() -> None:
    builtin = rows(run("check", "--json", "--only", "room,account"))
    solo_out = run("check", "--json", "--only", "room,account", "--profile", SOLO)
    solo = rows(solo_out)
    assert builtin["account.two_factor"]["status"] == "manual"
    assert solo["account.two_factor"]["status"] == "skipped"
    assert solo["account.two_factor"]["summary"] == (
        "Not checked: switched off by the profile of Dr. Ana Ruiz, Couples & Sex Therapy."
    )
    assert "room.profile_1" not in builtin
    assert solo["room.profile_1"]["status"] == "manual"
    assert solo["room.profile_1"]["title"] == "You have the link from my e-mail"
    assert json.loads(solo_out.stdout)["profile"] == {
        "name": "Dr. Ana Ruiz, Couples & Sex Therapy",
        "source": "file",
        "contact": "Questions about the session? Write to ana@ruiz-therapy.example.org",
    }
    plain = run("check", "--plain", "--only", "room,account", "--profile", SOLO).stdout
    assert "Profile: Dr. Ana Ruiz, Couples & Sex Therapy\nContact: Questions about" in plain
    assert "SKIPPED   Two-step sign-in is on for your therapy portal" in plain
    assert "CONFIRM   Did you open the session from the link in my e-mail, not from a" in plain


def test_the_profiles_after_steps_and_domains_reach_the_after_phase() -> None:
    after = rows(run("after", "--json", "--since-minutes", "30", "--profile", CLINIC))
    assert after["after.profile_step_1"]["title"] == "Sign out of the clinic portal"
    assert after["after.profile_step_2"]["title"] == "A step from Northside Sexual Health Clinic"
    assert {after["after.profile_step_1"]["status"], after["after.profile_step_2"]["status"]} == {
        "manual"
    }
    args = parse_args(["after", "--profile", SOLO, "--domain", "notes.example.org"])
    assert _options(args, "after").domains == ("clientsecure.me", "notes.example.org")


def test_the_clinic_profile_turns_a_caution_into_not_ready() -> None:
    fake = [sys.executable, "-c", OTHER_SESSION]
    builtin = run("check", "--json", "--only", "system", cmd=fake)
    clinic = run("check", "--json", "--only", "system", "--profile", CLINIC, cmd=fake)
    assert (builtin.returncode, rows(builtin)["system.other_sessions"]["status"]) == (1, "warn")
    assert (clinic.returncode, rows(clinic)["system.other_sessions"]["status"]) == (3, "fail")
    plain = run("check", "--plain", "--only", "system", "--profile", CLINIC, cmd=fake).stdout
    assert "PROBLEM   Someone else is logged in to this computer" in plain
    assert "Verdict: Not ready yet" in plain


def test_the_clinic_thresholds_reach_the_checks() -> None:
    profile = load_profile(EXAMPLES / "clinic.toml")
    assert profile.params_for("apps.browsers") == {"max_tabs": 5, "max_browsers": 1}
    assert profile.params_for("audio.ambient_noise") == {"quiet_dbfs": -55.0, "noisy_dbfs": -40.0}


def test_the_readme_profile_example_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, flags=re.DOTALL)
    assert blocks
    for number, block in enumerate(blocks):
        path = tmp_path / f"readme-{number}.toml"
        path.write_text(block, encoding="utf-8")
        assert load_profile(path).data.platform.domains == ["clientsecure.me"]
