"""Make the shared-computer fixtures with the real browsers (see tests/fixtures/SOURCES.md).

Run from the project folder: `python -m tests.make_shared_computer_fixtures [firefox|chromium]`.
Everything happens offline in throw-away folders; pages and control channels stay on this
machine (Chromium is driven over `--remote-debugging-pipe`, Firefox over Marionette on a
loopback port it picks itself).

Chromium: a fresh profile with an unpacked test extension (`--load-extension`) and a packed one
installed the way other programs install extensions (an `External Extensions/<id>.json` file in
the user-data folder naming a `.crx`); six logins are saved through the password manager's own
page (`chrome://password-manager`, its `chrome.passwordsPrivate.addPassword`). The browser's
`Local State`, `Default/Preferences`, `Default/Secure Preferences`, `Default/Login Data` and the
packed extension's unpacked files are copied unchanged. Signing in to a Google account cannot
happen offline, so four signed-in states are written by hand into copies of `Local State` and
`Preferences` (HAND below); each copy is then opened once more by the real Chromium, which
rewrites both files, and what it wrote back is kept (trimmed to the sign-in and sync keys).

Firefox: a fresh ESR profile; the same two extensions installed as unsigned XPIs
(`xpinstall.signatures.required` is false on ESR) and the same six logins saved through the
login manager (`Services.logins.addLoginAsync`). Then the account states are produced by
Firefox's own code: sign-in (`fxAccounts._internal.setSignedInUser` with made-up account data and
a made-up sync key, no server involved), turning Sync on (`Weave.Service.configure()`), switching
history and tabs off (the prefs the "Choose what to sync" dialog sets), turning Sync off while
staying signed in (`Weave.Service.startOver()`, what the "Turn off sync" button runs when the
account stays) and signing out (`fxAccounts.signOut`).
`prefs.js` is saved by Firefox (`Services.prefs.savePrefFile`) after each step and copied.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.browsers import stop, wait_for, write_firefox_prefs

OUT = Path(__file__).resolve().parent / "fixtures" / "shared_computer"

# Made-up account: the fixtures must never carry a real one, and the parsers must never repeat it.
EMAIL = "client.test@example.com"
GAIA_ID = "100000000000000000001"
FXA_UID = "0123456789abcdef0123456789abcdef"

# Saved logins: two on the portal (one on a subdomain), one on the portal with http and a port,
# and three look-alikes that must not count.
LOGINS = [
    ("https://portal.example-therapy.test/login", "test-client"),
    ("https://www.portal.example-therapy.test/", "test-client-2"),
    ("http://portal.example-therapy.test:8080/", "test-client-3"),
    ("https://evilportal.example-therapy.test/", "someone"),
    ("https://portal.example-therapy.test.other-site.test/", "someone-2"),
    ("https://mail.other-site.test/", "someone-3"),
]

READER = {  # MV3: history, tabs and every site
    "manifest_version": 3,
    "name": "Test Page Reader",
    "version": "1.0",
    "description": "A test extension that asks for history, tabs and every site.",
    "permissions": ["history", "tabs", "storage"],
    "host_permissions": ["<all_urls>"],
    "background": {"service_worker": "bg.js"},
    "browser_specific_settings": {"gecko": {"id": "test-page-reader@safe-session.test"}},
}
HELPER = {  # MV3: clipboard and cookies, a content script on every site, a localised name
    "manifest_version": 3,
    "name": "__MSG_extName__",
    "default_locale": "en",
    "version": "2.1",
    "description": "A packed test extension with content scripts on every site and clipboard"
    " access.",
    "permissions": ["clipboardRead", "cookies", "storage"],
    "optional_permissions": ["downloads"],
    "optional_host_permissions": ["https://*/*"],
    "content_scripts": [{"matches": ["*://*/*"], "js": ["cs.js"]}],
    "browser_specific_settings": {"gecko": {"id": "test-clipboard-helper@safe-session.test"}},
}
HELPER_MESSAGES = {"extName": {"message": "Test Clipboard Helper"}}


def write_extension(folder: Path, manifest: dict[str, Any], firefox: bool) -> Path:
    folder.mkdir(parents=True)
    m = json.loads(json.dumps(manifest))
    if firefox and "background" in m:
        m["background"] = {"scripts": ["bg.js"]}  # Firefox runs MV3 background scripts
    (folder / "manifest.json").write_text(json.dumps(m, indent=2))
    (folder / "bg.js").write_text("// nothing\n")
    (folder / "cs.js").write_text("// nothing\n")
    if m.get("default_locale"):
        (folder / "_locales" / "en").mkdir(parents=True)
        (folder / "_locales" / "en" / "messages.json").write_text(json.dumps(HELPER_MESSAGES))
    return folder


def quiet_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("XDG_CONFIG_HOME", None)
    env.update(HOME=str(home), MOZ_CRASHREPORTER_DISABLE="1")
    return env


# ------------------------------------------------------------------------------------ Chromium

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--password-store=basic",
]


class DevToolsPipe:
    """Chromium's DevTools protocol over `--remote-debugging-pipe`: JSON messages ending in a NUL
    byte, the browser reading fd 3 and writing fd 4."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # Above 9, so the shell's `3<&N 4>&M` never clobbers them.
        r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 20)
        w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 20)
        os.close(to_browser_r)
        os.close(from_browser_w)
        wrap = ["bash", "-c", f'exec "$@" 3<&{r} 4>&{w} {r}<&- {w}>&-', "bash", *argv]
        self.proc = subprocess.Popen(
            wrap,
            env=env,
            pass_fds=(r, w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(r)
        os.close(w)
        self.write_fd, self.read_fd = to_browser_w, from_browser_r
        self.buf = b""
        self.next_id = 0

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None):
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.write_fd, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply.get("result", {})
            ready, _, _ = select.select([self.read_fd], [], [], 1)
            if ready:
                chunk = os.read(self.read_fd, 65536)
                if not chunk:
                    raise EOFError(f"Chromium closed the pipe during {method}")
                self.buf += chunk
        raise TimeoutError(method)

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session,
        )
        return result.get("result", {}).get("value")

    def close(self) -> None:
        with contextlib.suppress(OSError, EOFError, TimeoutError, RuntimeError):
            self.call("Browser.close")
        try:
            self.proc.wait(30)
        finally:
            stop(self.proc)  # type: ignore[arg-type]
            os.close(self.write_fd)
            os.close(self.read_fd)


