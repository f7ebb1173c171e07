"""``make demo``: a short tour of foedus on the built-in reference set (no download needed)."""

from __future__ import annotations

import shlex
import sys

from rich.console import Console

ESTONIA = "scenario --attacker Russia --target Estonia --on 2024-06-01"
STEPS = [
    ("What the built-in reference set holds", "arrangements --on 2024-06-01"),
    ("Who is bound to defend Estonia on 1 June 2024?", "who-defends Estonia --on 2024-06-01"),
    ("The Warsaw Pact in 1970 (Albania had left in 1968)", 'members "Warsaw Pact" --on 1970-01-01'),
    ("NATO's Article 5 invocation and Article 4 consultations", "events --arrangement nato"),
    (
        "If Russia attacked Estonia on 1 June 2024: who is drawn in, round by round",
        f"{ESTONIA} --show entrants",
    ),
    (
        "The same with each pledge honoured at its historical rate (20,000 runs)",
        f"{ESTONIA} --runs 20000 --seed 1 --show summary",
    ),
    ("Why would Finland enter?", f"{ESTONIA} --explain Finland"),
    ("What is loaded in the local store (research datasets)", "data status"),
]


def main() -> None:
    from foedus.cli.main import app

    console = Console(stderr=False)
    for title, command in STEPS:
        console.rule(f"[bold]{title}")
        console.print(f"[dim]$ foedus {command}[/dim]")
        try:
            app([*shlex.split(command), "--format", "table"], standalone_mode=False)
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
