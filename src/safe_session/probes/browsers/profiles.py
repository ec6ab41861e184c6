"""Where browsers keep their profiles, and whether a browser is holding one right now.

Chromium-family browsers (Chrome, Chromium, Edge, Brave, Vivaldi, Opera) keep one "user data"
folder with a profile in each subfolder (`Default`, `Profile 1`, ...; Opera keeps a single
profile in the folder itself). Firefox lists its profiles in `profiles.ini`.

A running browser marks its profile: Chromium with a `SingletonLock` symlink ("host-pid") on
Linux and macOS or an open `lockfile` on Windows; Firefox with a `lock` symlink ("ip:+pid") and an
fcntl lock on `.parentlock` (Linux, macOS) or an open `parent.lock` (Windows). A lock left behind
by a browser that crashed names a process that is gone, so a lock alone is not proof: the
process it names must be running too. The running processes are checked as well.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import struct
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

import msgspec
import psutil

from safe_session.model import OSName
from safe_session.probes.sources import Missing
from safe_session.regular_files import read_regular_text

Family = Literal["chromium", "firefox"]

# Per browser: its family and its data folders, relative to a base folder per system.
# Bases: "config" = $XDG_CONFIG_HOME or ~/.config; "home" = ~; "appsupport" =
# ~/Library/Application Support; "local" = %LOCALAPPDATA%; "roaming" = %APPDATA%.
_ROOTS: dict[str, tuple[Family, dict[OSName, tuple[tuple[str, str], ...]]]] = {
    "Chrome": (
        "chromium",
        {
            "linux": (
                ("config", "google-chrome"),
                ("config", "google-chrome-beta"),
                ("config", "google-chrome-unstable"),
                ("home", ".var/app/com.google.Chrome/config/google-chrome"),
            ),
            "macos": (("appsupport", "Google/Chrome"), ("appsupport", "Google/Chrome Beta")),
            "windows": (("local", "Google/Chrome/User Data"),),
        },
    ),
    "Chromium": (
        "chromium",
        {
            "linux": (
                ("config", "chromium"),
                ("home", "snap/chromium/common/chromium"),
                ("home", ".var/app/org.chromium.Chromium/config/chromium"),
            ),
            "macos": (("appsupport", "Chromium"),),
            "windows": (("local", "Chromium/User Data"),),
        },
    ),
    "Edge": (
        "chromium",
        {
            "linux": (
                ("config", "microsoft-edge"),
                ("config", "microsoft-edge-beta"),
                ("config", "microsoft-edge-dev"),
                ("home", ".var/app/com.microsoft.Edge/config/microsoft-edge"),
            ),
            "macos": (("appsupport", "Microsoft Edge"),),
            "windows": (("local", "Microsoft/Edge/User Data"),),
        },
    ),
    "Brave": (
        "chromium",
        {
            "linux": (
                ("config", "BraveSoftware/Brave-Browser"),
                ("home", ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser"),
                ("home", "snap/brave/current/.config/BraveSoftware/Brave-Browser"),
            ),
            "macos": (("appsupport", "BraveSoftware/Brave-Browser"),),
            "windows": (("local", "BraveSoftware/Brave-Browser/User Data"),),
        },
    ),
    "Vivaldi": (
        "chromium",
        {
            "linux": (
                ("config", "vivaldi"),
                ("config", "vivaldi-snapshot"),
                ("home", ".var/app/com.vivaldi.Vivaldi/config/vivaldi"),
            ),
            "macos": (("appsupport", "Vivaldi"),),
            "windows": (("local", "Vivaldi/User Data"),),
        },
    ),
    "Opera": (
        "chromium",
        {
            "linux": (("config", "opera"), ("config", "opera-beta")),
            "macos": (
                ("appsupport", "com.operasoftware.Opera"),
                ("appsupport", "com.operasoftware.OperaGX"),
            ),
            "windows": (
                ("roaming", "Opera Software/Opera Stable"),
                ("roaming", "Opera Software/Opera GX Stable"),
            ),
        },
    ),
    "Firefox": (
        "firefox",
        {
            "linux": (
                ("home", ".mozilla/firefox"),
                ("config", "mozilla/firefox"),
                ("home", "snap/firefox/common/.mozilla/firefox"),
                ("home", ".var/app/org.mozilla.firefox/.mozilla/firefox"),
            ),
            "macos": (("appsupport", "Firefox"),),
            "windows": (("roaming", "Mozilla/Firefox"),),
        },
    ),
}

# Process names (lower-case, without ".exe") that belong to each browser.
PROCESS_NAMES: dict[str, frozenset[str]] = {
    "Chrome": frozenset({"chrome", "google-chrome", "google-chrome-stable", "google chrome"}),
    "Chromium": frozenset({"chromium", "chromium-browser", "chrome"}),
    "Edge": frozenset({"msedge", "microsoft-edge", "microsoft-edge-stable", "microsoft edge"}),
    "Brave": frozenset({"brave", "brave-browser", "brave browser"}),
    "Vivaldi": frozenset({"vivaldi", "vivaldi-bin", "vivaldi-stable"}),
    "Opera": frozenset({"opera", "opera_gx"}),
    "Firefox": frozenset({"firefox", "firefox-esr", "firefox-bin"}),
}

DATABASE: dict[Family, str] = {"chromium": "History", "firefox": "places.sqlite"}


class BrowserProfile(msgspec.Struct, frozen=True):
    browser: str  # "Chrome", "Firefox", ...
    family: Family
    name: str  # the name the browser shows for it, else its folder name
    path: Path  # the profile folder
    root: Path  # Chromium's user-data folder; the folder holding Firefox's profiles.ini

    @property
    def database(self) -> Path:
        return self.path / DATABASE[self.family]


class BrowserProcess(msgspec.Struct, frozen=True):
    pid: int
    name: str
    cmdline: tuple[str, ...]


def family_of(browser: str) -> Family | None:
    entry = _ROOTS.get(browser)
    return entry[0] if entry else None


def _bases(os_name: OSName, home: Path, env: Mapping[str, str]) -> dict[str, Path]:
    config = env.get("XDG_CONFIG_HOME") or ""
    return {
        "home": home,
        "config": Path(config) if os.path.isabs(config) else home / ".config",
        "appsupport": home / "Library" / "Application Support",
        "local": Path(env["LOCALAPPDATA"])
        if env.get("LOCALAPPDATA")
        else home / "AppData" / "Local",
        "roaming": Path(env["APPDATA"]) if env.get("APPDATA") else home / "AppData" / "Roaming",
    }


def browser_roots(
    os_name: OSName, home: Path, env: Mapping[str, str]
) -> list[tuple[str, Family, Path]]:
    """Every place this system's browsers may keep their data, existing or not."""
    bases = _bases(os_name, home, env)
    out: list[tuple[str, Family, Path]] = []
    for browser, (family, per_os) in _ROOTS.items():
        for base, rel in per_os.get(os_name, ()):
            out.append((browser, family, bases[base].joinpath(*rel.split("/"))))
    return out