@contextlib.contextmanager
def chromium(user_data: Path, home: Path, extra: list[str]) -> Iterator[DevToolsPipe]:
    argv = ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={user_data}", *extra]
    pipe = DevToolsPipe([*argv, "--remote-debugging-pipe", "about:blank"], quiet_env(home))
    try:
        print("  ", pipe.call("Browser.getVersion")["product"])
        yield pipe
    finally:
        pipe.close()


def pack_extension(folder: Path, home: Path) -> tuple[Path, str]:
    """`chromium --pack-extension`: a .crx and its key; the id is the first 128 bits of the
    SHA-256 of the public key, written with the letters a-p."""
    subprocess.run(
        [
            "chromium",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={home / 'pack'}",
            f"--pack-extension={folder}",
        ],
        env=quiet_env(home),
        check=True,
        timeout=120,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    crx, pem = folder.with_suffix(".crx"), folder.with_suffix(".pem")
    der = subprocess.run(
        ["openssl", "rsa", "-in", str(pem), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    import hashlib

    digest = hashlib.sha256(der).hexdigest()[:32]
    return crx, digest.translate(str.maketrans("0123456789abcdef", "abcdefghijklmnop"))


def add_passwords(b: DevToolsPipe) -> list[str]:
    target = b.call("Target.createTarget", {"url": "chrome://password-manager/passwords"})
    session = b.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
    sid = session["sessionId"]
    wait_for(
        lambda: b.evaluate(sid, "typeof chrome.passwordsPrivate") == "object",
        30,
        "the password manager page",
    )
    for url, user in LOGINS:
        fields = {
            "url": url,
            "username": user,
            "password": "not-a-real-password-" + user,
            "note": "",
            "useAccountStore": False,
        }
        done = b.evaluate(
            sid,
            f"chrome.passwordsPrivate.addPassword({json.dumps(fields)})"
            ".then(() => 'added', e => 'error: ' + e)",
        )
        assert done == "added", (url, done)
    time.sleep(3)
    return b.evaluate(
        sid,
        "chrome.passwordsPrivate.getSavedPasswordList().then(l => l.length)",
    )


# HAND: the sign-in and sync keys a signed-in Chromium keeps. Names from the Chromium source
# (components/signin/public/base/signin_pref_names.cc, components/sync/base/pref_names.cc,
# chrome/browser/profiles/profile_attributes_entry.cc) and checked against the strings in this
# Chromium's binary; the values are made up.
def gaia_id_hash(gaia_id: str) -> str:
    import hashlib

    return base64.b64encode(hashlib.sha256(gaia_id.encode()).digest()).decode()


ACCOUNT_INFO = {
    "account_id": GAIA_ID,
    "gaia": GAIA_ID,
    "email": EMAIL,
    "full_name": "Test Client",
    "given_name": "Test",
    "hd": "NO_HOSTED_DOMAIN",
    "locale": "en",
    "picture_url": "NO_PICTURE_URL",
    "is_supervised_child": 0,
    "accountcapabilities": {},
}

STATES: dict[str, dict[str, Any]] = {
    # Sync turned on the classic way (consent to sync, everything synced).
    "signed_in_syncing": {
        "consented": True,
        "sync": {"has_setup_completed": True, "keep_everything_synced": True},
    },
    # Sync on, but the person unticked history and tabs ("Customise sync").
    "syncing_without_history_tabs": {
        "consented": True,
        "sync": {
            "has_setup_completed": True,
            "keep_everything_synced": False,
            "typed_urls": False,
            "tabs": False,
            "bookmarks": True,
            "passwords": True,
            "preferences": True,
        },
    },
    # Signed in to the browser (the explicit browser sign-in of current versions), no sync.
    "signed_in_not_syncing": {"consented": False, "sync": {}},
    # Signed in without sync consent, but history and tabs turned on for this account (the
    # per-account choice current versions keep for signed-in, non-syncing accounts).
    "signed_in_history_opt_in": {
        "consented": False,
        "sync": {
            "selected_types_per_account": {
                gaia_id_hash(GAIA_ID): {"sync.typed_urls": True, "sync.tabs": True}
            }
        },
    },
}


def hand_sign_in(local_state: dict[str, Any], prefs: dict[str, Any], state: dict[str, Any]) -> None:
    entry = local_state["profile"]["info_cache"]["Default"]
    entry.update(
        gaia_id=GAIA_ID,
        user_name=EMAIL,
        is_consented_primary_account=state["consented"],
        gaia_name="Test Client",
        gaia_given_name="Test",
        hosted_domain="NO_HOSTED_DOMAIN",
    )
    prefs["account_info"] = [dict(ACCOUNT_INFO)]
    services = prefs.setdefault("google", {}).setdefault("services", {})
    services.update(account_id=GAIA_ID, last_signed_in_username=EMAIL)
    if state["consented"]:
        services.update(consented_to_sync=True, last_gaia_id=GAIA_ID, last_username=EMAIL)
    prefs.setdefault("signin", {})["signin_with_explicit_browser_signin_on"] = True
    if state["sync"]:
        prefs["sync"] = json.loads(json.dumps(state["sync"]))


SIGNIN_KEYS = ("account_info", "google", "signin", "sync")


def make_chromium() -> None:
    out = OUT / "chromium"
    if out.exists():
        shutil.rmtree(out)
    (out / "signed_in").mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        reader = write_extension(t / "page_reader", READER, firefox=False)
        helper = write_extension(t / "clipboard_helper", HELPER, firefox=False)
        crx, helper_id = pack_extension(helper, t)
        ud = t / "user-data"
        (ud / "External Extensions").mkdir(parents=True)
        (ud / "External Extensions" / f"{helper_id}.json").write_text(
            json.dumps({"external_crx": str(crx), "external_version": HELPER["version"]})
        )
        print("chromium: fresh profile, extensions, logins")
        with chromium(ud, t, [f"--load-extension={reader}"]) as b:
            print("   saved:", add_passwords(b))
            time.sleep(10)  # the packed extension installs in the background
        default = ud / "Default"
        for name in ("Preferences", "Secure Preferences", "Login Data"):
            shutil.copyfile(default / name, out / name)
        shutil.copyfile(ud / "Local State", out / "Local State")
        installed = default / "Extensions" / helper_id / f"{HELPER['version']}_0"
        dest = out / "Extensions" / helper_id / f"{HELPER['version']}_0"
        dest.mkdir(parents=True)
        shutil.copyfile(installed / "manifest.json", dest / "manifest.json")
        (dest / "_locales" / "en").mkdir(parents=True)
        shutil.copyfile(
            installed / "_locales" / "en" / "messages.json",
            dest / "_locales" / "en" / "messages.json",
        )
        # The unpacked extension's manifest is the generator's own (the prefs keep no copy of
        # it): the parsers' caller reads it from the extension's folder.
        (out / "unpacked_page_reader").mkdir()
        shutil.copyfile(reader / "manifest.json", out / "unpacked_page_reader" / "manifest.json")
        base_state = json.loads((ud / "Local State").read_text())
        base_prefs = json.loads((default / "Preferences").read_text())
        for name, state in STATES.items():
            print("chromium:", name)
            local_state = json.loads(json.dumps(base_state))
            prefs = json.loads(json.dumps(base_prefs))
            hand_sign_in(local_state, prefs, state)
            (ud / "Local State").write_text(json.dumps(local_state))
            (default / "Preferences").write_text(json.dumps(prefs))
            with chromium(ud, t, []):
                time.sleep(8)
            rewritten = json.loads((default / "Preferences").read_text())
            trimmed = {k: rewritten[k] for k in SIGNIN_KEYS if k in rewritten}
            (out / "signed_in" / f"{name}.Preferences").write_text(
                json.dumps(trimmed, indent=1, sort_keys=True) + "\n"
            )
            shutil.copyfile(ud / "Local State", out / "signed_in" / f"{name}.Local State")


# ------------------------------------------------------------------------------------- Firefox


class Marionette:
    """Firefox's Marionette protocol: `length:json` packets on a loopback socket."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=90)
        self.buf = b""
        self.next_id = 0
        self._packet()  # the greeting

    def _packet(self) -> Any:
        while b":" not in self.buf:
            self.buf += self._recv()
        size, rest = self.buf.split(b":", 1)
        while len(rest) < int(size):
            rest += self._recv()
        self.buf = rest[int(size) :]
        return json.loads(rest[: int(size)])

    def _recv(self) -> bytes:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("Firefox closed the Marionette connection")
        return chunk

    def call(self, name: str, params: dict[str, Any] | None = None) -> Any:
        self.next_id += 1
        body = json.dumps([0, self.next_id, name, params or {}]).encode()
        self.sock.sendall(str(len(body)).encode() + b":" + body)
        while True:
            reply = self._packet()
            if reply[0] == 1 and reply[1] == self.next_id:
                if reply[2]:
                    raise RuntimeError(f"{name}: {reply[2].get('message')}")
                body_ = reply[3]
                return body_.get("value", body_) if isinstance(body_, dict) else body_

    def run(self, body: str) -> Any:
        """An async function body in the browser's chrome context; `return` gives the value."""
        script = (
            "const done = arguments[arguments.length - 1];"
            f"(async () => {{ {body} }})().then(done, e => done('error: ' + e + ' ' + e.stack));"
        )
        value = self.call("WebDriver:ExecuteAsyncScript", {"script": script, "args": []})
        if isinstance(value, str) and value.startswith("error: "):
            raise RuntimeError(value)
        return value


def xpi(folder: Path) -> Path:
    target = folder.with_suffix(".xpi")
    with zipfile.ZipFile(target, "w") as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(folder).as_posix())
    return target


ADD_LOGINS = """
  for (const [url, user] of @LOGINS@) {
    const origin = new URL(url).origin;
    const login = Cc["@mozilla.org/login-manager/loginInfo;1"].createInstance(Ci.nsILoginInfo);
    login.init(origin, origin, null, user, "not-a-real-password-" + user, "", "");
    await Services.logins.addLoginAsync(login);
  }
  return (await Services.logins.getAllLogins()).map(l => l.origin);
""".replace("@LOGINS@", json.dumps(LOGINS))

SIGN_IN = """
  const { getFxAccountsSingleton } = ChromeUtils.importESModule("resource://gre/modules/FxAccounts.sys.mjs");
  const fxa = getFxAccountsSingleton();
  const scope = "https://identity.mozilla.com/apps/oldsync";
  const k = ChromeUtils.base64URLEncode(new Uint8Array(64).fill(7), {pad: false});
  const fingerprint = ChromeUtils.base64URLEncode(new Uint8Array(16).fill(9), {pad: false});
  const kid = "1700000000000-" + fingerprint;
  await fxa._internal.setSignedInUser({email: @EMAIL@, uid: @UID@, sessionToken: "0".repeat(64),
    verified: true, scopedKeys: {[scope]: {scope, kid, k, kty: "oct"}}});
  return Object.keys(await fxa.getSignedInUser());
""".replace("@EMAIL@", json.dumps(EMAIL)).replace("@UID@", json.dumps(FXA_UID))

SYNC_ON = """
  const { Weave } = ChromeUtils.importESModule("resource://services-sync/main.sys.mjs");
  await Weave.Service.configure();
  return Services.prefs.getStringPref("services.sync.username", "") !== "";
"""

HISTORY_TABS_OFF = """
  Services.prefs.setBoolPref("services.sync.engine.history", false);
  Services.prefs.setBoolPref("services.sync.engine.tabs", false);
  return true;
"""

SYNC_OFF = """
  const { Weave } = ChromeUtils.importESModule("resource://services-sync/main.sys.mjs");
  Services.prefs.clearUserPref("services.sync.engine.history");
  Services.prefs.clearUserPref("services.sync.engine.tabs");
  await Weave.Service.promiseInitialized;
  await Weave.Service.startOver();
  return Services.prefs.getStringPref("services.sync.username", "") === "";
"""

SIGN_OUT = """
  const { getFxAccountsSingleton } = ChromeUtils.importESModule("resource://gre/modules/FxAccounts.sys.mjs");
  await getFxAccountsSingleton().signOut(true);
  return true;
"""

SAVE_PREFS = "Services.prefs.savePrefFile(null); return true;"


def make_firefox() -> None:
    out = OUT / "firefox"
    if out.exists():
        shutil.rmtree(out)
    (out / "states").mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        reader = xpi(write_extension(t / "page_reader", READER, firefox=True))
        helper = xpi(write_extension(t / "clipboard_helper", HELPER, firefox=True))
        home = t / "home"
        profiles = home / ".mozilla" / "firefox"
        profile = profiles / "test.default"
        profile.mkdir(parents=True)
        (profiles / "profiles.ini").write_text(
            "[General]\nStartWithLastProfile=1\n\n"
            "[Profile0]\nName=default\nIsRelative=1\nPath=test.default\nDefault=1\n"
        )
        write_firefox_prefs(
            profile,
            {
                "marionette.port": 0,  # Firefox picks a free port and writes it down
                "remote.prefs.recommended": False,  # keep the profile's own defaults
                "xpinstall.signatures.required": False,
            },
        )
        argv = [
            "firefox-esr",
            "--headless",
            "--no-remote",
            "--marionette",
            "-remote-allow-system-access",
            "--profile",
            str(profile),
            "about:blank",
        ]
        proc = subprocess.Popen(
            argv,
            env=quiet_env(home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            port_file = profile / "MarionetteActivePort"
            wait_for(port_file.exists, 90, "Marionette's port")
            time.sleep(1)
            m = Marionette(int(port_file.read_text().strip()))
            version = m.call("WebDriver:NewSession", {"capabilities": {}})["capabilities"]
            print("firefox", version["browserVersion"])
            for x in (reader, helper):
                print("   add-on:", m.call("Addon:Install", {"path": str(x), "temporary": False}))
            m.call("Marionette:SetContext", {"value": "chrome"})
            print("   logins:", m.run(ADD_LOGINS))

            def snapshot(name: str, step: str | None) -> None:
                if step:
                    print("  ", name, m.run(step))
                time.sleep(3)
                m.run(SAVE_PREFS)
                time.sleep(1)
                shutil.copyfile(profile / "prefs.js", out / "states" / f"{name}.prefs.js")
                signed = profile / "signedInUser.json"
                if signed.exists():
                    shutil.copyfile(signed, out / "states" / f"{name}.signedInUser.json")

            snapshot("not_signed_in", None)
            snapshot("signed_in_not_syncing", SIGN_IN)
            snapshot("signed_in_syncing", SYNC_ON)
            snapshot("syncing_without_history_tabs", HISTORY_TABS_OFF)
            snapshot("signed_in_sync_off", SYNC_OFF)
            snapshot("signed_out", SIGN_OUT)
            with contextlib.suppress(Exception):
                m.call("Marionette:Quit", {"flags": ["eAttemptQuit"]})
            proc.wait(60)
        finally:
            stop(proc)  # type: ignore[arg-type]
        for name in ("prefs.js", "extensions.json", "extension-preferences.json", "logins.json"):
            shutil.copyfile(profile / name, out / name)


def main() -> None:
    which = sys.argv[1:] or ["chromium", "firefox"]
    if "chromium" in which:
        make_chromium()
    if "firefox" in which:
        make_firefox()


if __name__ == "__main__":
    main()
