"""The command line: argument parsing, which report to print, and exit codes.

Exit codes of `check`: 0 ready, 1 ready with cautions, 3 not ready, 2 usage or input error (one
line on stderr, never a traceback). `after --json/--plain` exits 0 when it ran. Options may come
before or after the command's name, with the same meaning.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NoReturn

from safe_session import __version__
from safe_session.model import EXIT_CODES, EXIT_USAGE, Phase
from safe_session.probes.base import DEFAULT_LISTEN_SECONDS
from safe_session.text import inert

if TYPE_CHECKING:
    from safe_session.plan import RunOptions, RunPlan


class UsageError(Exception):
    """Bad options or input: exit 2 with a one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


# Each option's value when it is not given. No parser sets a default itself (SUPPRESS): a
# subcommand's parser would write its defaults over the options typed before the subcommand's
# name, and `safe-session --profile x.toml after` would lose the profile.
_DEFAULTS: dict[str, object] = {
    "only": None,
    "skip": None,
    "profile": None,
    "no_audio": False,
    "listen": DEFAULT_LISTEN_SECONDS,
    "acoustic_test": False,
    "confirmed": None,
    "since": None,
    "since_minutes": None,
    "domain": None,
    "json": False,
    "plain": False,
    "high_contrast": False,
}


class _CommandLine(_Parser):
    """The top-level parser. It knows every option of every command, so that any option can come
    before the command's name as well as after it (after it, the command's own parser reads it
    and, being later, wins). `parse` turns away what the chosen command does not take, as that
    command's parser does, and fills in the defaults."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(argument_default=argparse.SUPPRESS, **kwargs)
        self.spelling: dict[str, str] = {}
        self.commands: dict[str | None, tuple[_Parser, frozenset[str]]] = {}

    def add_command(
        self, name: str | None, parser: _Parser, *groups: list[argparse.Action]
    ) -> None:
        """What a command (None: no command given) takes, and its parser, for messages."""
        actions = [action for group in groups for action in group]
        self.spelling.update((action.dest, action.option_strings[0]) for action in actions)
        self.commands[name] = (parser, frozenset(action.dest for action in actions))

    def parse(self, argv: Sequence[str]) -> argparse.Namespace:
        args = self.parse_args(argv)
        parser, takes = self.commands[args.command]
        for dest, spelled in self.spelling.items():
            if hasattr(args, dest) and dest not in takes:
                takers = [f"`{p.prog}`" for p, t in self.commands.values() if dest in t]
                only = ", ".join(takers[:-1]) + " and " + takers[-1] if takers[1:] else takers[0]
                parser.error(f"{spelled} is not an option of `{parser.prog}`, only of {only}")
        if getattr(args, "json", False) and getattr(args, "plain", False):
            parser.error("argument --plain: not allowed with argument --json")
        for dest in self.spelling:  # an option without an entry in _DEFAULTS fails at once
            if not hasattr(args, dest):
                setattr(args, dest, _DEFAULTS[dest])
        return args


def _add_common_options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        p.add_argument(
            "--only",
            metavar="ID[,ID...]",
            help="run only these checks (a prefix like `apps` selects apps.*)",
        ),
        p.add_argument("--skip", metavar="ID[,ID...]", help="leave these checks out"),
        p.add_argument(
            "--domain",
            metavar="DOMAIN[,DOMAIN...]",
            help="the therapy portal's domains, adding to the profile's (before: saved logins; "
            "after: history and tabs)",
        ),
        p.add_argument(
            "--profile",
            metavar="FILE",
            help="a therapist's or clinic's profile "
            "(default: $SAFE_SESSION_PROFILE, else the built-in one)",
        ),
    ]


def _add_before_options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        p.add_argument(
            "--no-audio",
            action="store_true",
            help="skip everything that opens the microphone or plays sound",
        ),
        p.add_argument(
            "--listen",
            metavar="SECONDS",
            type=_seconds,
            help=f"how long to listen to the room (default {DEFAULT_LISTEN_SECONDS:g})",
        ),
        p.add_argument(
            "--acoustic-test",
            action="store_true",
            help="also play a short quiet tone to test whether the speakers "
            "can be heard in the room",
        ),
        p.add_argument(
            "--confirmed",
            metavar="ID[,ID...]",
            help="confirmations the person has already given (e.g. room.private)",
        ),
    ]


def _add_after_options(p: argparse.ArgumentParser, *, listed: bool = True) -> list[argparse.Action]:
    def shown(text: str) -> str:
        return text if listed else argparse.SUPPRESS

    return [
        p.add_argument(
            "--since",
            metavar="ISO8601",
            type=_iso_time,
            help=shown("start of the session window"),
        ),
        p.add_argument(
            "--since-minutes",
            metavar="N",
            type=_minutes,
            help=shown("the session started N minutes ago"),
        ),
    ]


def _add_output_options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    out = p.add_mutually_exclusive_group()
    return [
        out.add_argument("--json", action="store_true", help="print the report as JSON (schema 1)"),
        out.add_argument("--plain", action="store_true", help="print the report as plain text"),
    ]


def _add_ui_options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        p.add_argument(
            "--high-contrast",
            action="store_true",
            help="the terminal UI in high contrast (also: SAFE_SESSION_HIGH_CONTRAST=1)",
        )
    ]


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {value!r}") from None
    if not 0.5 <= seconds <= 30:
        raise argparse.ArgumentTypeError("expected between 0.5 and 30 seconds")
    return seconds


def _minutes(value: str) -> int:
    try:
        minutes = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole minutes, got {value!r}") from None
    if not 1 <= minutes <= 24 * 60:
        raise argparse.ArgumentTypeError("expected between 1 and 1440 minutes")
    return minutes


def _iso_time(value: str) -> datetime:
    try:
        when: datetime = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date and time like 2026-11-26T18:00, got {value!r}"
        ) from None
    return when if when.tzinfo else when.astimezone()


def build_parser() -> _CommandLine:
    parser = _CommandLine(
        prog="safe-session",
        description="Get ready for a private online therapy session, and clean up after it. "
        "Nothing leaves this computer.",
        epilog="Options may come before or after the command's name; "
        "`safe-session COMMAND --help` lists a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"safe-session {__version__}")
    common = _add_common_options(parser)
    before = _add_before_options(parser)
    after_only = _add_after_options(parser, listed=False)  # listed in `after --help`
    output = _add_output_options(parser)
    ui = _add_ui_options(parser)
    parser.add_command(None, parser, common, before, output, ui)

    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    typed_only = argparse.SUPPRESS  # see _DEFAULTS
    check = sub.add_parser(
        "check",
        help="run the checks before a session and print a report",
        argument_default=typed_only,
    )
    _add_common_options(check)
    _add_before_options(check)
    _add_output_options(check)
    parser.add_command("check", check, common, before, output)
    after = sub.add_parser(
        "after",
        help="after a session: what to log out of and clean up",
        argument_default=typed_only,
    )
    _add_common_options(after)
    _add_after_options(after)
    _add_output_options(after)
    _add_ui_options(after)
    parser.add_command("after", after, common, after_only, output, ui)
    prof = sub.add_parser("profile", help="work with a therapist's or clinic's profile")
    prof_sub = prof.add_subparsers(dest="profile_command", parser_class=_Parser, required=True)
    validate = prof_sub.add_parser("validate", help="check a profile and say what it changes")
    validate.add_argument("file", metavar="FILE")
    parser.add_command("profile", validate)
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line as one namespace, every option set, wherever it was typed."""
    return build_parser().parse(argv)