def parse_profiles_ini(text: str) -> list[tuple[str, str, bool]]:
    """`profiles.ini` -> [(name, path, is_relative)], for [Profile*] sections with a Path.

    Never raises: a damaged file yields what could be read.
    """
    import configparser  # only where Firefox is installed: about 1.5 ms of start-up otherwise

    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    out: list[tuple[str, str, bool]] = []
    for section in parser.sections():
        if not section.lower().startswith("profile"):
            continue
        path = parser.get(section, "Path", fallback="").strip()
        if not path:
            continue
        name = parser.get(section, "Name", fallback="").strip() or path
        relative = parser.get(section, "IsRelative", fallback="1").strip() != "0"
        out.append((name, path, relative))
    return out


def parse_local_state(text: str) -> dict[str, str]:
    """Chromium's `Local State` -> {profile folder: the name shown for it}. Never raises."""
    try:
        data = json.loads(text)
        cache = data["profile"]["info_cache"]
    except (ValueError, KeyError, TypeError):
        return {}
    if not isinstance(cache, dict):
        return {}
    out: dict[str, str] = {}
    for folder, info in cache.items():
        if isinstance(info, dict) and isinstance(info.get("name"), str) and info["name"].strip():
            out[str(folder)] = info["name"].strip()
    return out


def _read_text(path: Path, limit: int = 4 * 1024 * 1024) -> str | None:
    try:
        return read_regular_text(path, limit, follow_symlinks=False)
    except OSError:
        return None


def _present(path: Path) -> bool:
    """Something is there under that name: a profile whose database is a pipe or a link is
    still a profile, and reading it then says why it could not be read."""
    return os.path.lexists(path) and not path.is_dir()


