"""Every option of every command works the same typed before the command's name as after it;
typed in both places, the later one wins; one a command does not take is refused in both."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from safe_session.cli import UsageError, parse_args

# An example of each option as typed, the name it is read under, and the value it gives.
OPTIONS: dict[str, tuple[list[str], str, object]] = {
    "--only": (["--only", "system,room"], "only", "system,room"),
    "--skip": (["--skip", "room.door_closed"], "skip", "room.door_closed"),
    "--profile": (["--profile", "clinic.toml"], "profile", "clinic.toml"),
    "--no-audio": (["--no-audio"], "no_audio", True),
    "--listen": (["--listen", "5"], "listen", 5.0),
    "--acoustic-test": (["--acoustic-test"], "acoustic_test", True),
    "--confirmed": (["--confirmed", "room.private"], "confirmed", "room.private"),
    "--since": (
        ["--since", "2026-11-26T18:00+00:00"],
        "since",
        datetime(2026, 11, 26, 18, 0, tzinfo=UTC),
    ),
    "--since-minutes": (["--since-minutes", "90"], "since_minutes", 90),
    "--domain": (["--domain", "clientsecure.me"], "domain", "clientsecure.me"),
    "--json": (["--json"], "json", True),
    "--plain": (["--plain"], "plain", True),
    "--high-contrast": (["--high-contrast"], "high_contrast", True),
}
BEFORE = ["--only", "--skip", "--profile", "--no-audio", "--listen", "--acoustic-test"]
BEFORE += ["--confirmed", "--domain", "--json", "--plain"]
AFTER = ["--only", "--skip", "--profile", "--since", "--since-minutes", "--domain", "--json"]
AFTER += ["--plain", "--high-contrast"]
TAKES: dict[str, list[str]] = {
    "": [*BEFORE, "--high-contrast"],  # no command: the checks before a session, in the UI
    "check": BEFORE,
    "after": AFTER,
    "profile validate": [],
}
COMMANDS = [c for c in TAKES if c]
VALIDATE = ["profile", "validate", "clinic.toml"]


def pairs(commands: list[str], which: str) -> list[object]:
    """(command, option) cases: the options each command takes, or those it does not."""
    return [
        pytest.param(c, o, id=f"{c or 'no command'} {o}")
        for c in commands
        for o in OPTIONS
        if (o in TAKES[c]) == (which == "takes")
    ]


def typed(command: str) -> list[str]:
    return {"profile validate": VALIDATE}.get(command, command.split())


def help_of(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        parse_args([*command.split(), "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def refused(argv: list[str]) -> str:
    with pytest.raises(UsageError) as error:
        parse_args(argv)
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("command", list(TAKES))
def test_the_table_above_is_every_option_each_command_lists(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = set(re.findall(r"^\s+(--[a-z-]+)", help_of(command, capsys), re.MULTILINE))
    assert listed - {"--help", "--version"} == set(TAKES[command])


@pytest.mark.parametrize(("command", "option"), pairs(COMMANDS, "takes"))
def test_each_option_works_before_and_after_the_command(command: str, option: str) -> None:
    example, name, value = OPTIONS[option]
    first = parse_args([*example, *typed(command)])
    then = parse_args([*typed(command), *example])
    assert getattr(first, name) == getattr(then, name) == value
    assert first.command == then.command == command


@pytest.mark.parametrize("option", TAKES[""])
def test_each_option_of_the_bare_command(option: str) -> None:
    example, name, value = OPTIONS[option]
    args = parse_args(example)
    assert args.command is None and getattr(args, name) == value


@pytest.mark.parametrize("command", list(TAKES))
def test_options_not_typed_have_their_defaults_wherever_the_command_is(command: str) -> None:
    args = parse_args(typed(command))
    assert (args.only, args.skip, args.profile, args.confirmed, args.domain) == (None,) * 5
    assert (args.since, args.since_minutes, args.listen) == (None, None, 3.0)
    flags = (args.no_audio, args.acoustic_test, args.json, args.plain, args.high_contrast)
    assert flags == (False,) * 5


@pytest.mark.parametrize("command", ["", "check", "after"])
def test_a_value_given_twice_the_later_one_wins(command: str) -> None:
    args = parse_args(["--only", "room", "--profile", "a.toml", *typed(command)])
    assert (args.only, args.profile) == ("room", "a.toml")
    args = parse_args(["--only", "room", *typed(command), "--only", "system", "--profile", "b"])
    assert (args.only, args.profile) == ("system", "b")


def test_later_wins_for_the_typed_values_of_each_command() -> None:
    assert parse_args(["--listen", "5", "check", "--listen", "7"]).listen == 7.0
    twice = ["--since-minutes", "30", "--domain", "a.org", "after"]
    twice += ["--domain", "b.org", "--since-minutes", "45"]
    after = parse_args(twice)
    assert (after.since_minutes, after.domain) == (45, "b.org")


@pytest.mark.parametrize("command", ["check", "after"])
@pytest.mark.parametrize("flag", ["--json", "--plain"])
def test_a_flag_in_both_places_is_simply_on(command: str, flag: str) -> None:
    assert getattr(parse_args([flag, command, flag]), flag[2:]) is True


@pytest.mark.parametrize("command", ["", "check", "after"])
@pytest.mark.parametrize("where", ["both before", "both after", "json before", "plain before"])
def test_json_and_plain_exclude_each_other_in_any_position(command: str, where: str) -> None:
    name = typed(command)
    argv = {
        "both before": ["--json", "--plain", *name],
        "both after": [*name, "--plain", "--json"],
        "json before": ["--json", *name, "--plain"],
        "plain before": ["--plain", *name, "--json"],
    }[where]
    assert "not allowed with argument" in refused(argv)


@pytest.mark.parametrize(("command", "option"), pairs(list(TAKES), "refuses"))
def test_an_option_a_command_does_not_take_is_refused_in_both_places(
    command: str, option: str
) -> None:
    example = OPTIONS[option][0]
    before = refused([*example, *typed(command)])
    program = " ".join(["safe-session", *command.split()])
    assert before.startswith(f"{option} is not an option of `{program}`, only of `"), before
    if command:
        assert f"unrecognized arguments: {option}" in refused([*typed(command), *example])


def test_the_message_says_which_command_takes_the_option() -> None:
    message = refused(["--since-minutes", "30"])
    assert message == (
        "--since-minutes is not an option of `safe-session`, only of `safe-session after` "
        "(see `safe-session --help`)"
    )


def test_profile_validate_takes_its_file_and_nothing_else() -> None:
    args = parse_args(VALIDATE)
    assert (args.command, args.profile_command, args.file) == ("profile", "validate", "clinic.toml")
    assert "required: FILE" in refused(["profile", "validate"])
    assert "required" in refused(["profile"])
    assert "unrecognized arguments: other.toml" in refused([*VALIDATE, "other.toml"])


def test_usage_errors_in_values_are_the_same_before_and_after() -> None:
    for command, example in (("check", ["--listen", "99"]), ("after", ["--since-minutes", "x"])):
        before = refused([*example, command])
        after = refused([command, *example])
        assert before.split(" (see")[0] == after.split(" (see")[0]


def test_version_and_help_still_exit_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--version"])
    assert exited.value.code == 0 and capsys.readouterr().out.strip() == "safe-session 0.1.0"
    top = help_of("", capsys)
    assert "before or after the command's name" in top
    assert "--since" not in top  # listed under `after --help`, where it belongs
    assert "==SUPPRESS==" not in top + help_of("check", capsys) + help_of("after", capsys)
