"""The screen's state without widgets: late results from an overtaken run are ignored, and the
verdict with what is left reads right at each step."""

from __future__ import annotations

from safe_session.model import Result, Status, Verdict
from safe_session.plan import RunOptions, make_plan
from safe_session.profile import BUILTIN
from safe_session.tui.board import Board
from safe_session.tui.widgets.verdict import verdict_words
from tests.tui.fakes import CATALOG


def board_for(phase: str = "before", **kw: object) -> Board:
    options = RunOptions(phase=phase, profile=BUILTIN, os_name="linux", **kw)  # type: ignore[arg-type]
    return Board(make_plan(options, CATALOG))


def before_board() -> Board:
    return board_for("before")


def result(check_id: str, status: Status, summary: str = "s") -> Result:
    return Result(check_id, check_id, status, summary)


def test_a_late_result_from_an_overtaken_run_is_ignored() -> None:
    board = before_board()
    first = board.begin(["network.wifi", "apps.remote_access"])
    again = board.begin(["network.wifi"])  # "check again" while the first run is still going
    assert not board.accept(result("network.wifi", Status.WARN, "old"), first)
    assert board["network.wifi"].result is None
    assert board.accept(result("network.wifi", Status.PASS, "new"), again)
    assert board.accept(result("apps.remote_access", Status.PASS), first)
    assert not board.accept(result("network.wifi", Status.FAIL, "older still"), first)
    assert board["network.wifi"].result.summary == "new"
    assert not board.accept(result("not.a_check", Status.PASS), again)


RUNNING_AREAS = "your network, the apps that are open, who else is logged in"
ROOM = "your headphones and the room's sound"


def test_headline_and_what_is_left_follow_the_results() -> None:
    board = before_board()
    auto = ["network.wifi", "apps.remote_access", "system.other_sessions", "audio.ambient_noise"]
    gen = board.begin(auto)
    for check_id in ("room.private", "room.door_closed"):
        board.accept(result(check_id, Status.MANUAL), board.begin([check_id]))
    assert board.headline() == "Checking…" and board.waiting_for() == "checks"
    assert board.left() == (
        f"Still checking: {RUNNING_AREAS}, {ROOM}. Left: 2 questions to answer."
    )

    board.accept(result("network.wifi", Status.WARN), gen)
    # a caution is no verdict while other rows are still checking
    assert board.headline() == "Checking…"
    assert board.left() == (
        "Still checking: the apps that are open, who else is logged in, "
        f"{ROOM}. Left: 1 caution to look at, 2 questions to answer."
    )
    board.accept(result("apps.remote_access", Status.FAIL), gen)
    # a problem is certain at once; what is still running is said beside it
    assert board.headline() == "Not ready yet" and board.waiting_for() is None
    assert board.left().startswith(
        f"Still checking: who else is logged in, {ROOM}. Left: 1 problem"
    )
    board.accept(result("system.other_sessions", Status.UNKNOWN), gen)
    board.accept(result("audio.ambient_noise", Status.PASS), gen)
    assert board.verdict is Verdict.NOT_READY and board.headline() == "Not ready yet"
    assert board.left() == (
        "Left: 1 problem to fix, 1 caution to look at, 1 check that could not finish, "
        "2 questions to answer."
    )

    fixed = board.begin(["network.wifi", "apps.remote_access", "system.other_sessions"])
    for check_id in ("apps.remote_access", "system.other_sessions"):
        board.accept(result(check_id, Status.PASS), fixed)
    assert board.headline() == "Checking…"
    assert board.left() == "Still checking: your network. Left: 2 questions to answer."
    board.accept(result("network.wifi", Status.WARN), fixed)
    # every check has finished, but a "Ready" waits for the person's own answers
    assert board.headline() == "Answer the 2 questions below"
    assert board.waiting_for() == "answers"
    assert board.left() == "Left: 1 caution to look at, 2 questions to answer."
    board.accept(result("room.private", Status.PASS), board.begin(["room.private"]))
    assert board.headline() == "Answer the question below"
    board.accept(result("room.door_closed", Status.PASS), board.begin(["room.door_closed"]))
    assert board.headline() == "Ready with cautions" and board.waiting_for() is None
    board.accept(result("network.wifi", Status.PASS), board.begin(["network.wifi"]))
    assert board.headline() == "Ready" and board.left() == "Nothing left to do."


def test_the_verdict_bar_shows_no_verdict_symbol_while_waiting() -> None:
    board = before_board()
    gen = board.begin(["network.wifi", "apps.remote_access"])
    for check_id in ("room.private", "room.door_closed"):
        board.accept(result(check_id, Status.MANUAL), board.begin([check_id]))
    words, css = verdict_words(board)
    assert words.plain.startswith("… Checking…\nStill checking: your network") and css == (
        "verdict-running"
    )
    board.accept(result("network.wifi", Status.WARN), gen)
    assert verdict_words(board)[0].plain.startswith("… Checking…")
    board.accept(result("apps.remote_access", Status.PASS), gen)
    for check_id in ("system.other_sessions", "audio.ambient_noise"):
        board.accept(result(check_id, Status.PASS), board.begin([check_id]))
    words, css = verdict_words(board)
    assert words.plain.splitlines() == [
        "○ Answer the 2 questions below",
        "Left: 1 caution to look at, 2 questions to answer.",
    ]
    assert css == "verdict-running"
    for check_id in ("room.private", "room.door_closed"):
        board.accept(result(check_id, Status.PASS), board.begin([check_id]))
    words, css = verdict_words(board)
    assert words.plain.startswith("! Ready with cautions") and css == "verdict-cautions"


def test_after_board_speaks_of_tidying_up() -> None:
    board = board_for("after")
    gen = board.begin(["after.downloads", "after.browser_history", "after.clipboard"])
    assert board.headline() == "Looking…"
    assert board.left() == "Still looking at: what the session left behind."
    board.accept(result("after.downloads", Status.WARN), gen)
    board.accept(result("after.browser_history", Status.UNKNOWN), gen)
    board.accept(result("after.clipboard", Status.PASS), gen)
    board.accept(result("after.portal_logout", Status.MANUAL), board.begin(["after.portal_logout"]))
    assert board.headline() == "A few things to tidy up"
    assert board.left() == (
        "Left: 1 thing to tidy up, 1 thing that could not be looked at, 1 step to confirm."
    )


def test_skipped_results_are_shown_from_the_start() -> None:
    board = board_for("before", no_audio=True)
    skipped = board["audio.ambient_noise"].result
    assert skipped is not None and skipped.status is Status.SKIPPED
    assert "--no-audio" in skipped.summary
    assert "audio.ambient_noise" not in board.pending()
