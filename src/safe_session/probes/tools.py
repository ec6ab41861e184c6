"""The system tools a probe runs, as data: one `ToolSpec` per command, one `ToolTable` per system.

A spec holds the command (`argv`), how long it may take (`timeout`) and the pure parser for what
it prints, so the probe that runs a tool and the contract's `parse_output(tool, text)` read the
same output with the same parser. A family keeps one table per system in that system's module
(`wifi/linux.py: TOOLS`); `ToolLookup` shows a family's tables as one mapping and imports a
system's module only when a tool is looked for in it, this system's first, so a run on one system
never loads the others' parsers.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

import msgspec

from safe_session import system_tools
from safe_session.platforms import current_os
from safe_session.probes.base import Unavailable

T = TypeVar("T")


class ToolSpec(msgspec.Struct, Generic[T], frozen=True):
    """One command and the parser for its output.

    An `argv` item written `{name}` is filled in by the probe (an interface's name). `parser`
    is the function itself, or `"module:function"` within `safe_session.probes` for a parser
    whose module should load only once there is output to read. Exit codes outside `ok_codes`
    make the run raise `Unavailable`.
    """

    tool: str
    argv: tuple[str, ...]
    parser: Callable[[str], T] | str
    timeout: float
    ok_codes: tuple[int, ...] = (0,)

    def command(self, **fields: str) -> list[str]:
        """`argv` with its `{name}` items filled in."""
        return [fields[part[1:-1]] if _is_field(part) else part for part in self.argv]

    def parse(self, text: str) -> T:
        if isinstance(self.parser, str):
            module, _, name = self.parser.partition(":")
            found: Callable[[str], T] = getattr(
                importlib.import_module(f"safe_session.probes.{module}"), name
            )
            return found(text)
        return self.parser(text)

    def run(
        self,
        timeout: float | None = None,
        env: Mapping[str, str] | None = None,
        encoding: str = "utf-8",
        **fields: str,
    ) -> system_tools.Completed:
        """Run the command (`timeout` overrides the spec's, e.g. to fit a budget)."""
        return system_tools.run(
            self.command(**fields),
            timeout=self.timeout if timeout is None else timeout,
            env=env,
            ok_codes=self.ok_codes,
            encoding=encoding,
        )

    def read(
        self, timeout: float | None = None, env: Mapping[str, str] | None = None, **fields: str
    ) -> T:
        """Run the command and parse what it printed."""
        return self.parse(self.run(timeout, env, **fields).stdout)


def _is_field(part: str) -> bool:
    return part.startswith("{") and part.endswith("}") and part[1:-1].isidentifier()


class ToolTable(Mapping[str, ToolSpec[T]], Generic[T]):
    """One system's tools for one family, by tool name (the names `parse_output` takes)."""

    def __init__(self, *specs: ToolSpec[T]) -> None:
        self._specs: dict[str, ToolSpec[T]] = {}
        for spec in specs:
            if spec.tool in self._specs:
                raise ValueError(f"the tool {spec.tool!r} is listed twice")
            self._specs[spec.tool] = spec

    def __getitem__(self, tool: str) -> ToolSpec[T]:
        return self._specs[tool]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


class ToolLookup(Mapping[str, ToolSpec[T]], Generic[T]):
    """Every system's `TOOLS` table of a family as one mapping. `modules` are the family's
    modules that hold a table (`linux`, `macos`, `windows`...); looking a tool up imports them
    one at a time, this system's first; listing the names imports them all."""

    def __init__(self, family: str, modules: tuple[str, ...]) -> None:
        self._family = family
        self._modules = modules

    def _ordered(self) -> list[str]:
        here = current_os()
        return sorted(self._modules, key=lambda name: name != here)

    def _table(self, module: str) -> Mapping[str, ToolSpec[T]]:
        loaded: Any = importlib.import_module(f"safe_session.probes.{self._family}.{module}")
        table: Mapping[str, ToolSpec[T]] = loaded.TOOLS
        return table

    def __getitem__(self, tool: str) -> ToolSpec[T]:
        for module in self._ordered():
            table = self._table(module)
            if tool in table:
                return table[tool]
        raise KeyError(tool)

    def __iter__(self) -> Iterator[str]:
        for module in self._modules:
            yield from self._table(module)

    def __len__(self) -> int:
        return sum(len(self._table(module)) for module in self._modules)


class Budget:
    """The time left for a probe that tries several tools in turn, shared between them."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def timeout(self, wanted: float) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0.2:
            raise Unavailable("there was no time left to ask another tool", "timeout")
        return min(wanted, left)
