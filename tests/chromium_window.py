"""A real Chromium with a normal window on a private X server (Xvfb), for the tab-count tests.

Headless Chromium writes no session file; a windowed one does, about 2.5 s after each change.
The browser listens for DevTools on a loopback port it picks itself (written to
`DevToolsActivePort` in its user-data folder), so a test can open and close tabs through the
plain HTTP endpoints, without a network or a WebSocket client.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.browsers import stop, wait_for

FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--password-store=basic",
    "--disable-popup-blocking",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)


def page(name: str) -> str:
    return f"data:text/html,<title>{name}</title>{name}"


def tools() -> tuple[str | None, str | None]:
    return shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("Xvfb")


@contextmanager
def x_display(xvfb: str) -> Iterator[str]:
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-nolisten", "tcp", "-screen", "0", "800x600x24"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()
    try:
        if not number.isdigit():
            raise AssertionError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class Browser:
    """One running Chromium: its process, user-data folder and DevTools port."""

    def __init__(self, exe: str, display: str, home: Path, user_data: Path | None) -> None:
        self.exe, self.home = exe, home
        self.user_data = user_data or home / ".config" / "chromium"
        self.env: Mapping[str, str] = {
            **{k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)},
            "HOME": str(home),
            "DISPLAY": display,
        }
        self.env = {k: v for k, v in self.env.items() if k != "XDG_CONFIG_HOME"}
        self.extra = [f"--user-data-dir={user_data}"] if user_data else []
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, urls: list[str]) -> None:
        self.proc = subprocess.Popen(
            [self.exe, *FLAGS, *self.extra, *urls],
            env=dict(self.env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(self._port, 60, "Chromium's DevTools port")

    def _port(self) -> int | None:
        try:
            first = (self.user_data / "DevToolsActivePort").read_text().split()[0]
        except (OSError, IndexError):
            return None
        return int(first) if first.isdigit() else None

    def _call(self, path: str, method: str = "GET") -> Any:
        url = f"http://127.0.0.1:{self._port()}{path}"
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as r:
            body = r.read()
        try:
            return json.loads(body)
        except ValueError:
            return body.decode()

    def pages(self) -> list[dict[str, Any]]:
        return [t for t in self._call("/json/list") if t.get("type") == "page"]

    def new_tab(self, url: str) -> None:
        self._call(f"/json/new?{url}", method="PUT")

    def close(self, target_id: str) -> None:
        self._call(f"/json/close/{target_id}")

    def new_window(self, urls: list[str]) -> None:
        """A second launch hands its URLs to the running browser, which opens a window."""
        subprocess.run(
            [self.exe, *FLAGS[:-2], *self.extra, "--new-window", *urls],
            env=dict(self.env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )

    def session_files(self) -> list[Path]:
        return sorted((self.user_data / "Default" / "Sessions").glob("Session_*"))

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)


@contextmanager
def chromium(
    exe: str, display: str, home: Path, urls: list[str], user_data: Path | None = None
) -> Iterator[Browser]:
    browser = Browser(exe, display, home, user_data)
    browser.start(urls)
    try:
        yield browser
    finally:
        browser.stop()
