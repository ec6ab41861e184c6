"""The profile loader: what a profile may set, every problem located, and text kept as data."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from safe_session.data import load_catalog
from safe_session.data.catalog_types import Catalog, CheckSpec
from safe_session.data.toml_errors import DataError
from safe_session.profile import (
    BUILTIN,
    PROTECTED,
    ChecksPolicy,
    Profile,
    ProfileFile,
    load_profile,
    parse_profile,
)
from safe_session.profile.validate import CONTRACT_CHECK_IDS, ProfileError, validate
from tests.hostile import HOSTILE_STRINGS
from tests.tomlish import toml_string

FULL = """
language = "en"

[practice]
name = "  Dr. Ana Ruiz  "
contact = "ana@example.org"

[platform]
name = "SimplePractice"
domains = ["ClientSecure.ME", "bücher.example"]
apps = ["Zoom"]

[checks]
off = ["room.earshot"]
stricter = ["system.other_sessions", "apps.browsers"]

[thresholds]
browser_tabs = 8
browsers = 2
noise_quiet_dbfs = -50
noise_noisy_dbfs = -35.5

[[confirm]]
text = "Is your camera cover open?"

[[confirm]]
about = "account"
title = "Your own account"
text = "Did you sign in yourself?"
why = "Because."

[[after_step]]
text = "Close the portal tab."
"""


def load(text: str, name: str = "p.toml") -> Profile:
    return parse_profile(text.encode("utf-8"), name)


def problems(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        load(text)
    return [str(p) for p in getattr(caught.value, "problems", (caught.value,))]


def test_builtin_profile_changes_nothing() -> None:
    assert BUILTIN.to_json() == {"name": "Built-in", "source": "builtin"}
    assert BUILTIN.extra_steps("before") == () == BUILTIN.extra_steps("after")
    assert not BUILTIN.is_off("room.private") and BUILTIN.params_for("apps.browsers") == {}


def test_a_full_profile_loads() -> None:
    profile = load(FULL)
    assert profile.name == "Dr. Ana Ruiz" and profile.source == "file" and profile.path == "p.toml"
    assert profile.to_json() == {
        "name": "Dr. Ana Ruiz",
        "source": "file",
        "contact": "ana@example.org",
    }
    # host names are kept the way browsers store them: lower case, international names in ASCII
    assert profile.data.platform.domains == ["clientsecure.me", "xn--bcher-kva.example"]
    assert profile.is_off("room.earshot") and not profile.is_off("room.private")
    assert profile.is_stricter("system.other_sessions")
    assert profile.params_for("apps.browsers") == {"max_tabs": 8, "max_browsers": 2}
    assert profile.params_for("audio.ambient_noise") == {"quiet_dbfs": -50.0, "noisy_dbfs": -35.5}
    assert profile.params_for("network.wifi") == {}


def test_extra_steps_have_stable_ids_in_the_contract_families() -> None:
    profile = load(FULL)
    before = profile.extra_steps("before")
    assert [s.id for s in before] == ["room.profile_1", "account.profile_2"]
    assert (
        before[0].title == "Asked by Dr. Ana Ruiz"
        and before[0].text == "Is your camera cover open?"
    )
    assert before[0].why == "Dr. Ana Ruiz asks you to confirm this before your session."
    assert (before[1].title, before[1].why) == ("Your own account", "Because.")
    [after] = profile.extra_steps("after")
    assert (after.id, after.phase, after.title) == (
        "after.profile_step_1",
        "after",
        "A step from Dr. Ana Ruiz",
    )


def test_the_file_name_names_a_profile_without_a_practice_name(tmp_path: Path) -> None:
    path = tmp_path / "clinic-north.toml"
    path.write_text("[practice]\nname = '   '\n")
    profile = load_profile(path, "env")
    assert (profile.name, profile.source, profile.path) == ("clinic-north", "env", str(path))


def test_protected_checks_stay_on_even_for_a_profile_built_in_code() -> None:
    data = ProfileFile(checks=ChecksPolicy(off=[*PROTECTED, "room.private"]))
    profile = Profile(name="x", source="file", data=data)
    assert not any(profile.is_off(c) for c in PROTECTED)
    assert profile.is_off("room.private")


def test_the_protected_checks_are_the_watching_ones() -> None:
    assert set(PROTECTED) == {
        "apps.remote_access",
        "apps.monitoring",
        "apps.screen_capture",
        "devices.mic_camera_in_use",
        "system.other_sessions",
    }
    assert set(PROTECTED) <= CONTRACT_CHECK_IDS


def test_every_problem_is_named_in_line_order() -> None:
    text = (
        'language = "fr"\n'  # 1
        "[practice]\n"  # 2
        "name = 3\n"  # 3
        "[checks]\n"  # 4
        'off = ["apps.monitoring", "bogus.check"]\n'  # 5
        "[thresholds]\n"  # 6
        "browser_tabs = 500\n"  # 7
    )
    assert problems(text) == [
        'p.toml:1: language: "fr" is not available: safe-session\'s text exists only in English ("en") so far',
        "p.toml:3: practice.name: expected text in quotes, got a whole number (3)",
        'p.toml:5: checks.off[0]: "apps.monitoring" can never be switched off by a profile: it '
        "looks for monitoring software that could watch everything done on this computer. It can "
        "be made stricter instead",
        'p.toml:5: checks.off[1]: no check is called "bogus.check"',
        "p.toml:7: thresholds.browser_tabs: expected a whole number from 1 to 100, got 500",
    ]


def test_the_one_line_message_counts_the_other_problems() -> None:
    with pytest.raises(ProfileError) as caught:
        load("a = 1\nb = 2\nc = 3\n")
    message = str(caught.value)
    assert message == (
        "p.toml:1: a: unknown key (not one a profile may set) "
        "(and 2 more problems: `safe-session profile validate` lists them)"
    )
    assert "\n" not in message and len(caught.value.problems) == 3


def test_a_file_of_hundreds_of_mistakes_is_answered_quickly() -> None:
    text = "".join(f"k{i} = {i}\n" for i in range(500))
    began = time.monotonic()
    with pytest.raises(ProfileError) as caught:
        load(text)
    assert time.monotonic() - began < 10  # a generous bound: quadratic work would take minutes
    assert len(caught.value.problems) == 50 and caught.value.more == 450
    assert "(and 499 more problems" in str(caught.value)


def test_thousands_of_keys_are_refused_before_parsing() -> None:
    text = "".join(f"k{i} = {i}\n" for i in range(6000))  # ~60 KB
    assert problems(text) == [
        "p.toml:501:1: k500: sets more than 500 keys and tables; no file of this kind needs "
        "that many"
    ]


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS)
@pytest.mark.parametrize(
    ("where", "key", "line"),
    [
        ("[practice]\nname = {}\n", "practice.name", 2),
        ("[practice]\ncontact = {}\n", "practice.contact", 2),
        ("[platform]\nname = {}\n", "platform.name", 2),
        ("[[confirm]]\ntext = {}\n", "confirm[0].text", 2),
        ("[[confirm]]\ntext = 'Ok?'\ntitle = {}\n", "confirm[0].title", 3),
        ("[[after_step]]\ntext = 'Log out.'\nwhy = {}\n", "after_step[0].why", 3),
    ],
)
def test_hostile_text_is_kept_exactly_or_refused_at_its_key(
    hostile: str, where: str, key: str, line: int
) -> None:
    text = where.replace("{}", toml_string(hostile))
    try:
        profile = load(text)
    except ProfileError as exc:
        [problem] = exc.problems
        assert (problem.line, problem.key) == (line, key)
        assert "plain text" in problem.problem or "one line" in problem.problem
        return
    section, _, rest = key.partition(".")
    data = profile.data
    if section == "practice":
        assert getattr(data.practice, rest) == hostile
    elif section == "platform":
        assert data.platform.name == hostile
    else:
        steps = data.confirm if section.startswith("confirm") else data.after_step
        assert getattr(steps[0], key.rpartition(".")[2]) == hostile


def test_what_gets_through_and_what_is_refused() -> None:
    """Markup, shell syntax and ordinary non-ASCII text are text; controls, escapes, bidi
    overrides and line breaks are not."""
    kept = {h for h in HOSTILE_STRINGS if _loads_as_name(h)}
    assert kept == {
        "[bold red]PWNED[/bold red]",
        "[link=https://evil.example]click[/link]",
        "$(rm -rf ~)`id`",
        "Café 日本 🎧",
    }


def _loads_as_name(value: str) -> bool:
    try:
        return load(f"[practice]\nname = {toml_string(value)}\n").name == value
    except DataError:
        return False


def test_check_ids_come_from_the_catalog_and_the_contract() -> None:
    extra = CheckSpec(
        id="extra.new_check",
        title="New",
        why="Because.",
        phase="before",
        kind="confirm",
        question="?",
    )
    catalog = Catalog((*load_catalog().checks, extra))
    data = {"checks": {"off": ["extra.new_check", "audio.speaker_leak"]}}
    parsed = validate(data, "", "p.toml", catalog)
    assert parsed.checks.off == ["extra.new_check", "audio.speaker_leak"]
    with pytest.raises(ProfileError, match=r'no check is called "extra\.new_check"'):
        validate(data, "", "p.toml", load_catalog())


def test_stricter_cannot_apply_to_a_question() -> None:
    assert problems('[checks]\nstricter = ["account.two_factor", "after.portal_logout"]\n') == [
        'p.toml:2: checks.stricter[0]: "account.two_factor" is a question the person answers; '
        "it cannot be made stricter",
        'p.toml:2: checks.stricter[1]: "after.portal_logout" is a question the person answers; '
        "it cannot be made stricter",
    ]


@pytest.mark.parametrize(
    "domain",
    ["clientsecure.me", "video.example.org", "a-b.example.co.uk", "xn--bcher-kva.example"],
)
def test_bare_host_names_are_accepted(domain: str) -> None:
    assert load(f"[platform]\ndomains = [{toml_string(domain)}]\n").data.platform.domains == [
        domain
    ]


@pytest.mark.parametrize(
    ("domain", "says"),
    [
        ("https://clientsecure.me", 'without "https://"'),
        ("http://clientsecure.me/", 'without "http://"'),
        ("file:///etc/passwd", 'without "file:///"'),
        ("javascript://x", 'without "javascript://"'),
        ("clientsecure.me/login", "has a path"),
        ("clientsecure.me?next=/", "has a path"),
        ("clientsecure.me:8443", "has a port"),
        ("*.clientsecure.me", "has a wildcard"),
        ("clientsecure.*", "has a wildcard"),
        ("10.0.0.1", "is an IP address"),
        ("[::1]", "has a port or is not a host name"),
        ("portal", "is not a full domain name"),
        ("under_score.example", "is not a host name"),
        ("a" * 64 + ".example", "is not a host name"),
        ("clientsecure.me.", "is not a host name"),
        ("client secure.me", "has spaces in it"),
        ("", "must not be empty"),
    ],
)
def test_anything_but_a_bare_host_name_is_refused(domain: str, says: str) -> None:
    [problem] = problems(f"[platform]\ndomains = [{toml_string(domain)}]\n")
    assert problem.startswith("p.toml:2: platform.domains[0]: ") and says in problem


def test_numbers_must_be_finite_and_in_range() -> None:
    assert problems(
        "[thresholds]\nbrowser_tabs = 1.5\nbrowsers = 0\nnoise_quiet_dbfs = -inf\nnoise_noisy_dbfs = 0\n"
    ) == [
        "p.toml:2: thresholds.browser_tabs: expected a whole number, got a decimal number (1.5)",
        "p.toml:3: thresholds.browsers: expected a whole number from 1 to 10, got 0",
        "p.toml:4: thresholds.noise_quiet_dbfs: expected a number from -90 to -10, got -inf",
        "p.toml:5: thresholds.noise_noisy_dbfs: expected a number from -90 to -10, got 0",
    ]


def test_long_keys_are_shortened_in_messages() -> None:
    [problem] = problems(f"{'k' * 100} = 1\n")
    assert problem == f"p.toml:1: {'k' * 40}…: unknown key (not one a profile may set)"
    [problem] = problems(f"{'k' * 5000} = 1\n")
    assert problem == (
        f"p.toml:1:1: {'k' * 40}…: a key of more than 100 characters; no key in this file is "
        "that long"
    )


SHARED_COMPUTER = (
    "browsers.sync",
    "browsers.saved_logins",
    "browsers.extensions",
    "system.remote_login",
    "system.power",
    "system.pending_restart",
    "room.voice_assistants",
    "room.camera_view",
)


def test_a_profile_may_switch_off_the_shared_computer_checks_and_tighten_the_automatic_ones() -> (
    None
):
    listed = ", ".join(f'"{c}"' for c in SHARED_COMPUTER)
    automatic = ", ".join(f'"{c}"' for c in SHARED_COMPUTER[:6])
    profile = load(f"[checks]\noff = [{listed}]\n")
    assert all(profile.is_off(c) for c in SHARED_COMPUTER)
    assert set(SHARED_COMPUTER) <= CONTRACT_CHECK_IDS
    stricter = load(f"[checks]\nstricter = [{automatic}]\n")
    assert all(stricter.is_stricter(c) for c in SHARED_COMPUTER[:6])
    assert any(
        "cannot be made stricter" in p
        for p in problems('[checks]\nstricter = ["room.camera_view"]\n')
    )
