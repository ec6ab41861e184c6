"""A small fixed catalog with fake probes, a fake rule and fake actions, so the UI tests drive
the real screens and the real engine without depending on this machine or on checks other
developers add. Probes can be held back (a gate) to watch results stream in."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from safe_session.actions.base import ActionModule, ActionPlan, ActionResult
from safe_session.data.catalog_types import AdviceSet, Catalog, CheckSpec
from safe_session.model import Outcome, Result, Status
from safe_session.plan import RunOptions, make_plan
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.profile import Platform, Practice, Profile, ProfileFile, Step
from safe_session.rules.base import Params
from safe_session.tui.config import UIConfig

AREAS = {
    "network": "your network",
    "system": "who else is logged in",
    "apps": "the apps that are open",
    "devices": "your microphone and camera",
    "audio": "your headphones and the room's sound",
    "after": "what the session left behind",
}


def auto(check_id: str, probe: str, title: str, why: str, **kw: Any) -> CheckSpec:
    phase = "after" if check_id.startswith("after.") else "before"
    kw.setdefault("area", AREAS.get(check_id.split(".")[0], ""))
    return CheckSpec(
        id=check_id, title=title, why=why, phase=phase, probe=probe, rule="fake.judge", **kw
    )


def confirm(check_id: str, title: str, question: str, why: str) -> CheckSpec:
    phase = "after" if check_id.startswith("after.") else "before"
    return CheckSpec(
        id=check_id, title=title, why=why, phase=phase, kind="confirm", question=question
    )


ADVICE = {
    "default": AdviceSet(
        all=["Close the app before the session."], linux=["On Linux: quit it from its menu."]
    ),
    "unknown": AdviceSet(all=["If you are unsure, restart the computer before the session."]),
}

CATALOG = Catalog(
    (
        auto(
            "network.wifi",
            "wifi",
            "Wi-Fi is private and encrypted",
            "An open network lets others nearby see where you connect.",
            advice=ADVICE,
        ),
        auto(
            "apps.remote_access",
            "procs",
            "No remote-access tool is running",
            "Someone connected through such a tool could watch your screen.",
            action="close_app",
            advice=ADVICE,
        ),
        auto(
            "system.other_sessions",
            "sessions",
            "No one else is logged in",
            "Another person logged in could see what you do.",
            advice=ADVICE,
        ),
        auto(
            "audio.ambient_noise",
            "room",
            "The room is quiet",
            "Noise nearby can mean someone could hear you.",
            audio=True,
            timeout=5.0,
            advice=ADVICE,
        ),
        confirm(
            "room.private",
            "You are in a private room",
            "Are you in a room where no one else can see your screen?",
            "A room of your own keeps what you say private.",
        ),
        confirm(
            "room.door_closed",
            "The door is closed",
            "Is the door closed?",
            "A closed door keeps your voice in.",
        ),
        confirm(
            "after.portal_logout",
            "You have logged out of the therapy portal",
            "Have you logged out of {portal}?",
            "Staying signed in lets others open your notes.",
        ),
        auto(
            "after.downloads",
            "downloads",
            "Files downloaded during the session",
            "Files from the session stay in Downloads.",
            action="trash_downloads",
            advice=ADVICE,
        ),
        auto(
            "after.browser_history",
            "history",
            "The portal in your browser history",
            "History shows which portal you visit.",
            action="forget_history",
            advice=ADVICE,
        ),
        auto(
            "after.clipboard",
            "clipboard",
            "The clipboard",
            "The clipboard may still hold something you copied.",
            action="clear_clipboard",
            advice=ADVICE,
        ),
    )
)


def judge(fact: object, params: Params) -> Outcome:
    if not isinstance(fact, dict):
        raise TypeError("a fake fact is a dict")
    return Outcome(Status(fact["status"]), fact["summary"], dict(fact.get("details", {})))


RULES = {"fake.judge": judge}


def fact(status: str, summary: str, **details: Any) -> dict[str, Any]:
    return {"status": status, "summary": summary, "details": details}


ALL_PASS: dict[str, object] = {
    "wifi": fact("pass", "Connected to HomeNet (WPA2).", ssid="HomeNet", security="wpa2-personal"),
    "procs": fact("pass", "No remote-access tool is running.", matches=[]),
    "sessions": fact("pass", "Only you are logged in.", sessions=[]),
    "room": fact("pass", "The room sounds quiet.", rms_dbfs=-62.0),
    "downloads": fact("pass", "No new files in Downloads.", files=[]),
    "history": fact("pass", "No visits to the portal were found.", entries=[]),
    "clipboard": fact("pass", "The clipboard is empty.", non_empty=False),
}

MIXED: dict[str, object] = {
    **ALL_PASS,
    "wifi": fact(
        "warn",
        "Connected to CoffeeShop_Guest, an open network: anyone nearby can see where you connect.",
        ssid="CoffeeShop_Guest",
        security="open",
        public_hint=True,
    ),
    "procs": fact(
        "fail",
        "AnyDesk is running: someone could be watching your screen.",
        matches=[{"name": "AnyDesk", "pid": 4242, "app": "AnyDesk", "category": "remote_access"}],
    ),
    "sessions": Unavailable("this computer does not let us list who is logged in", "permission"),
}

UNKNOWNS: dict[str, object] = {
    **ALL_PASS,
    "wifi": Unavailable("no Wi-Fi tool was found on this computer", "missing_tool"),
    "procs": Unavailable("the list of running apps could not be read", "permission"),
    "sessions": RuntimeError("boom"),
}

AFTER_FOUND: dict[str, object] = {
    **ALL_PASS,
    "downloads": fact(
        "warn",
        "2 files arrived in Downloads during the session.",
        files=[
            {"path": "/home/ana/Downloads/worksheet.pdf", "size": 1200, "modified": "19:20"},
            {"path": "/home/ana/Downloads/notes.txt", "size": 80, "modified": "19:40"},
        ],
    ),
    "history": "domains",  # judged from ctx.domains by the fake probe
    "clipboard": fact(
        "warn", "The clipboard still holds something (it was not read).", non_empty=True
    ),
}


@dataclass
class Scenario:
    """What each fake probe returns (a fact, or an exception to raise), gates to hold probes
    back, and how often each ran."""

    facts: dict[str, object]
    gates: dict[str, threading.Event] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    levels: tuple[float, ...] = (-55.0, -30.0, -42.0)
    seen_domains: list[tuple[str, ...]] = field(default_factory=list)

    def hold(self, *probes: str) -> None:
        for name in probes:
            self.gates[name] = threading.Event()

    def release(self, *probes: str) -> None:
        for name in probes or tuple(self.gates):
            self.gates[name].set()

    def probe(self, name: str) -> Any:
        def gather(ctx: ProbeContext) -> object:
            self.calls[name] = self.calls.get(name, 0) + 1
            if name == "room" and ctx.on_level is not None:
                for level in self.levels:
                    ctx.on_level(level)
                    time.sleep(0.06)
            gate = self.gates.get(name)
            if gate is not None:
                gate.wait(20)
            value = self.facts[name]
            if name == "history" and value == "domains":
                self.seen_domains.append(ctx.domains)
                if not ctx.domains:
                    return fact(
                        "pass",
                        "No portal address was given, so history was not searched.",
                        entries=[],
                    )
                return fact(
                    "warn",
                    f"{len(ctx.domains)} portal address(es) found in Firefox history.",
                    entries=[
                        {
                            "browser": "firefox",
                            "profile": "default",
                            "domain": d,
                            "visits": 3,
                            "last_visit": "19:55",
                        }
                        for d in ctx.domains
                    ],
                )
            if isinstance(value, BaseException):
                raise value
            return value

        return gather

    def probes(self) -> dict[str, Any]:
        return {
            name: self.probe(name)
            for name in ("wifi", "procs", "sessions", "room", "downloads", "history", "clipboard")
        }


@dataclass
class FakeAction:
    """An action module stand-in: plans from the result's details, records what it performed."""

    name: str
    label: str
    description: str
    scenario: Scenario | None = None
    probe: str = ""
    performed: list[ActionPlan] = field(default_factory=list)
    ok: bool = True
    per_target: bool = False  # one plan per target, as the real downloads action does
    done: str = "moved 2 files to the trash"

    def plan(self, result: Result, ctx: ProbeContext) -> list[ActionPlan]:
        targets: tuple[str, ...] = ()
        if "files" in result.details:
            targets = tuple(f["path"] for f in result.details["files"])
        elif "entries" in result.details:
            targets = tuple(f"{e['domain']} ({e['browser']})" for e in result.details["entries"])
        elif "matches" in result.details:
            targets = tuple(f"{m['name']} (process {m['pid']})" for m in result.details["matches"])
        if self.per_target:
            return [
                ActionPlan(
                    self.name,
                    result.id,
                    f"Move {t.rsplit('/', 1)[-1]} to the trash",
                    self.description,
                    (t,),
                )
                for t in targets
            ]
        return [
            ActionPlan(
                self.name, result.id, self.label, self.description, targets, {"n": len(targets)}
            )
        ]

    def perform(self, plan: ActionPlan, dry_run: bool = False) -> ActionResult:
        self.performed.append(plan)
        if self.ok and self.scenario is not None and self.probe:
            self.scenario.facts[self.probe] = ALL_PASS[self.probe]
        message = self.done if self.ok else "the files were in use"
        return ActionResult(
            self.ok,
            message,
            done=plan.targets if self.ok else (),
            failed=() if self.ok else plan.targets,
        )