def _chromium_profiles(
    browser: str, root: Path, unread: list[Missing] | None = None
) -> list[BrowserProfile]:
    names = parse_local_state(_read_text(root / "Local State") or "")
    found: list[BrowserProfile] = []
    if _present(root / "History"):  # Opera: the folder is the profile
        found.append(BrowserProfile(browser, "chromium", names.get(".", "Default"), root, root))
    try:
        children = sorted(root.iterdir())
    except OSError as exc:
        _unread(unread, browser, root, exc)
        return found
    for child in children:
        if child.is_symlink() or not child.is_dir() or not _present(child / "History"):
            continue
        name = names.get(child.name, child.name)
        found.append(BrowserProfile(browser, "chromium", name, child, root))
    return found


def _firefox_profiles(
    browser: str, root: Path, unread: list[Missing] | None = None
) -> list[BrowserProfile]:
    found: list[BrowserProfile] = []
    seen: set[Path] = set()
    for name, rel, relative in parse_profiles_ini(_read_text(root / "profiles.ini") or ""):
        path = root.joinpath(*rel.replace("\\", "/").split("/")) if relative else Path(rel)
        key = _resolved(path)
        if key in seen or not _present(path / "places.sqlite"):
            continue
        seen.add(key)
        found.append(BrowserProfile(browser, "firefox", name, path, root))
    for sub in ("", "Profiles"):  # profiles not listed in profiles.ini
        folder = root / sub if sub else root
        try:
            children = sorted(folder.iterdir())
        except FileNotFoundError:
            continue
        except OSError as exc:
            _unread(unread, browser, folder, exc)
            continue
        for child in children:
            if child.is_symlink() or not _present(child / "places.sqlite"):
                continue
            if _resolved(child) in seen:
                continue
            seen.add(_resolved(child))
            found.append(BrowserProfile(browser, "firefox", child.name, child, root))
    return found


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _unread(unread: list[Missing] | None, browser: str, folder: Path, exc: OSError) -> None:
    if unread is not None:
        why = "not allowed" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        unread.append(
            Missing(f"{browser}'s profiles in {folder}", f"the folder could not be opened: {why}")
        )


def find_profiles(
    os_name: OSName,
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    unread: list[Missing] | None = None,
) -> list[BrowserProfile]:
    """Every browser profile with a history database on this computer. A browser's folder that
    is there but could not be opened goes to `unread`: its profiles are not known."""
    home = home if home is not None else Path.home()
    env = os.environ if env is None else env
    found: list[BrowserProfile] = []
    seen: set[Path] = set()
    for browser, family, root in browser_roots(os_name, home, env):
        if not root.is_dir():
            continue
        profiles = (
            _chromium_profiles(browser, root, unread)
            if family == "chromium"
            else _firefox_profiles(browser, root, unread)
        )
        for profile in profiles:
            key = _resolved(profile.path)
            if key not in seen:
                seen.add(key)
                found.append(profile)
    return found


# --- Is the browser holding this profile? ---------------------------------------------------


def browser_processes() -> list[BrowserProcess]:
    """Running processes that look like one of the browsers (any user's: we only look)."""
    wanted = frozenset().union(*PROCESS_NAMES.values())
    out: list[BrowserProcess] = []
    for proc in psutil.process_iter(["name", "cmdline", "exe", "status"]):
        info = proc.info
        if info.get("status") == psutil.STATUS_ZOMBIE:
            continue  # it has ended; only its exit status is left
        names = {_base_name(info.get("name") or "")}
        exe = info.get("exe") or ""
        if exe:
            names.add(_base_name(exe))
        cmdline = tuple(info.get("cmdline") or ())
        if cmdline:
            names.add(_base_name(cmdline[0]))
        if names & wanted:
            out.append(BrowserProcess(proc.pid, sorted(names & wanted)[0], cmdline))
    return out


def _base_name(value: str) -> str:
    base = value.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return base.removesuffix(".exe")


def _option(cmdline: Iterable[str], *names: str) -> str | None:
    """The value of `--name=value` or `--name value` (also `-name value`) in a command line."""
    args = list(cmdline)
    for i, arg in enumerate(args):
        for name in names:
            if arg.startswith(name + "="):
                return arg[len(name) + 1 :]
            if arg == name and i + 1 < len(args):
                return args[i + 1]
    return None


def process_holds(profile: BrowserProfile, proc: BrowserProcess) -> bool:
    """Whether this browser process may be using the profile. When its command line does not
    say which profile it uses, assume it could be this one. A process whose command line
    cannot be read at all (it is exiting, or belongs to someone else) is left to the lock
    files, which are the browser's own answer."""
    if not proc.cmdline:
        return False
    names = {proc.name, *(_base_name(c) for c in proc.cmdline[:1])}
    if not names & PROCESS_NAMES.get(profile.browser, frozenset()):
        return False
    if profile.family == "chromium":
        chosen = _option(proc.cmdline, "--user-data-dir")
        return chosen is None or _same(Path(chosen), profile.root)
    if "-contentproc" in proc.cmdline:
        return False  # a Firefox helper; its parent is listed too
    chosen = _option(proc.cmdline, "--profile", "-profile")
    if chosen is not None:
        return _same(Path(chosen), profile.path)
    named = _option(proc.cmdline, "-P", "--P")
    return named is None or named == profile.name


