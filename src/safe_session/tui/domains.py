"""What the person types as their portal's address, turned into domains for the history check.

People paste whole links ("https://portal.example.com/login?next=..."), several at once, or add
spaces; only the host names are kept, and anything that is not one is reported back, literally.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$"
)


def parse_domains(typed: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Returns (domains, what could not be understood), each without duplicates, in order."""
    good: list[str] = []
    bad: list[str] = []
    for token in re.split(r"[\s,;]+", typed.strip()):
        if not token:
            continue
        try:
            host = urlsplit(token if "://" in token else "//" + token).hostname or ""
        except ValueError:
            host = ""
        host = host.lower().rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        if _HOST.match(host):
            good.append(host)
        else:
            bad.append(token)
    return tuple(dict.fromkeys(good)), tuple(dict.fromkeys(bad))
