"""``make demo``: a short tour of foedus on the built-in reference set (no download needed)."""

from __future__ import annotations

import shlex
import sys

from rich.console import Console

ESTONIA = "scenario --attacker Russia --target Estonia --on 2024-06-01"
STEPS = [
    (
        "Which arrangements bind Estonia on 1 June 2024?",
        "arrangements --member Estonia --on 2024-06-01",
    ),
    ("Who must defend Estonia that day, by which clause?", "who-defends Estonia --on 2024-06-01"),
    ("And Taiwan? No treaty obliges anyone", "who-defends Taiwan --on 2024-06-01"),
    ("The Warsaw Pact in 1970 (Albania had left in 1968)", 'members "Warsaw Pact" --on 1970-01-01'),
    (
        "Russia attacks Estonia: pledges honoured at historical rates, 20,000 runs",
        f"{ESTONIA} --runs 20000 --seed 1 --show summary",
    ),
    ("Why would Finland enter?", f"{ESTONIA} --explain Finland"),
]


def main() -> None:
    from foedus.cli.main import command

    console = Console(stderr=False)
    cli = command()
    for title, line in STEPS:
        console.rule(f"[bold]{title}")
        console.print(f"[dim]$ foedus {line}[/dim]")
        try:
            cli.main([*shlex.split(line), "--format", "table"], "foedus", standalone_mode=False)
        except Exception as exc:  # keep the tour going and show what failed
            console.print(f"[red]{type(exc).__name__}: {exc}[/red]")
            sys.exit(1)
    console.rule()
    console.print(
        "Load the research datasets with `foedus data fetch --all` "
        "or `foedus data import SOURCE PATH`; see README.md."
    )


if __name__ == "__main__":
    main()