def _same(a: Path, b: Path) -> bool:
    return _resolved(a) == _resolved(b)


def _pid_is_browser(pid: int, browser: str) -> bool:
    """A lock names this pid: is it (still) this browser? When we cannot tell, say yes."""
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        names = {_base_name(proc.name())}
        with contextlib.suppress(psutil.Error, OSError):
            names.add(_base_name(proc.exe()))
    except psutil.NoSuchProcess:
        return False
    except (psutil.Error, OSError):
        return True
    return bool(names & PROCESS_NAMES.get(browser, frozenset()))


def parse_singleton_lock(target: str) -> tuple[str, int] | None:
    """Chromium's `SingletonLock` target "hostname-pid" -> (hostname, pid)."""
    host, sep, pid = target.rpartition("-")
    return (host, int(pid)) if sep and pid.isdigit() else None


def parse_firefox_lock(target: str) -> int | None:
    """Firefox's `lock` symlink target "ip:+pid" -> pid."""
    _, sep, pid = target.rpartition("+")
    return int(pid) if sep and pid.isdigit() else None


def _symlink_target(path: Path) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None


def _windows_file_held(path: Path) -> bool:
    """On Windows the browser keeps its lock file open without sharing: opening it fails."""
    if not path.exists():
        return False
    try:
        fd = os.open(path, os.O_RDWR)
    except PermissionError:
        return True
    except OSError:
        return False
    os.close(fd)
    return False


def _fcntl_lock_holder(path: Path) -> int | None:
    """The pid holding an fcntl lock on `path`, found without taking the lock (F_GETLK)."""
    if sys.platform == "win32" or not path.exists():
        return None
    import fcntl

    if sys.platform == "darwin":
        fmt, fields = "qqihh", ("start", "len", "pid", "type", "whence")
    else:
        fmt, fields = "hhqqi", ("type", "whence", "start", "len", "pid")
    values = {"type": fcntl.F_WRLCK, "whence": 0, "start": 0, "len": 0, "pid": 0}
    request = struct.pack(fmt, *(values[f] for f in fields))
    try:  # never waits: the lock file may be a pipe
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return None
    try:
        answer = dict(
            zip(fields, struct.unpack(fmt, fcntl.fcntl(fd, fcntl.F_GETLK, request)), strict=True)
        )
    except OSError:
        return None
    finally:
        os.close(fd)
    return int(answer["pid"]) if answer["type"] != fcntl.F_UNLCK else None


def lock_holder(profile: BrowserProfile) -> str | None:
    """Why the profile's lock shows the browser running, or None when no live lock is found."""
    if profile.family == "chromium":
        if _windows_file_held(profile.root / "lockfile"):
            return f"{profile.browser} has its profile open"
        target = _symlink_target(profile.root / "SingletonLock")
        if target is None:
            return None
        parsed = parse_singleton_lock(target)
        if parsed is None:
            return f"{profile.browser}'s lock is in place"
        host, pid = parsed
        if host != socket.gethostname():
            return f"{profile.browser}'s lock belongs to another computer ({host})"
        if _pid_is_browser(pid, profile.browser):
            return f"{profile.browser} is running (process {pid})"
        return None
    if _windows_file_held(profile.path / "parent.lock"):
        return f"{profile.browser} has this profile open"
    holder = _fcntl_lock_holder(profile.path / ".parentlock")
    if holder is not None:
        return f"{profile.browser} is running (process {holder})"
    target = _symlink_target(profile.path / "lock")
    if target is not None:
        lock_pid = parse_firefox_lock(target)
        if lock_pid is None or _pid_is_browser(lock_pid, profile.browser):
            return f"{profile.browser} is running" + (f" (process {lock_pid})" if lock_pid else "")
    return None


def in_use(
    profile: BrowserProfile, processes: Iterable[BrowserProcess] | None = None
) -> str | None:
    """Why the browser may be holding this profile now, or None when it is closed."""
    held = lock_holder(profile)
    if held:
        return held
    for proc in browser_processes() if processes is None else processes:
        if process_holds(profile, proc):
            return f"{profile.browser} is running (process {proc.pid})"
    return None
