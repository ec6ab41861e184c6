"""No module under src/safe_session imports itself back, however far round.

The graph is read from the source with `ast`, nothing is imported. Every import counts as an
edge: at the top, inside a function, and under `if TYPE_CHECKING:`. `from pkg import name` is
an edge to `pkg.name` when that is a module, else to `pkg`; relative imports are resolved;
imports of anything outside the package are left out. A submodule has no edge to its parent
package unless it imports it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = "safe_session"
SOURCE = Path(__file__).resolve().parents[2] / "src" / PACKAGE

Graph = dict[str, set[str]]


def module_files(root: Path, package: str = PACKAGE) -> dict[str, Path]:
    """Every module under `root` by its dotted name (a package by its `__init__.py`)."""
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imported(tree: ast.AST, name: str, is_package: bool) -> Iterator[tuple[str, list[str]]]:
    """(module, names) for every import in `tree`, relative ones resolved from `name`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                anchor = here[: len(here) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, [alias.name for alias in node.names]


def _known(modules: dict[str, Path], dotted: str) -> str | None:
    """The longest prefix of `dotted` that is one of `modules`."""
    parts = dotted.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def import_graph(root: Path, package: str = PACKAGE) -> Graph:
    modules = module_files(root, package)
    graph: Graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges: set[str] = set()
        for module, names in _imported(tree, name, path.name == "__init__.py"):
            if module != package and not module.startswith(package + "."):
                continue  # the standard library or a third-party package
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in modules]
            if len(targets) < len(names) or not names:
                targets.append(module)  # a name defined in the module itself, or `import x`
            edges.update(known for t in targets if (known := _known(modules, t)))
        graph[name] = edges
    return graph


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's components, each sorted; only those that hold a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # iterative, so a long chain of imports cannot hit the recursion limit
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph.get(node, ()):
                        found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def one_circle(graph: Graph, component: list[str]) -> list[str]:
    """A shortest way from the component's first module back to itself, for the message."""
    inside = set(component)
    start = component[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for child in sorted(graph.get(node, set()) & inside):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if child not in came_from:
                    came_from[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"no circle through {start}")  # pragma: no cover


def circles(root: Path, package: str = PACKAGE) -> list[str]:
    """One line per tangle: a shortest circle, then any other module caught in the same one."""
    graph = import_graph(root, package)
    out: list[str] = []
    for component in strongly_connected(graph):
        circle = one_circle(graph, component)
        others = sorted(set(component) - set(circle))
        out.append(" -> ".join(circle) + (f" (also: {', '.join(others)})" if others else ""))
    return out


def test_no_module_imports_itself_back() -> None:
    found = circles(SOURCE)
    assert not found, "import circles under src/safe_session:\n" + "\n".join(found)


def test_the_graph_holds_every_module_and_its_imports() -> None:
    graph = import_graph(SOURCE)
    assert len(graph) == len(list(SOURCE.rglob("*.py")))
    assert f"{PACKAGE}.engine" in graph[f"{PACKAGE}.runs"]  # a plain `from x import y`


# -- the analysis itself, on small made-up packages ----------------------------------------------


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [root / "pkg", *(p for p in (root / "pkg").rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return root / "pkg"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"a.py": "import pkg.b\n", "b.py": "def f():\n    from pkg.a import x\n"},
            ["pkg.a -> pkg.b -> pkg.a"],
        ),
        (
            {
                "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import b\n",
                "b.py": "from .a import thing\n",
            },
            ["pkg.a -> pkg.b -> pkg.a"],
        ),
        (
            {"sub/x.py": "from .. import c\n", "c.py": "from pkg.sub.x import y\n"},
            ["pkg.c -> pkg.sub.x -> pkg.c"],
        ),
        (  # a package's __init__ re-exporting a submodule that imports the package back
            {"sub/__init__.py": "from .x import y\n", "sub/x.py": "from pkg.sub import z\n"},
            ["pkg.sub -> pkg.sub.x -> pkg.sub"],
        ),
        (  # a submodule is not an edge to its parent by itself, nor is a third-party import
            {"sub/__init__.py": "from .x import y\n", "sub/x.py": "import json, msgspec\n"},
            [],
        ),
        ({"a.py": "from pkg.b import f\n", "b.py": "import os\n"}, []),
        (  # one tangle of three, where the shortest circle leaves one module out
            {
                "a.py": "import pkg.b\nimport pkg.c\n",
                "b.py": "import pkg.a\n",
                "c.py": "import pkg.b\n",
            },
            ["pkg.a -> pkg.b -> pkg.a (also: pkg.c)"],
        ),
    ],
)
def test_circles_are_found(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    assert circles(_write(tmp_path, files), "pkg") == expected
