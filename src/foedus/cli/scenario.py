"""``foedus scenario`` and ``foedus sweep``: casus foederis, cascades and grids of them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from foedus.cli.options import FormatOpt, OnOpt, OutputOpt
from foedus.cli.output import emit, grouped, note
from foedus.errors import FoedusError

SECTIONS = ("triggered", "entrants", "flags", "summary", "states", "war_size", "rounds")
_OBLIGATIONS_VIEW = grouped(
    ["arrangement", "clause", "role", "beneficiary", "triggered"], "obligor", "obligors", "reason"
)


def scenario_cmd(
    attacker: Annotated[list[str], typer.Option(help="attacking state (repeatable)")],
    target: Annotated[list[str], typer.Option(help="attacked state (repeatable)")],
    on: OnOpt = None,
    location: Annotated[
        list[str] | None,
        typer.Option(
            help="where the attack falls: a region, treaty area, named territory (e.g. "
            "falklands) or state:<COW abbreviation> (repeatable; default the targets' homelands)"
        ),
    ] = None,
    provoked: Annotated[str, typer.Option(help="did the targets provoke? yes|no|unknown")] = "no",
    entrant: Annotated[
        list[str] | None,
        typer.Option(help="a further belligerent you assert, STATE:attacker|target (repeatable)"),
    ] = None,
    attack: Annotated[
        list[str] | None,
        typer.Option(
            help="an attack you assert, ATTACKER>TARGET[@YYYY-MM-DD], e.g. "
            "'Russia>Austria-Hungary@1914-07-31'; it holds once the attacker is at war "
            "(repeatable)"
        ),
    ] = None,
    chain_ganging: Annotated[
        bool,
        typer.Option(
            "--chain-ganging",
            help="older entry rule: every entrant attacks everyone on the other side "
            "(default: defending a victim is not an attack on the aggressor, UN Charter Art. 51)",
        ),
    ] = False,
    honour_suspended: Annotated[
        bool,
        typer.Option(
            "--honour-suspended",
            help="let members whose participation is suspended on the date honour their pledges",
        ),
    ] = False,
    runs: Annotated[int, typer.Option(min=0, help="Monte Carlo runs (0: deterministic only)")] = 0,
    seed: Annotated[int | None, typer.Option(help="random seed")] = None,
    honour: Annotated[
        list[str] | None,
        typer.Option(
            help="honouring probability TYPE=P, e.g. defense=0.5 (repeatable), or "
            "'calibrated': rates coded from ATOP and COW wars when loaded"
        ),
    ] = None,
    free_join: Annotated[
        float, typer.Option(help="chance per round that a state joins without obligation")
    ] = 0.0,
    unknown: Annotated[
        str, typer.Option(help="conditions of unknown status: unmet (not triggered) or met")
    ] = "unmet",
    sources: Annotated[
        str | None,
        typer.Option(help="atop or built-in (default: ATOP up to 2018 when loaded, else built-in)"),
    ] = None,
    explain: Annotated[str | None, typer.Option(help="why STATE does or does not enter")] = None,
    show: Annotated[
        str | None, typer.Option(help=f"only this section: {', '.join(SECTIONS)}")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Who is obligated if ATTACKER attacks TARGET, who is drawn in, round by round."""
    from foedus.cascade import explain as explain_state
    from foedus.commitments import obligations_on
    from foedus.report import build_scenario, scenario_sections

    scenario = build_scenario(
        attacker,
        target,
        on,
        location=location or (),
        provoked=provoked,
        entrant=entrant,
        attack=attack,
        chain_ganging=chain_ganging,
        honour_suspended=honour_suspended,
    )
    title = f"{', '.join(attacker)} attacks {', '.join(target)} on {scenario.date}"
    if explain is not None:
        obligations = obligations_on(scenario.date, sources=sources)
        table = explain_state(scenario, obligations, explain, unknown=unknown)
        verdict = table["explanation"].iloc[0] if len(table) else explain
        emit(
            table,
            fmt,
            output,
            title=verdict,
            table_view=_explain_view,
        )
        return
    sections = scenario_sections(
        scenario,
        runs=runs,
        seed=seed,
        honour=honour,
        free_join=free_join,
        unknown=unknown,
        sources=sources,
    )
    if show is not None and show not in sections:
        raise FoedusError(
            f"--show {show!r} unavailable; accepted: {', '.join(sections)}"
            " (summary, states, war_size and rounds need --runs)"
        )
    emit(sections, fmt, output, title=title, table_view={"triggered": _OBLIGATIONS_VIEW}, show=show)


def _explain_view(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per arrangement, role, outcome and reason: the beneficiaries the same reason
    applies to (the beneficiary's name taken out of it), so each beneficiary's reason shows."""
    if frame.empty:
        return frame
    reason = [
        r.removeprefix(b + " ") if r.startswith(b + " ") else r
        for r, b in zip(frame["reason"], frame["beneficiary"], strict=True)
    ]
    view = grouped(
        ["arrangement", "role", "triggered", "why"], "beneficiary", "beneficiaries", "reason"
    )
    return view(frame.assign(why=reason)).drop(columns="reason").rename(columns={"why": "reason"})


def sweep_cmd(
    contiguous: Annotated[
        int,
        typer.Option(
            "--years",
            help="YYYY: every directed pair of states contiguous that year (COW Direct "
            "Contiguity 3.2)",
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Parquet file to write")],
    on: OnOpt = None,
    conttype: Annotated[int, typer.Option(help="1 land ... 5 up to 400 miles of water")] = 1,
    runs: Annotated[int, typer.Option(min=0, help="Monte Carlo runs per scenario")] = 0,
    seed: Annotated[int, typer.Option(help="random seed of the whole sweep")] = 0,
    unknown: Annotated[str, typer.Option(help="unmet (not triggered) or met")] = "unmet",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address tcp://HOST:PORT (default: run in this process)"),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="without --scheduler: local Dask workers (0: run in this process)")
    ] = 0,
    chunk: Annotated[
        int | None,
        typer.Option(min=1, help="scenarios per task (default: about 4 tasks per worker)"),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Run a grid of scenarios and stream one row per scenario to a Parquet file."""
    import contextlib
    from concurrent.futures import Executor

    if output.suffix.lower() != ".parquet":
        raise FoedusError(f"-o {output}: sweep writes Parquet; accepted: -o FILE.parquet")

    from foedus.sweep import contiguous_pairs, dask_executor, sweep

    scenarios = contiguous_pairs(contiguous, on=on, conttype=conttype)
    context: contextlib.AbstractContextManager[Executor | None]
    if scheduler is not None:
        context = dask_executor(scheduler)
    elif workers > 0:
        context = dask_executor(n_workers=workers, threads_per_worker=1, processes=True)
    else:
        context = contextlib.nullcontext(None)
    with context as executor:
        rows = sweep(
            scenarios, output, executor=executor, runs=runs, seed=seed, unknown=unknown, chunk=chunk
        )
    note(f"wrote {rows:,} rows to {output}")
    emit(pd.DataFrame({"scenarios": [rows], "output": [str(output)]}), fmt, None, title="Sweep")


def register(app: typer.Typer) -> None:
    app.command("scenario")(scenario_cmd)
    app.command("sweep")(sweep_cmd)
