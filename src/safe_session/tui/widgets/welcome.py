"""The first lines a person reads: who sent this, what it looks at, and the promise."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from textual.content import Content

from safe_session.data.catalog_types import CheckSpec
from safe_session.profile import Profile
from safe_session.tui.literal import literal
from safe_session.words import since_words

PROMISE = "Nothing leaves this computer, nothing is recorded."


def source_line(profile: Profile) -> Content:
    practice = profile.data.practice
    name = practice.name.strip() or (profile.name if profile.source != "builtin" else "")
    if not name:
        return Content("With safe-session's own settings (no profile from a therapist).")
    parts: list[Content | str | tuple[str, str]] = ["From ", literal(name, "bold")]
    if practice.contact.strip():
        parts += [" · ", literal(practice.contact.strip())]
    return Content.assemble(*parts)


def areas_line(specs: Iterable[CheckSpec]) -> str:
    areas: list[str] = []
    asks = False
    for spec in specs:
        if spec.kind == "confirm":
            asks = True
            continue
        if spec.area and spec.area not in areas:  # the catalog says what each check looks at
            areas.append(spec.area)
    said = ", ".join(areas)
    if said and asks:
        return f"It looks at: {said}. And it asks a few things only you can answer."
    if said:
        return f"It looks at: {said}."
    return "It asks a few things only you can answer." if asks else ""


def before_welcome(profile: Profile, specs: Iterable[CheckSpec]) -> Content:
    lines = [source_line(profile), Content(areas_line(specs)), Content.styled(PROMISE, "bold")]
    return Content("\n").join(line for line in lines if line.plain)


def after_welcome(profile: Profile, since: datetime | None) -> Content:
    lines = [source_line(profile)]
    if since is not None:
        lines.append(window_line(since))
    lines.append(Content.styled(PROMISE + " Nothing is deleted for good.", "bold"))
    return Content("\n").join(lines)


def window_line(since: datetime) -> Content:
    """Where the session window starts, as the person reads it, and the key that changes it."""
    return Content.assemble(
        f"Looking at what changed on this computer since {since_words(since)} ",
        ("(s: change when the session started)", "italic"),
        ".",
    )


def portal_name(profile: Profile) -> str:
    return profile.data.platform.name.strip()


def logout_line(profile: Profile) -> Content:
    name = portal_name(profile)
    if not name:
        return Content("Log out of your therapy portal or video app, then close its window.")
    return Content.assemble("Log out of ", literal(name, "bold"), ", then close its window or app.")
