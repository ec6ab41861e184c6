"""What a profile is: its schema, its limits, and the loaded `Profile` the checks consult.

A profile can name the practice and platform, switch checks off or make them stricter, change
thresholds and add confirmations and after-session steps. It is data only: nothing in it is run,
fetched or opened, and it can never switch off the checks that look for someone watching
(`PROTECTED`). Reading one is `profile.read`, finding every problem in it `profile.validate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import msgspec

from safe_session.model import Phase

if TYPE_CHECKING:
    from safe_session.data.toml_limits import TomlLimits

MAX_PROFILE_BYTES = 64 * 1024
MAX_NESTING = 10  # a valid profile needs 4 (`confirm = [{ text = "…" }]`)

# The languages the person-facing text exists in. Only English so far.
LANGUAGES: dict[str, str] = {"en": "English"}

# Checks a profile can never switch off: each looks for someone who could watch, record or
# control the session, which is the promise safe-session makes to the person whoever sent the
# profile. A profile may still make them stricter.
PROTECTED: dict[str, str] = {
    "apps.remote_access": "it looks for remote-access tools that would let someone see or "
    "control this computer",
    "apps.monitoring": "it looks for monitoring software that could watch everything done on "
    "this computer",
    "apps.screen_capture": "it looks for screen recorders and streamers that could record the "
    "session",
    "devices.mic_camera_in_use": "it looks for other apps using the microphone or camera",
    "system.other_sessions": "it looks for someone else logged in to this computer, here or "
    "from elsewhere",
}

Line = Annotated[str, msgspec.Meta(max_length=100)]
LongLine = Annotated[str, msgspec.Meta(max_length=200)]
CheckId = Annotated[str, msgspec.Meta(max_length=64)]
Domain = Annotated[str, msgspec.Meta(max_length=253)]
AppName = Annotated[str, msgspec.Meta(max_length=64)]


class Practice(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: Line = ""
    contact: LongLine = ""  # one line the person can use to reach the practice


class Platform(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: Line = ""
    # the portal's hostnames: for the logout step and the after-session history check
    domains: Annotated[list[Domain], msgspec.Meta(max_length=20)] = []
    # names of the platform's desktop apps, looked for after the session
    apps: Annotated[list[AppName], msgspec.Meta(max_length=20)] = []


class ChecksPolicy(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    off: Annotated[list[CheckId], msgspec.Meta(max_length=64)] = []
    stricter: Annotated[list[CheckId], msgspec.Meta(max_length=64)] = []


class Thresholds(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    browser_tabs: Annotated[int, msgspec.Meta(ge=1, le=100)] | None = None
    browsers: Annotated[int, msgspec.Meta(ge=1, le=10)] | None = None
    noise_quiet_dbfs: Annotated[float, msgspec.Meta(ge=-90, le=-10)] | None = None
    noise_noisy_dbfs: Annotated[float, msgspec.Meta(ge=-90, le=-10)] | None = None


class Step(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """An extra after-session step, in the practice's own words."""

    text: Annotated[str, msgspec.Meta(max_length=300)]
    title: Annotated[str, msgspec.Meta(max_length=80)] = ""
    why: Annotated[str, msgspec.Meta(max_length=500)] = ""


class Confirmation(Step, forbid_unknown_fields=True, frozen=True):
    """An extra confirmation before the session; `about` picks its id family."""

    about: Literal["room", "account"] = "room"


class ProfileFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    practice: Practice = Practice()
    platform: Platform = Platform()
    checks: ChecksPolicy = ChecksPolicy()
    thresholds: Thresholds = Thresholds()
    confirm: Annotated[list[Confirmation], msgspec.Meta(max_length=10)] = []
    after_step: Annotated[list[Step], msgspec.Meta(max_length=10)] = []
    language: Annotated[str, msgspec.Meta(max_length=16)] = "en"


def toml_limits() -> TomlLimits:
    """What a profile's TOML must keep to before it is parsed: each bound far above what the
    schema below allows (texts of at most 500 characters, lists of at most 64 entries, keys of
    at most 3 parts), and each refused in one linear pass, with line and column."""
    from safe_session.data.toml_limits import TomlLimits  # only when a profile file is read

    return TomlLimits(
        nesting=MAX_NESTING,
        key_parts=6,
        key_chars=100,
        string_chars=4000,
        bare_chars=64,
        items=100,
        entries=500,
    )


# Which check parameter each threshold sets.
THRESHOLD_PARAMS: dict[str, tuple[str, str]] = {
    "browser_tabs": ("apps.browsers", "max_tabs"),
    "browsers": ("apps.browsers", "max_browsers"),
    "noise_quiet_dbfs": ("audio.ambient_noise", "quiet_dbfs"),
    "noise_noisy_dbfs": ("audio.ambient_noise", "noisy_dbfs"),
}


class ExtraStep(msgspec.Struct, frozen=True):
    """A confirmation or after-session step a profile adds, with its stable report id."""

    id: str
    phase: Phase
    title: str
    text: str
    why: str


class Profile(msgspec.Struct, frozen=True):
    """A loaded profile, or the built-in one."""

    name: str = "Built-in"
    source: Literal["builtin", "file", "env"] = "builtin"
    path: str | None = None
    data: ProfileFile = msgspec.field(default_factory=ProfileFile)

    def params_for(self, check_id: str) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, (target, param) in THRESHOLD_PARAMS.items():
            value = getattr(self.data.thresholds, key)
            if target == check_id and value is not None:
                out[param] = value
        return out

    def is_off(self, check_id: str) -> bool:
        # the loader refuses these; this keeps them on for a profile built in code too
        return check_id in self.data.checks.off and check_id not in PROTECTED

    def is_stricter(self, check_id: str) -> bool:
        return check_id in self.data.checks.stricter

    @property
    def contact(self) -> str:
        return self.data.practice.contact

    @property
    def language(self) -> str:
        return self.data.language

    def extra_steps(self, phase: Phase) -> tuple[ExtraStep, ...]:
        """`[[confirm]]` entries before the session (`room.profile_N`/`account.profile_N`),
        `[[after_step]]` entries after it (`after.profile_step_N`); N is the entry's place in
        the file, counted from 1, so the ids stay put while the file does."""
        if phase == "before":
            return tuple(
                ExtraStep(
                    f"{c.about}.profile_{n}",
                    "before",
                    c.title or f"Asked by {self.name}",
                    c.text,
                    c.why or f"{self.name} asks you to confirm this before your session.",
                )
                for n, c in enumerate(self.data.confirm, start=1)
            )
        return tuple(
            ExtraStep(
                f"after.profile_step_{n}",
                "after",
                s.title or f"A step from {self.name}",
                s.text,
                s.why or f"{self.name} asks you to do this after your session.",
            )
            for n, s in enumerate(self.data.after_step, start=1)
        )

    def to_json(self) -> dict[str, str]:
        out = {"name": self.name, "source": self.source}
        if self.contact:
            out["contact"] = self.contact
        return out


BUILTIN = Profile()