def main(argv: Sequence[str] | None = None) -> int:
    _never_fail_to_print()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        print(f"safe-session: {inert(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(
            f"safe-session: something went wrong inside safe-session ({inert(type(exc).__name__)}: "
            f"{inert(str(exc))[:300]})",
            file=sys.stderr,
        )
        return EXIT_USAGE


def _never_fail_to_print() -> None:
    """Whatever the terminal's encoding (an ASCII or C locale, a pipe), a character it cannot
    take is written as a visible escape: never an encoding error, and never a raw byte (a lone
    surrogate would otherwise go out as the byte it stands for)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.command == "profile":
        from safe_session.profile.describe import validate_command

        return validate_command(args.file)
    if args.command == "check":
        return _report_command(args, "before")
    phase: Phase = "after" if args.command == "after" else "before"
    if _wants_ui(args):
        return _open_ui(args, phase)
    if not args.json:
        args.plain = True
    return _report_command(args, phase)


def _wants_ui(args: argparse.Namespace) -> bool:
    """The UI needs a terminal to draw on and to read keys from; otherwise: the plain report."""
    if args.json or args.plain:
        return False
    return sys.stdout.isatty() and sys.stdin.isatty()


def _open_ui(args: argparse.Namespace, phase: Phase) -> int:
    from safe_session.tui.app import SafeSessionApp
    from safe_session.tui.config import UIConfig
    from safe_session.tui.terminal import own_terminal
    from safe_session.tui.theme import high_contrast_from_env

    config = UIConfig(
        _plan(args, phase), high_contrast=args.high_contrast or high_contrast_from_env()
    )
    with own_terminal():  # PortAudio's start-up points descriptor 2 elsewhere for a while
        code = SafeSessionApp(config, phase).run()
    return code if isinstance(code, int) else 0


def _plan(args: argparse.Namespace, phase: Phase) -> RunPlan:
    """The one plan every front end draws from; a bad --only/--skip is a usage error."""
    from safe_session.plan import SelectionError, make_plan

    try:
        return make_plan(_options(args, phase))
    except SelectionError as exc:
        raise UsageError(str(exc)) from None


def _options(args: argparse.Namespace, phase: Phase) -> RunOptions:
    from safe_session.plan import RunOptions, parse_ids
    from safe_session.profile import resolve_profile

    try:
        profile = resolve_profile(args.profile)
    except ValueError as exc:
        # a DataError: its module (and its patterns) loads only when a profile file is read
        from safe_session.data.toml_errors import DataError

        if not isinstance(exc, DataError):
            raise
        raise UsageError(f"profile: {exc}") from None
    if phase == "before":
        return RunOptions(
            phase=phase,
            only=parse_ids(args.only),
            skip=parse_ids(args.skip),
            no_audio=args.no_audio,
            acoustic_test=args.acoustic_test,
            confirmed=frozenset(parse_ids(args.confirmed)),
            profile=profile,
            listen_seconds=args.listen,
            domains=_domains(profile.data.platform.domains, parse_ids(args.domain)),
        )
    return RunOptions(
        phase=phase,
        only=parse_ids(args.only),
        skip=parse_ids(args.skip),
        profile=profile,
        since=_window_start(args),
        domains=_domains(profile.data.platform.domains, parse_ids(args.domain)),
    )


def _domains(from_profile: Sequence[str], typed: Sequence[str]) -> tuple[str, ...]:
    """The profile's domains and `--domain`'s, normalized; a typed one that is no domain is a
    usage error (the profile's were checked when it was loaded)."""
    from safe_session.domains import normalize_domain

    out: list[str] = []
    for name in from_profile:
        domain = normalize_domain(name)
        if domain:
            out.append(domain)
    for name in typed:
        domain = normalize_domain(name)
        if domain is None:
            raise UsageError(f"--domain: {name!r} is not a domain name like clientsecure.me")
        out.append(domain)
    return tuple(dict.fromkeys(out))


def _window_start(args: argparse.Namespace) -> datetime:
    if args.since is not None and args.since_minutes is not None:
        raise UsageError("give either --since or --since-minutes, not both")
    now = datetime.now(UTC)
    if args.since is not None:
        since: datetime = args.since
        return since.astimezone(UTC)
    if args.since_minutes is not None:
        return now - timedelta(minutes=args.since_minutes)
    from safe_session.state import default_window_start

    return default_window_start(now)


def _report_command(args: argparse.Namespace, phase: Phase) -> int:
    from safe_session import report
    from safe_session.runs import run_plan
    from safe_session.state import record_session_start

    result = run_plan(_plan(args, phase))
    if phase == "before":
        record_session_start(datetime.now(UTC))
    use_json = args.json
    text = report.to_json(result) if use_json else report.to_plain(result)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()
    if phase == "after":
        return 0
    return EXIT_CODES[result.verdict]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
