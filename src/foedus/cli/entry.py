"""The ``foedus`` command's entry point, with a quick start path for the panel commands.

``foedus panel dyad-years`` and ``foedus panel state-years`` are the commands run in
batches (a pipeline builds panels in a loop), and starting the full command line costs
them a good part of their time: Typer's parameter coercion imports pydantic, and building
the command imports every command's module. A line of those two commands made only of
their own options, in the plain forms ``--name VALUE``, ``--name=VALUE``, ``-o VALUE`` and
flags, is parsed here and handed to the same function the Typer command calls
(:mod:`foedus.cli.panel_run`); anything else (help, a misspelt or repeated option, an
unusual form) goes to the full command line, which answers it as before. A test checks that
the options here are the Typer commands' options (``tests/cli/test_cli_entry.py``).

:func:`main` also leaves the process without tearing the interpreter down (the exit
handlers run; freeing every module and array does not, which a short-lived command does
not need): measured in docs/data.md, "Speed of the panel pipeline".
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

# option name -> parameter, for options taking a value; shared by both panel commands
VALUE_OPTIONS = {
    "--years": "years",
    "--add": "add",
    "--system": "system",
    "--bib": "bib",
    "--format": "fmt",
    "-f": "fmt",
    "--output": "output",
    "-o": "output",
}
COMMON_FLAGS = {
    "--peacesciencer": "peacesciencer",
    "--carry-forward": "carry_forward",
    "--quiet": "quiet",
    "-q": "quiet",
    "--verbose": "verbose",
    "-v": "verbose",
}
# each quick command's flags (the value options are VALUE_OPTIONS) and defaults
QUICK_FLAGS = {
    "dyad-years": COMMON_FLAGS | {"--directed": "directed", "--relevant": "relevant"},
    "state-years": COMMON_FLAGS,
}
DEFAULTS: dict[str, Any] = {
    "years": "1816-2024",
    "add": "",
    "system": "cow",
    "bib": None,
    "fmt": None,
    "output": None,
    "peacesciencer": False,
    "carry_forward": False,
}


def quick_parse(args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """The panel command and its parameters for a plain line of ``args`` (the words after
    ``foedus``); None for any line the full command line should answer."""
    if len(args) < 2 or args[0] != "panel" or args[1] not in QUICK_FLAGS:
        return None
    command, flags = args[1], QUICK_FLAGS[args[1]]
    values: dict[str, Any] = dict(DEFAULTS)
    if command == "dyad-years":
        values |= {"directed": False, "relevant": False}
    values |= {"quiet": False, "verbose": False}
    seen: set[str] = set()
    rest = args[2:]
    while rest:
        word = rest.pop(0)
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if name in flags and not equals:
            param = flags[name]
            values[param] = True
        elif name in VALUE_OPTIONS:
            if not equals:
                if not rest:
                    return None
                value = rest.pop(0)
            if not value or value.startswith("-"):
                return None
            param = VALUE_OPTIONS[name]
            values[param] = value
        else:
            return None
        if param in seen:
            return None
        seen.add(param)
    from foedus.cli.output import Format

    for param in ("bib", "output"):
        if values[param] is not None:
            values[param] = Path(values[param])
    if values["fmt"] is not None:
        if values["fmt"] not in {f.value for f in Format}:
            return None
        values["fmt"] = Format(values["fmt"])
    return command, values


def tune_memory() -> None:
    """Memory settings for a command's short-lived process (measured in docs/data.md, "Speed
    of the panel pipeline"): numpy does not ask for transparent huge pages (first-touching
    2 MB pages for arrays that live a fraction of a second cost more system time than they
    save), and pyarrow allocates from the system allocator (mimalloc keeps what it freed).
    Both only change where memory comes from, never a value."""
    import numpy
    import pyarrow

    # a private numpy switch (numpy >= 2: numpy._core); skipped where it is missing
    with contextlib.suppress(ImportError, AttributeError):
        multiarray = importlib.import_module(
            "numpy._core.multiarray" if numpy.__version__ >= "2" else "numpy.core.multiarray"
        )
        multiarray._set_madvise_hugepage(False)
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def one_malloc_arena() -> None:
    """glibc's allocator keeps one arena for every thread instead of one per thread: memory
    pyarrow's reader threads freed is then reused by the main thread, not kept beside it
    (peak RSS of the peacesciencer-mode pipeline ~600 -> ~565 MB, same CPU; docs/data.md).
    For the panel commands only: a long-running, many-threaded command (``foedus serve``)
    keeps the default. A C library other than glibc is left as it is."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX (malloc.h)


def run() -> None:
    """Run the command line in ``sys.argv``: a plain panel line on the quick path, every
    other line through the full command line (:func:`foedus.cli.main.run`). Bad input gives
    one line on stderr and exit code 2, no traceback."""
    args = sys.argv[1:]
    if args[:1] == ["panel"] and args[1:2] and args[1] in QUICK_FLAGS:
        one_malloc_arena()  # before numpy and pyarrow start their threads
    parsed = quick_parse(args)
    if parsed is None:
        from foedus.cli.main import run as full

        full()
        return
    started = time.perf_counter()
    tune_memory()
    from foedus.cli import panel_run
    from foedus.cli.output import VERBOSITY, detail, progress_bar
    from foedus.errors import FoedusError
    from foedus.progress import reporting

    command, values = parsed
    VERBOSITY.quiet, VERBOSITY.verbose = values.pop("quiet"), values.pop("verbose")
    build = panel_run.dyad_years if command == "dyad-years" else panel_run.state_years
    try:
        with reporting(progress_bar):
            build(values.pop("years"), values.pop("add"), **values)
    except FoedusError as exc:
        sys.stderr.write(f"error: {' '.join(str(exc).split())}\n")
        sys.exit(2)
    except KeyboardInterrupt:  # as the full command line: a new line, exit code 1
        sys.stderr.write("\n")
        sys.exit(1)
    detail(f"took {time.perf_counter() - started:.1f} s")
    sys.exit(0)


def main() -> None:
    """The ``foedus`` command (console script and ``python -m foedus``): :func:`run`, then
    the exit handlers, then the process ends without tearing the interpreter down."""
    try:
        run()
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    if threading.active_count() > 1:  # threads still running: the ordinary exit waits
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the ordinary exit reports it
        sys.exit(code)
    atexit._run_exitfuncs()
    os._exit(code)
