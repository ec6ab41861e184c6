"""Running a system tool (never through a shell) with a timeout, for probes and actions alike,
and turning every way it can go wrong into a reason."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping

import msgspec

from safe_session.probes.base import Unavailable

DEFAULT_TIMEOUT = 4.0


class Completed(msgspec.Struct, frozen=True):
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def run(
    argv: list[str],
    timeout: float = DEFAULT_TIMEOUT,
    env: Mapping[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
    encoding: str = "utf-8",
    capture: bool = True,
) -> Completed:
    """Run `argv` (never through a shell) and return its output.

    `capture=False` discards the output instead: for a tool that leaves a helper running in
    the background holding its output open (xclip), waiting for the output would never end.

    Raises Unavailable when the tool is missing, hangs past `timeout`, is not permitted, or
    exits with a code outside `ok_codes`. Output bytes that are not valid text are replaced.
    """
    tool = argv[0]
    exe = shutil.which(tool, path=(env or os.environ).get("PATH"))
    if exe is None:
        raise Unavailable(f"the tool `{tool}` is not installed on this computer", "missing_tool")
    full_env = dict(os.environ if env is None else env)
    try:
        proc = subprocess.run(
            [exe, *argv[1:]],
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=subprocess.PIPE if capture else subprocess.DEVNULL,
            timeout=timeout,
            env=full_env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Unavailable(
            f"`{tool}` did not answer within {timeout:g} seconds", "timeout"
        ) from None
    except PermissionError:
        raise Unavailable(f"not allowed to run `{tool}`", "permission") from None
    except OSError as exc:
        raise Unavailable(f"`{tool}` could not be started ({exc.strerror or exc})") from None
    out = (proc.stdout or b"").decode(encoding, errors="replace")
    err = (proc.stderr or b"").decode(encoding, errors="replace")
    if proc.returncode not in ok_codes:
        first = (err.strip() or out.strip()).splitlines()[:1]
        said = f": {first[0][:200]}" if first else ""
        raise Unavailable(f"`{tool}` failed (exit code {proc.returncode}){said}", "tool_failed")
    return Completed(tuple(argv), proc.returncode, out, err)
