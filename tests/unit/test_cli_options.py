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
    "--start-session": (["--start-session"], "start_session", True),
    "--guided": (["--guided"], "guided", True),
}
BEFORE = ["--only", "--skip", "--profile", "--no-audio", "--listen", "--acoustic-test"]
BEFORE += ["--confirmed", "--domain", "--json", "--plain"]
AFTER = ["--only", "--skip", "--profile", "--since", "--since-minutes", "--domain", "--json"]
AFTER += ["--plain", "--high-contrast"]
AFTER += ["--guided"]
TAKES: dict[str, list[str]] = {
    "": [*BEFORE, "--high-contrast"],  # no command: the checks before a session, in the UI
    "check": [*BEFORE, "--start-session"],
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


def test_profile_validate_takes_one_or_more_files_and_nothing_else() -> None:
    args = parse_args(VALIDATE)
    assert (args.command, args.profile_command, args.files) == (
        "profile",
        "validate",
        ["clinic.toml"],
    )
    several = parse_args([*VALIDATE, "a.toml", "b.toml"])
    assert several.files == ["clinic.toml", "a.toml", "b.toml"]  # as a shell expands *.toml
    assert "required: FILE" in refused(["profile", "validate"])
    assert "required" in refused(["profile"])
    assert "unrecognized arguments: --json" in refused([*VALIDATE, "--json"])


def test_usage_errors_in_values_are_the_same_before_and_after() -> None:
    for command, example in (("check", ["--listen", "99"]), ("after", ["--since-minutes", "x"])):
        before = refused([*example, command])
        after = refused([command, *example])
        assert before.split(" (see")[0] == after.split(" (see")[0]


def test_version_and_help_still_exit_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--version"])
    assert exited.value.code == 0 and capsys.readouterr().out.strip() == "safe-session 0.1.0"
    top = " ".join(help_of("", capsys).split())  # the epilog wraps with the terminal
    assert "before or after the command's name" in top
    assert "--since" not in top  # listed under `after --help`, where it belongs
    assert "==SUPPRESS==" not in top + help_of("check", capsys) + help_of("after", capsys)


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("output", ["--json", "--plain"])
def test_guided_asks_on_the_terminal_so_it_takes_no_report_format(where: str, output: str) -> None:
    argv = [output, "after", "--guided"] if where == "before" else ["after", "--guided", output]
    assert f"--guided: not allowed with argument {output}" in refused(argv)


def test_the_top_help_says_whose_options_it_lists(capsys: pytest.CaptureFixture[str]) -> None:
    """The top-level help lists only what `safe-session` alone takes, under a heading that says
    so, and points to each command's own help, so no one reads `--no-audio` as an option of
    `after`."""
    top = help_of("", capsys)
    heading = "options of `safe-session` alone (the before-session screen):"
    assert heading in top
    listed = top.split(heading)[1].split("commands:")[0]
    assert "--no-audio" in listed and "--high-contrast" in listed
    words = " ".join(top.split())
    for command in ("check", "after", "profile validate"):
        assert f"`safe-session {command} --help`" in words
    assert "safe-session profile validate FILE..." in top


def test_check_help_describes_the_command_and_its_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = help_of("check", capsys)
    assert text.startswith("usage: safe-session check ")
    assert "without the screen and print a report" in text
    codes = re.findall(r"^  ([0-3])  (.+)$", text.split("exit codes:")[1], re.MULTILINE)
    assert [(code, words.split(" (")[0]) for code, words in codes] == [
        ("0", "ready"),
        ("1", "ready with cautions"),
        ("3", "not ready"),
        ("2", "usage or input error"),
    ]
    assert "exit codes" in help_of("after", capsys)
    validate = help_of("profile validate", capsys)
    assert "usage: safe-session profile validate [-h] FILE [FILE ...]" in validate
    assert "0  every file is a valid profile" in validate


@pytest.mark.parametrize("command", ["check", "after", "profile", "profile validate"])
def test_each_commands_help_names_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert help_of(command, capsys).startswith(f"usage: safe-session {command} ")
