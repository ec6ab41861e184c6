"""The portal's domain names: how they are written down, and which hosts belong to them.

A domain covers itself and every subdomain ("clientsecure.me" covers "www.clientsecure.me"),
never a look-alike ("notclientsecure.me"); an IP address covers only itself. Hosts are
compared in their ASCII (IDNA) form, the way browsers store them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


def normalize_domain(text: str) -> str | None:
    """`"https://Portal.Example.org/login"` -> `"portal.example.org"`; None when it is no domain.

    Accepts a bare name, a URL, a leading `*.` or `.`, a trailing dot, and non-ASCII names.
    A port is dropped: history is kept per host, not per port.
    """
    value = text.strip()
    if not value or any(c.isspace() for c in value):
        return None
    if "://" in value:
        try:
            host = urlsplit(value).hostname or ""
        except ValueError:
            return None
    else:
        host = value.split("/", 1)[0]
        if host.count(":") == 1:
            host = host.split(":", 1)[0]
    host = host.strip().lower().removeprefix("*.").lstrip(".").rstrip(".")
    if not host:
        return None
    if _IPV4.match(host):
        return host if all(int(p) <= 255 for p in host.split(".")) else None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_host.split(".")
    if not all(_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isdigit():
        return None  # no top-level domain is a number: part of an address, like "0.0.1"
    return ascii_host


def host_matches(host: str | None, domain: str) -> bool:
    """True when `host` is `domain` or one of its subdomains (both in normalized form)."""
    if not host:
        return False
    h = host.lower().rstrip(".")
    if _IPV4.match(h) or _IPV4.match(domain):
        return h == domain  # an address has no subdomains, and is no one's subdomain
    return h == domain or h.endswith("." + domain)


def url_host(url: str) -> str | None:
    """The host of a URL, lower-case; None for URLs without one (`about:`, `place:`...)."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def url_matches(url: str, domain: str) -> bool:
    return host_matches(url_host(url), domain)
