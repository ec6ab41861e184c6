"""A table of tool name -> pure parser whose modules are imported on first use.

The contract's `parse_output(tool, text)` entry points list every system's parsers; importing
them all at start-up would make a run on one system pay for the other systems' modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class ParserTable(Mapping[str, Callable[[str], T]], Generic[T]):
    """`{"tool": "module:function"}` within `safe_session.probes`, read like a dict of parsers."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = where

    def __getitem__(self, tool: str) -> Callable[[str], T]:
        module, _, name = self._where[tool].partition(":")
        parser: Callable[[str], T] = getattr(
            importlib.import_module(f"safe_session.probes.{module}"), name
        )
        return parser

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)
