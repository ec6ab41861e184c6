"""A profile under the size limit cannot make reading it slow or big: every construct whose
parsing cost grows faster than its size is refused before parsing, with its line and column,
in well under a second and 60 MB. Each shape runs in its own process, with its memory capped so
that a regression fails the test instead of taking the machine's memory."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from safe_session.profile import MAX_PROFILE_BYTES, load_profile
from tests.conftest import FIXTURES, ROOT, venv_bin

ROOM = MAX_PROFILE_BYTES - 200  # each shape fills the file to just under the limit
CAP = 1536 * 1024 * 1024  # address space for a child: enough for Python, far from 4 GB


def fill(unit: str, head: str = "", tail: str = "") -> str:
    return head + unit * ((ROOM - len(head) - len(tail)) // len(unit)) + tail


SHAPES: dict[str, Callable[[], str]] = {
    "one long dotted key": lambda: fill("a.", tail="a = 1\n"),
    "a long dotted key in a table": lambda: fill("a.", "[practice]\n", "a = 1\n"),
    "a long dotted key, quoted parts": lambda: fill('"a".', tail='"a" = 1\n'),
    "a long dotted table header": lambda: fill("a.", "[", "a]\n"),
    "a long dotted array-of-tables header": lambda: fill("a.", "[[", "a]]\n"),
    "a long dotted key in an inline table": lambda: fill("a.", "x = {", "a = 1}\n"),
    "many tiny tables": lambda: "".join(f"[t{i}]\n" for i in range(7000)),
    "many keys": lambda: "".join(f"k{i} = 1\n" for i in range(6000)),
    "many [[confirm]]": lambda: fill("[[confirm]]\n"),
    "a huge array": lambda: fill("1,", "a = [", "1]\n"),
    "a huge array of arrays": lambda: fill("[[[1]]],", "a = [", "1]\n"),
    "deeply nested inline tables": lambda: "x = " + "{a=" * 5000 + "1" + "}" * 5000 + "\n",
    "deeply nested arrays": lambda: "x = " + "[" * 20000 + "]" * 20000 + "\n",
    "a long multi-line string of escapes": lambda: fill("\\n\\t", 'a = """', '"""\n'),
    "a multi-line string of line continuations": lambda: fill("\\\n  ", 'a = """', 'x"""\n'),
    "a long key": lambda: fill("k", tail=" = 1\n"),
    "a number of thousands of digits": lambda: fill("7", "[thresholds]\nbrowsers = ", "\n"),
    "lines that look like headers in a string": lambda: "".join(
        f'k{i} = """\n[{" " * 3900}x\n"""\n' for i in range(15)
    ),
}
# Shapes that are cheap to parse but were costly to report on (every line's key is looked up
# to place each problem): refused after parsing, at their line, as cheaply.
REPORTED_AFTER_PARSING = {"lines that look like headers in a string"}

PROBE = """
import json, resource, sys, time, tracemalloc
from pathlib import Path
from safe_session.data.toml_errors import DataError
from safe_session.profile import load_profile
import safe_session.profile.validate, safe_session.data.toml_reading  # imported before timing
path = Path(sys.argv[1])

def attempt():
    try:
        load_profile(path)
        return "accepted"
    except DataError as exc:
        return str(exc)
    except BaseException as exc:
        return f"crashed: {type(exc).__name__}"

rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
began = time.process_time()
outcome = attempt()
cpu = time.process_time() - began
rss_grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * 1024
tracemalloc.start()
attempt()
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"outcome": outcome, "cpu": cpu, "peak": peak, "rss_grew": rss_grew}))
"""


def cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def measure(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap_memory,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_costly_shape_is_refused_at_once_with_its_line_and_column(
    shape: str, tmp_path: Path
) -> None:
    path = tmp_path / "profile.toml"
    path.write_text(SHAPES[shape](), encoding="utf-8")
    assert path.stat().st_size <= MAX_PROFILE_BYTES
    result = measure(path)
    outcome = str(result["outcome"])
    column = "" if shape in REPORTED_AFTER_PARSING else r":\d+"
    assert re.match(rf"{re.escape(str(path))}:\d+{column}: ", outcome), outcome
    assert "\n" not in outcome
    assert float(str(result["cpu"])) < 1.0, result  # CPU time: load on the machine cannot fail it
    assert int(str(result["peak"])) < 60 * 1024 * 1024, result
    assert int(str(result["rss_grew"])) < 60 * 1024 * 1024, result


def test_validate_refuses_the_long_dotted_key_in_one_line(tmp_path: Path) -> None:
    """The shape first seen: `profile validate` ran 15 s and took 4 GB."""
    path = tmp_path / "dotted.toml"
    path.write_text(fill("a.", tail="a = 1\n"), encoding="utf-8")
    done = subprocess.run(
        [venv_bin("safe-session"), "profile", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=cap_memory,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2 and done.stdout == ""
    first, summary = done.stderr.splitlines()
    assert first == (
        f"{path}:1:1: a.a.a.a.a.a.…: a key or table name of more than 6 parts; "
        "no key in this file has that many"
    )
    assert summary.startswith("safe-session: this profile is not valid (1 problem)")


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "checks" / "profiles").glob("*.toml")),
        *(
            FIXTURES / "profiles" / name
            for name in ("markup.toml", "rtl.toml", "longest.toml", "crlf.toml", "bom.toml")
        ),
    ],
    ids=lambda p: p.name,
)
def test_valid_profiles_are_still_accepted(path: Path) -> None:
    assert load_profile(path).source == "file"
