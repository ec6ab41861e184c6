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


# A parser or one of its groups: both add options the same way.
_Options = argparse.ArgumentParser | argparse._ArgumentGroup


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
    "guided": False,
    "start_session": False,
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
        for output in ("json", "plain"):
            if getattr(args, "guided", False) and getattr(args, output, False):
                parser.error(f"argument --guided: not allowed with argument --{output}")
        for dest in self.spelling:  # an option without an entry in _DEFAULTS fails at once
            if not hasattr(args, dest):
                setattr(args, dest, _DEFAULTS[dest])
        return args


def _add_common_options(p: _Options) -> list[argparse.Action]:
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


def _add_before_options(p: _Options) -> list[argparse.Action]:
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
        p.add_argument(
            "--guided",
            action="store_true",
            help=shown(
                "ask each tidy-up step as a plain-text question (for screen readers) "
                "and do it only on y"
            ),
        ),
    ]


def _add_check_options(p: argparse.ArgumentParser, *, listed: bool = True) -> list[argparse.Action]:
    return [
        p.add_argument(
            "--start-session",
            action="store_true",
            help="also record now as the session's start, for `safe-session after`"
            if listed
            else argparse.SUPPRESS,
        )
    ]


def _add_output_options(p: _Options, lead: str = "print the report") -> list[argparse.Action]:
    out = p.add_mutually_exclusive_group()
    return [
        out.add_argument("--json", action="store_true", help=f"{lead} as JSON (schema 1)"),
        out.add_argument("--plain", action="store_true", help=f"{lead} as plain text"),
    ]


def _add_ui_options(p: _Options) -> list[argparse.Action]:
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


PROG = "safe-session"
_USAGE = """safe-session [OPTIONS]             the screen "Before your session"
       safe-session check [OPTIONS]       the same checks, printed as a report
       safe-session after [OPTIONS]       the screen "After your session", or its report
       safe-session profile validate FILE...
       safe-session --version | --help"""

_CHECK_HELP = """\
Run the checks before a session without the screen and print a report:
plain text (--plain, and whenever the output is not a terminal) or JSON
(--json, schema 1).

exit codes:
  0  ready
  1  ready with cautions (a caution, or something that could not be checked)
  3  not ready (a problem to fix first)
  2  usage or input error (a bad option, an unreadable or invalid profile):
     one line on stderr
"""

_AFTER_HELP = """\
After a session: the screen that walks through logging out and tidying up.
With --json or --plain (or when the output is not a terminal) it prints what
the session left behind instead, and changes nothing.

exit codes (--json, --plain):
  0  it ran
  2  usage or input error: one line on stderr
"""

_VALIDATE_HELP = """\
Check one or more profiles (a shell's *.toml works): each file's problems
with their line and key, or, for a valid file, what it changes.

exit codes:
  0  every file is a valid profile
  2  at least one is not, or could not be read
"""


