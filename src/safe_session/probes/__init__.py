"""Probes gather facts from the system and nothing else, in families by subject.

    wifi/      the link that carries the traffic: route, Wi-Fi reading, VPN, captive portal
    audio/     where sound goes (output), the room (ambient), the speakers heard (speaker_leak)
    apps/      known apps running (processes), pop-ups and Do Not Disturb (notifications)
    devices/   apps using the microphone or the camera
    browsers/  open browsers and tabs; accounts that sync, saved logins, extensions; history
               and portal tabs left behind
    system/    who is logged in (sessions), the system's own remote access, the battery,
               updates waiting for a restart, the clipboard
    files/     new downloads, recently-used entries

A family's probes are at its front: the family's own module (`wifi`) or a small module in it
(`audio.ambient`), each exposing `gather(ctx) -> fact`; the catalog names a probe that way
(see `safe_session.data.catalog`). Behind the front, one module per system (`linux`, `macos`,
`windows`) holds what only that system has, and where the family runs system tools, that
module's `TOOLS` table (`tools.ToolSpec`: command, timeout, parser) serves both the probe and
the pure `parse_output(tool, text)`. Only this system's modules are imported on a run.

A probe that cannot find out raises `Unavailable` (`base`) with the plain reason; the engine
turns that, and any other failure, into an "unknown" result. Every tool runs through `runner`.
"""
