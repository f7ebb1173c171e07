"""Every public name of ``foedus`` stays the public object after any import, in any order.

Importing a submodule binds it on its package, which used to hide a public function of the
same name (``foedus.burden``, ``foedus.cascade``): ``foedus.members('NATO')`` then
``foedus.arrangements()`` raised "'module' object is not callable". Each order runs in a
fresh interpreter, since the bug depends on what was imported before.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import foedus

SCRIPT = r"""
import importlib, sys, types
import foedus

order = sys.argv[1:]
for name in order:
    for attempt in (1, 2):
        # the module defining the name, imported as users do: `from foedus.x import name`
        module = importlib.import_module(foedus._EXPORTS[name])
        obj = getattr(foedus, name)
        assert not isinstance(obj, types.ModuleType), (name, attempt, obj)
        assert obj is getattr(module, name), (name, attempt)
        from foedus import __all__  # a `from foedus import` must not rebind a module either
        assert getattr(foedus, name) is obj
# the cheap public functions, called twice each after everything above was imported
for attempt in (1, 2):
    assert len(foedus.members("NATO", on="2024-06-01")) == 32
    assert "nato" in set(foedus.arrangements()["id"])
    assert foedus.resolve("Estonia").cow_code == 366
    assert len(foedus.who_defends("Estonia", on="2024-06-01")) > 0
    assert foedus.find_arrangement("NATO")["id"] == "nato"
print("ok", len(order))
"""


def _run(order: list[str], home: Path) -> str:
    env = {**os.environ, "FOEDUS_HOME": str(home)}
    src = str(Path(foedus.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *order], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("reverse", [False, True], ids=["a-z", "z-a"])
def test_every_public_name_twice_in_a_fresh_interpreter(reverse, tmp_path):
    order = sorted(foedus.__all__, reverse=reverse)
    assert _run(order, tmp_path) == f"ok {len(order)}"


def test_all_lists_every_export_and_each_is_documented():
    assert sorted(foedus.__all__) == sorted(foedus._EXPORTS)
    for name in foedus.__all__:
        obj = getattr(foedus, name)
        assert callable(obj) or isinstance(obj, type), name
        assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


def test_every_public_function_has_a_numpydoc_parameters_section():
    """numpydoc on public names: a function that takes arguments documents them."""
    import inspect

    missing = []
    for name in sorted(foedus._EXPORTS):
        obj = getattr(foedus, name)
        if not callable(obj) or inspect.isclass(obj):
            continue
        doc = inspect.getdoc(obj) or ""
        if not doc:
            missing.append(f"{name} (no docstring)")
        elif inspect.signature(obj).parameters and "Parameters\n----------" not in doc:
            missing.append(name)
    assert missing == [], f"public functions without a numpydoc Parameters section: {missing}"
