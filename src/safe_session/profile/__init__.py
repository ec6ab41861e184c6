"""Profiles from a therapist or clinic: plain TOML data that shapes the checks.

`model` is what a profile is, `read` finds and reads one, `validate` names every problem in a
profile file, and `describe` is `safe-session profile validate`. The names below are re-exported
for `from safe_session.profile import Profile`; the submodules import each other directly.
"""

from safe_session.profile.model import (
    BUILTIN,
    LANGUAGES,
    MAX_NESTING,
    MAX_PROFILE_BYTES,
    PROTECTED,
    THRESHOLD_PARAMS,
    ChecksPolicy,
    Confirmation,
    ExtraStep,
    Platform,
    Practice,
    Profile,
    ProfileFile,
    Step,
    Thresholds,
)
from safe_session.profile.read import load_profile, parse_profile, resolve_profile

__all__ = [
    "BUILTIN",
    "LANGUAGES",
    "MAX_NESTING",
    "MAX_PROFILE_BYTES",
    "PROTECTED",
    "THRESHOLD_PARAMS",
    "ChecksPolicy",
    "Confirmation",
    "ExtraStep",
    "Platform",
    "Practice",
    "Profile",
    "ProfileFile",
    "Step",
    "Thresholds",
    "load_profile",
    "parse_profile",
    "resolve_profile",
]