def build_parser() -> _CommandLine:
    raw = argparse.RawDescriptionHelpFormatter
    parser = _CommandLine(
        prog=PROG,
        usage=_USAGE,
        description="Get ready for a private online therapy session, and clean up after it. "
        "Nothing leaves this computer.",
        epilog="Each command lists its own options: `safe-session check --help`, "
        "`safe-session after --help`, `safe-session profile validate --help`. "
        "Options may come before or after the command's name.",
    )
    parser.add_argument("--version", action="version", version=f"safe-session {__version__}")
    # What `safe-session` alone (the before-session screen) takes, under a heading that says
    # so: the same options before a command's name are read as that command's.
    alone = parser.add_argument_group("options of `safe-session` alone (the before-session screen)")
    common = _add_common_options(alone)
    before = _add_before_options(alone)
    after_only = _add_after_options(parser, listed=False)  # listed in `after --help`
    check_only = _add_check_options(parser, listed=False)  # listed in `check --help`
    output = _add_output_options(alone, "instead of the screen, print the report")
    ui = _add_ui_options(alone)
    parser.add_command(None, parser, common, before, output, ui)

    sub = parser.add_subparsers(
        dest="command", parser_class=_Parser, title="commands", metavar="COMMAND", prog=PROG
    )
    typed_only = argparse.SUPPRESS  # see _DEFAULTS
    check = sub.add_parser(
        "check",
        help="run the checks before a session and print a report (exit codes: check --help)",
        description=_CHECK_HELP,
        formatter_class=raw,
        argument_default=typed_only,
    )
    _add_common_options(check)
    _add_before_options(check)
    _add_check_options(check)
    _add_output_options(check)
    parser.add_command("check", check, common, before, check_only, output)
    after = sub.add_parser(
        "after",
        help="after a session: what to log out of and clean up",
        description=_AFTER_HELP,
        formatter_class=raw,
        argument_default=typed_only,
    )
    _add_common_options(after)
    _add_after_options(after)
    _add_output_options(after)
    _add_ui_options(after)
    parser.add_command("after", after, common, after_only, output, ui)
    prof = sub.add_parser(
        "profile",
        help="`profile validate FILE...`: check a therapist's or clinic's profiles",
        description="Work with a therapist's or clinic's profile.",
    )
    prof_sub = prof.add_subparsers(
        dest="profile_command",
        parser_class=_Parser,
        required=True,
        title="commands",
        metavar="COMMAND",
        prog=f"{PROG} profile",
    )
    validate = prof_sub.add_parser(
        "validate",
        help="check profiles and say what each changes",
        description=_VALIDATE_HELP,
        formatter_class=raw,
    )
    validate.add_argument("files", metavar="FILE", nargs="+", help="a profile (.toml)")
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

        return validate_command(args.files)
    if args.command == "check":
        return _report_command(args, "before")
    phase: Phase = "after" if args.command == "after" else "before"
    if args.guided:
        return _guided(args)
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
    from safe_session.tui.terminal import own_terminal

    plan = _plan(args, phase)
    # PortAudio's start-up points descriptor 2 elsewhere for a while: the UI's own terminal is
    # set up before anything can start it. The listening then starts at once and runs while the
    # rest of the UI loads and its first screen is drawn.
    with own_terminal():
        from safe_session.engine import HeadStart

        head_start = HeadStart.listening(plan.to_run(), plan.inputs) if phase == "before" else None
        from safe_session.tui.app import SafeSessionApp
        from safe_session.tui.config import UIConfig
        from safe_session.tui.theme import high_contrast_from_env

        config = UIConfig(
            plan,
            high_contrast=args.high_contrast or high_contrast_from_env(),
            head_start=head_start,
        )
        app = SafeSessionApp(config, phase)
        code = app.run()
    if isinstance(code, int):
        return code
    # No code: the app ended by itself. Textual sets `return_code` when it could not start (a
    # stylesheet it refuses, say): that is a failure, never "ready".
    return EXIT_USAGE if app.return_code else 0


def _guided(args: argparse.Namespace) -> int:
    """`after --guided`: the findings, then each tidy-up step asked on the terminal."""
    from safe_session.guided import run_guided

    return run_guided(_plan(args, "after"), sys.stdin, sys.stdout)


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
            after_command=_after_command(args),
        )
    return RunOptions(
        phase=phase,
        only=parse_ids(args.only),
        skip=parse_ids(args.skip),
        profile=profile,
        since=_window_start(args),
        domains=_domains(profile.data.platform.domains, parse_ids(args.domain)),
        after_command=_after_command(args),
    )


def _after_command(args: argparse.Namespace) -> str:
    """What to run after the session, as this one was started (the profile as typed). A JSON
    report does not say it: scripts read no such line."""
    if args.json:
        return ""
    from safe_session.platforms import current_os
    from safe_session.rerun import after_command

    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else "safe-session"
    return after_command(argv0, current_os(), args.profile, args.high_contrast)


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

    plan = _plan(args, phase)
    result = run_plan(plan)
    if phase == "before" and args.start_session:  # a plain check records nothing
        from safe_session.state import record_session_start  # and loads no state folder

        record_session_start(datetime.now(UTC))
    if args.json:
        text = report.to_json(result)
    else:
        text = report.to_plain(result, portal=plan.portal, after_command=plan.after_command)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()
    if phase == "after":
        return 0
    return EXIT_CODES[result.verdict]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
