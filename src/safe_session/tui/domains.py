"""What the person types as their portal's address, turned into domains for the history check.

People paste whole links ("https://portal.example.com/login?next=..."), several at once, or add
spaces; each piece goes through the same `normalize_domain` as `--domain` and the profile, and
anything that is not a host name is reported back, literally.
"""

from __future__ import annotations

import re

from safe_session.domains import normalize_domain


def parse_domains(typed: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Returns (domains, what could not be understood), each without duplicates, in order."""
    good: list[str] = []
    bad: list[str] = []
    for token in re.split(r"[\s,;]+", typed.strip()):
        if not token:
            continue
        host = normalize_domain(token)
        if host and host.startswith("www.") and host.count(".") >= 2:
            host = host[4:]  # "www.portal.com" was typed; the whole site is meant
        if host and "." in host:  # a bare word ("localhost", "portal") is no portal address
            good.append(host)
        else:
            bad.append(token)
    return tuple(dict.fromkeys(good)), tuple(dict.fromkeys(bad))
