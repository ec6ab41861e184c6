"""What the history code asks of a database connection. The standard library's `sqlite3`
connection (a closed browser's database, changed in place) and a snapshot's
(`sqlite_snapshot`: a browser's database as it stands, read page by page) both fit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol


class Rows(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Database(Protocol):
    def execute(self, sql: str, parameters: Any = ..., /) -> Rows: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Rows: ...

    def set_progress_handler(self, handler: Callable[[], int | None] | None, n: int, /) -> None:
        """Call `handler` every `n` steps of a query; a true answer stops the query."""
