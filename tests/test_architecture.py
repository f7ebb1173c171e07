"""The layering rules of ``docs/architecture.md``, checked on the source tree.

Data flows one way: sources → store → ``foedus.data`` → engines → ``cli``/``web``. Only the
readers (``foedus.data``, ``foedus.store``, ``foedus.sources``) and the interfaces may touch
DuckDB or the store; an engine takes frames and arrays. The walk is over the syntax tree, so
an import hidden under ``if TYPE_CHECKING:`` (used for annotations only) is allowed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "foedus"

#: packages and modules allowed to read the store and open DuckDB connections
READERS = ("data", "store", "sources")
#: the interfaces: they may hold a Store and hand it to readers, but open no connection
INTERFACES = ("cli", "web", "demo.py", "__main__.py", "report.py")
MAX_LINES = 500


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "build" not in p.relative_to(SRC).parts)


def _top(path: Path) -> str:
    return path.relative_to(SRC).parts[0]


def _engines() -> list[Path]:
    return [p for p in _modules() if _top(p) not in READERS + INTERFACES]


def _runtime_imports(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Every module imported outside ``if TYPE_CHECKING:`` blocks, with its line."""

    def walk(node: ast.AST) -> Iterator[tuple[int, str]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                yield from (item for stmt in child.orelse for item in walk_stmt(stmt))
                continue
            yield from walk_stmt(child)

    def walk_stmt(node: ast.AST) -> Iterator[tuple[int, str]]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"
        yield from walk(node)

    yield from walk(tree)


def _calls(tree: ast.Module, name: str) -> list[int]:
    """Lines calling ``name`` or ``<anything>.name``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called == name:
                lines.append(node.lineno)
    return lines


def _label(path: Path) -> str:
    return str(path.relative_to(SRC.parent))


@pytest.mark.parametrize("path", _engines(), ids=_label)
def test_engine_does_not_read_the_store(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [
        f"line {line}: imports {name}"
        for line, name in _runtime_imports(tree)
        if name == "duckdb" or name.startswith(("duckdb.", "foedus.store"))
    ]
    bad += [f"line {line}: calls Store()" for line in _calls(tree, "Store")]
    bad += [f"line {line}: calls read_parquet()" for line in _calls(tree, "read_parquet")]
    assert not bad, f"{_label(path)} is an engine module but " + "; ".join(bad)


@pytest.mark.parametrize("path", _modules(), ids=_label)
def test_duckdb_connections_only_in_the_data_layer(path: Path) -> None:
    if _top(path) in ("data", "store"):
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "connect"
        and ast.unparse(node.func.value) == "duckdb"
    ]
    assert not lines, f"{_label(path)} opens a DuckDB connection at lines {lines}"


@pytest.mark.parametrize("path", _modules(), ids=_label)
def test_module_fits_in_a_readers_mind(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_label(path)} has {lines} lines (at most {MAX_LINES})"


@pytest.mark.parametrize("path", _modules(), ids=_label)
def test_no_backend_switch(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    switches = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("use", "switch_backend")
        and ast.unparse(node.func.value) in ("matplotlib", "plt", "pyplot", "matplotlib.pyplot")
    ]
    assert not switches, f"{_label(path)} switches the Matplotlib backend at lines {switches}"


def test_the_rules_see_the_tree() -> None:
    """The walk finds the engines it is meant to police (guards against an empty parametrize)."""
    names = {_label(p) for p in _engines()}
    assert "foedus/dyads.py" in names
    assert any(n.startswith("foedus/commitments/") for n in names)
    assert not any(n.startswith(("foedus/data/", "foedus/cli/")) for n in names)
