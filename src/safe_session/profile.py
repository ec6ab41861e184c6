"""Profiles from a therapist or clinic: plain TOML data that shapes the checks.

A profile can name the practice and platform, switch checks off or make them stricter, change
thresholds and add confirmations and after-session steps. It is data only: nothing in it is run,
fetched or opened, and it can never switch off the privacy promises.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import msgspec

from safe_session.toml_errors import convert, load_toml

MAX_PROFILE_BYTES = 64 * 1024


class Practice(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: str = ""
    contact: str = ""


class Platform(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: str = ""
    domains: list[str] = []
    apps: list[str] = []


class ChecksPolicy(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    off: list[str] = []
    stricter: list[str] = []


class Thresholds(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    browser_tabs: int | None = None
    browsers: int | None = None
    noise_quiet_dbfs: float | None = None
    noise_noisy_dbfs: float | None = None


class Step(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    text: str


class ProfileFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    practice: Practice = Practice()
    platform: Platform = Platform()
    checks: ChecksPolicy = ChecksPolicy()
    thresholds: Thresholds = Thresholds()
    confirm: list[Step] = []
    after_step: list[Step] = []
    language: str = "en"


# Which check parameter each threshold sets.
THRESHOLD_PARAMS: dict[str, tuple[str, str]] = {
    "browser_tabs": ("apps.browsers", "max_tabs"),
    "browsers": ("apps.browsers", "max_browsers"),
    "noise_quiet_dbfs": ("audio.ambient_noise", "quiet_dbfs"),
    "noise_noisy_dbfs": ("audio.ambient_noise", "noisy_dbfs"),
}


@dataclass(frozen=True)
class Profile:
    """A loaded profile, or the built-in one."""

    name: str = "Built-in"
    source: Literal["builtin", "file", "env"] = "builtin"
    path: str | None = None
    data: ProfileFile = field(default_factory=ProfileFile)

    def params_for(self, check_id: str) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, (target, param) in THRESHOLD_PARAMS.items():
            value = getattr(self.data.thresholds, key)
            if target == check_id and value is not None:
                out[param] = value
        return out

    def is_off(self, check_id: str) -> bool:
        return check_id in self.data.checks.off

    def is_stricter(self, check_id: str) -> bool:
        return check_id in self.data.checks.stricter

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "source": self.source}


BUILTIN = Profile()


def load_profile(path: Path, source: Literal["file", "env"] = "file") -> Profile:
    """Load and validate a profile file; every problem is a DataError with file, line and key."""
    data, text = load_toml(path, str(path), max_bytes=MAX_PROFILE_BYTES)
    parsed = convert(data, text, ProfileFile, str(path))
    name = parsed.practice.name.strip() or path.stem
    return Profile(name=name, source=source, path=str(path), data=parsed)


def resolve_profile(option: str | None) -> Profile:
    """`--profile FILE`, else `$SAFE_SESSION_PROFILE`, else the built-in profile."""
    if option:
        return load_profile(Path(option), "file")
    env = os.environ.get("SAFE_SESSION_PROFILE")
    if env:
        return load_profile(Path(env), "env")
    return BUILTIN
