"""Every result of a check carries the `details` keys the contract promises for it, whatever its
status: found, unknown (a probe failed or timed out) or skipped; null where nothing is known."""

from __future__ import annotations

import pytest

from safe_session.data import load_catalog
from safe_session.engine import Engine
from safe_session.plan import RunOptions, make_plan
from safe_session.probes.base import ProbeContext, Unavailable
from safe_session.profile import BUILTIN

CONTRACT: dict[str, set[str]] = {
    "network.wifi": {
        "connected",
        "interface",
        "ssid",
        "security",
        "public_hint",
        "captive_portal",
        "vpn_active",
        "source",
    },
    "apps.remote_access": {"matches"},
    "apps.screen_capture": {"matches"},
    "apps.monitoring": {"matches"},
    "apps.notifications": {"matches", "do_not_disturb"},
    "apps.browsers": {"browsers"},
    "system.other_sessions": {"sessions"},
    "devices.mic_camera_in_use": {"users"},
    "audio.headphones": {"default_output", "source"},
    "audio.ambient_noise": {"rms_dbfs", "peak_dbfs", "speech_likely", "seconds", "device"},
    "audio.speaker_leak": {"tone_dbfs_heard", "leak"},
    "browsers.sync": {"profiles"},
    "browsers.saved_logins": {"profiles"},
    "browsers.extensions": {"extensions"},
    "system.remote_login": {"services"},
    "system.power": {"percent", "plugged"},
    "system.pending_restart": {"reasons"},
    "after.apps_open": {"matches"},
    "after.browser_history": {"entries"},
    "after.portal_tabs": {"entries", "domains", "profiles_checked", "unreadable"},
    "after.downloads": {"files"},
    "after.clipboard": {"non_empty"},
    "after.recent_files": {"entries"},
}
CONFIRMATIONS = ("room.", "account.", "after.portal_logout", "after.lock_screen")


def test_the_catalog_declares_the_contract_evidence() -> None:
    catalog = load_catalog()
    for check_id, keys in CONTRACT.items():
        spec = catalog.get(check_id)
        assert spec is not None, check_id
        assert keys <= set(spec.evidence), check_id


def _failing(ctx: ProbeContext) -> object:
    raise Unavailable("made to fail for this test")


@pytest.mark.parametrize("phase", ["before", "after"])
def test_unknown_results_still_carry_every_key(phase: str) -> None:
    catalog = load_catalog()
    specs = [s for s in catalog.phase(phase) if s.kind == "auto"]  # type: ignore[arg-type]
    probes = {s.probe: _failing for s in specs if s.probe}
    for result in Engine(ProbeContext(), probes=probes).run(specs):
        assert CONTRACT[result.id] <= set(result.details), result.id
        assert all(result.details[k] is None for k in CONTRACT[result.id])


def test_skipped_results_carry_every_key() -> None:
    plan = make_plan(RunOptions(profile=BUILTIN, os_name="linux", no_audio=True))
    skipped = {r.id: r for r in plan.skipped()}
    assert {"audio.ambient_noise", "audio.speaker_leak", "browsers.saved_logins"} <= set(skipped)
    for check_id, result in skipped.items():
        assert CONTRACT[check_id] <= set(result.details)


def test_confirmations_carry_confirmed() -> None:
    catalog = load_catalog()
    specs = [s for s in catalog.checks if s.kind == "confirm"]
    assert all(s.id.startswith(CONFIRMATIONS) for s in specs)
    for result in Engine(ProbeContext()).run(specs):
        assert result.details["confirmed"] is False
