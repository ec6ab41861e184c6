"""Real browsers for the history tests: a tiny site on 127.0.0.1 and headless Chromium/Firefox.

The site serves a chain of pages that hops between two hosts, 127.0.0.1 (the "portal") and
localhost (another site): /a on 127.0.0.1 moves on to /b on localhost, which moves on to /c on
127.0.0.1. One browser launch thus makes real history for both sites.

For the session-file tests, /e closes itself a moment after it opens (the browser then lists it
as recently closed) and /f opens /e on both hosts in new tabs and once on 127.0.0.1 in a window
of its own (the browser must allow pop-ups for that).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><p>{title}</p>{script}</body></html>"""
NEXT = "<script>setTimeout(function(){{location.href='{url}'}}, 200)</script>"
CLOSE_SOON = "<script>setTimeout(function(){window.close()}, 1500)</script>"
OPEN_CLOSING = (
    "<script>var p = location.port;"
    "window.open('http://127.0.0.1:' + p + '/e');"
    "window.open('http://localhost:' + p + '/e');"
    "window.open('http://127.0.0.1:' + p + '/e', 'w', 'width=300,height=300');</script>"
)


class Site:
    def __init__(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = site.page(self.path).encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, host: str, page: str) -> str:
        return f"http://{host}:{self.port}/{page}"

    def page(self, path: str) -> str:
        chain = {
            "/a": ("Portal A", self.url("localhost", "b")),
            "/b": ("Other site B", self.url("127.0.0.1", "c")),
            "/c": ("Portal C", None),
            "/d": ("Other site D", None),
        }
        if path == "/e":
            return PAGE.format(title="Closing E", script=CLOSE_SOON)
        if path == "/f":
            return PAGE.format(title="Opener F", script=OPEN_CLOSING)
        if path not in chain:
            return ""
        title, nxt = chain[path]
        return PAGE.format(title=title, script=NEXT.format(url=nxt) if nxt else "")

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str | None:
    return shutil.which("chromium")


def firefox() -> str | None:
    return shutil.which("firefox-esr")


# Firefox with no page or request of its own: no first-run or what's-new page from the web, no
# telemetry, studies, update or add-on checks, nothing probed in the background.
QUIET_FIREFOX_PREFS: dict[str, object] = {
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.firstRunURL": "",
    "browser.aboutwelcome.enabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "app.normandy.enabled": False,
    "app.update.auto": False,
    "extensions.update.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
}


def write_firefox_prefs(profile: Path, extra: dict[str, object] | None = None) -> None:
    """A profile's user.js: the quiet settings above, then the test's own."""
    prefs = {**QUIET_FIREFOX_PREFS, **(extra or {})}
    text = "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items())
    (profile / "user.js").write_text(text)


@contextmanager
def running(argv: list[str], home: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A browser in its own process group, with its own HOME; ended (with its helpers) after."""
    env = {**os.environ, "HOME": str(home), "MOZ_CRASHREPORTER_DISABLE": "1"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """Ask the browser to quit (SIGTERM to its group) and wait until the whole group is gone."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    wait_for(lambda: not group_alive(proc.pid), timeout, "the browser's helpers to end")


def group_alive(pgid: int) -> bool:
    """Any live (not zombie) process left in the group?"""
    for proc in psutil.process_iter(["status"]):
        try:
            if os.getpgid(proc.pid) == pgid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                return True
        except (ProcessLookupError, PermissionError):
            continue
    return False


def wait_for(test: Callable[[], object], timeout: float, what: str, every: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if test():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
