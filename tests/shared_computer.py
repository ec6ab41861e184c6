"""The real browser files of the shared-computer checks (tests/fixtures/shared_computer, see
tests/fixtures/SOURCES.md) and the made-up account in them, which no answer may ever repeat."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shared_computer"
FIREFOX = FIXTURES / "firefox"
CHROMIUM = FIXTURES / "chromium"

EMAIL = "client.test@example.com"
GAIA_ID = "100000000000000000001"
FXA_UID = "0123456789abcdef0123456789abcdef"
SECRETS = (EMAIL, GAIA_ID, FXA_UID, "client.test", "Test Client", "not-a-real-password")
PORTAL = "portal.example-therapy.test"
