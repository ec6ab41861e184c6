"""Microphone and camera users on Windows: the privacy consent store in the registry (what
Settings > Privacy shows). An app whose last use has a start but no stop is using the device
now. Read from the registry, never through a tool, so there is no table of tools.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Protocol

import msgspec

from safe_session.probes.base import Unavailable
from safe_session.probes.devices.model import DevicesFact, DeviceUser
from safe_session.probes.sources import Missing

CONSENT_STORE = r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"
CONSENT_DEVICES = {"microphone": "microphone", "webcam": "camera"}


class ConsentEntry(msgspec.Struct, frozen=True):
    """One app's row under the consent store: device, key name, and last use (FILETIME)."""

    device: str  # "microphone" or "webcam"
    key: str
    packaged: bool
    start: int | None
    stop: int | None


def consent_app_name(key: str, packaged: bool) -> str:
    """`C:#Program Files#Zoom#bin#Zoom.exe` -> `Zoom.exe`;
    `Vendor.App_8wekyb3d8bbwe` -> `Vendor.App`."""
    if packaged:
        base, sep, publisher = key.rpartition("_")
        return base if sep and base and publisher.isalnum() else key
    return key.replace("#", "\\").rsplit("\\", 1)[-1] or key


def consent_in_use(
    entries: Iterable[ConsentEntry], own_paths: Iterable[str] = ()
) -> list[DeviceUser]:
    """Apps using a device now: a last use that started and has not stopped (stop == 0)."""
    own = {p.casefold() for p in own_paths}
    users: list[DeviceUser] = []
    for entry in entries:
        kind = CONSENT_DEVICES.get(entry.device)
        if kind is None or not entry.start or entry.stop != 0:
            continue
        if not entry.packaged and entry.key.replace("#", "\\").casefold() in own:
            continue
        users.append(
            DeviceUser(
                None, consent_app_name(entry.key, entry.packaged), kind, kind, "privacy settings"
            )
        )
    return users


class RegistryReader(Protocol):
    def subkeys(self, path: str) -> list[str]: ...

    def values(self, path: str) -> dict[str, object]: ...


def walk_consent_store(reader: RegistryReader, root: str = CONSENT_STORE) -> Iterator[ConsentEntry]:
    """Every app row under the microphone and webcam consent keys, packaged and not."""
    for device in CONSENT_DEVICES:
        base = f"{root}\\{device}"
        try:
            names = reader.subkeys(base)
        except OSError:
            continue
        for name in names:
            if name == "NonPackaged":
                try:
                    inner = reader.subkeys(f"{base}\\NonPackaged")
                except OSError:
                    continue
                for app in inner:
                    yield _entry(reader, device, f"{base}\\NonPackaged\\{app}", app, False)
            else:
                yield _entry(reader, device, f"{base}\\{name}", name, True)


def _entry(
    reader: RegistryReader, device: str, path: str, key: str, packaged: bool
) -> ConsentEntry:
    try:
        values = reader.values(path)
    except OSError:
        values = {}
    start, stop = values.get("LastUsedTimeStart"), values.get("LastUsedTimeStop")
    return ConsentEntry(
        device,
        key,
        packaged,
        start if isinstance(start, int) else None,
        stop if isinstance(stop, int) else None,
    )


class _WinRegistry:  # pragma: no cover - runs on Windows only
    """The current user's registry, read-only."""

    def subkeys(self, path: str) -> list[str]:
        if sys.platform != "win32":
            raise OSError("the registry exists only on Windows")
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
            count = winreg.QueryInfoKey(key)[0]
            return [winreg.EnumKey(key, i) for i in range(count)]

    def values(self, path: str) -> dict[str, object]:
        if sys.platform != "win32":
            raise OSError("the registry exists only on Windows")
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as key:
            count = winreg.QueryInfoKey(key)[1]
            out: dict[str, object] = {}
            for i in range(count):
                name, value, _ = winreg.EnumValue(key, i)
                out[name] = value
            return out


def read(reader: RegistryReader | None = None) -> DevicesFact:
    """From the consent store; unknown only when Windows will not show it at all."""
    registry = reader if reader is not None else _WinRegistry()
    missing: list[Missing] = []
    readable = 0
    for device, kind in CONSENT_DEVICES.items():
        try:
            registry.subkeys(f"{CONSENT_STORE}\\{device}")
            readable += 1
        except FileNotFoundError:
            continue  # no app has asked for it yet: nothing is recorded, nothing is missed
        except OSError as exc:
            missing.append(Missing(f"Windows' privacy settings for the {kind}", _why(exc)))
    if readable == 0:  # the store itself is not there or not readable
        raise Unavailable(
            "Windows' privacy settings for the microphone and camera could not be read"
        )
    own = {sys.executable, getattr(sys, "_base_executable", sys.executable)}
    users = consent_in_use(walk_consent_store(registry), own)
    return DevicesFact(tuple(users), ("privacy settings",), 0, tuple(missing))


def _why(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "Windows did not allow reading them"
    return f"they could not be read ({exc.strerror or type(exc).__name__})"