def actions_for(scenario: Scenario) -> dict[str, FakeAction]:
    return {
        "close_app": FakeAction(
            "close_app",
            "Close AnyDesk",
            "Asks AnyDesk to close, as choosing Quit in it would. Anything unsaved in it may be lost.",
            scenario,
            "procs",
            done="AnyDesk closed",
        ),
        "trash_downloads": FakeAction(
            "trash_downloads",
            "Move 2 files to the trash",
            "Moves these files from Downloads to the system trash. You can put them back from the trash.",
            scenario,
            "downloads",
        ),
        "forget_history": FakeAction(
            "forget_history",
            "Forget the portal's history",
            "Removes the portal's pages from Firefox history. Firefox must be closed.",
            scenario,
            "history",
        ),
        "clear_clipboard": FakeAction(
            "clear_clipboard",
            "Clear the clipboard",
            "Empties the clipboard. What it held is not read or kept.",
            scenario,
            "clipboard",
        ),
    }


def profile(
    practice: str = "Dr. Ana Ruiz, Couples & Sex Therapy",
    contact: str = "ana@example.org",
    platform: str = "SimplePractice",
    domains: tuple[str, ...] = ("clientsecure.me",),
    steps: tuple[str, ...] = (),
) -> Profile:
    data = ProfileFile(
        practice=Practice(practice, contact),
        platform=Platform(platform, list(domains)),
        after_step=[Step(s) for s in steps],
    )
    return Profile(
        name=practice or "clinic", source="file", path="/profiles/clinic.toml", data=data
    )


SINCE = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)


def config(
    scenario: Scenario,
    phase: str = "before",
    prof: Profile | None = None,
    actions: dict[str, FakeAction] | None = None,
    domains: tuple[str, ...] | None = None,
    high_contrast: bool = False,
    since: datetime | None = SINCE,
    **kw: Any,
) -> UIConfig:
    p = prof or profile()
    window: dict[str, Any] = {}
    if phase == "after":
        window["since"] = since
        window["domains"] = tuple(p.data.platform.domains) if domains is None else domains
    acts: dict[str, ActionModule] = dict(actions if actions is not None else actions_for(scenario))
    options = RunOptions(
        phase="after" if phase == "after" else "before",
        profile=p,
        os_name="linux",
        listen_seconds=0.5,
        **window,
        **kw,
    )
    return UIConfig(
        make_plan(options, CATALOG),
        probes=scenario.probes(),
        rules=RULES,
        actions=acts,
        high_contrast=high_contrast,
        record_start=False,
    )
