"""``foedus burden`` and ``foedus allocate``: who pays for an alliance, and fair shares."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from foedus.cli.options import FormatOpt, OutputOpt
from foedus.cli.output import Format, emit, note
from foedus.errors import FoedusError
from foedus.plotting._base import figure_path

ArrangementArg = Annotated[
    str,
    typer.Argument(
        help="built-in arrangement (e.g. NATO, CSTO, ANZUS) or an ATOP alliance as atop:3180"
    ),
]
RuleOpt = Annotated[
    str,
    typer.Option(
        "--membership", help="midyear (member on 1 July) or any (member on any day of the year)"
    ),
]


def burden_cmd(
    arrangement: ArrangementArg,
    years: Annotated[str | None, typer.Option(help="YYYY or YYYY-YYYY (default 1949-2024)")] = None,
    threshold: Annotated[
        list[float] | None,
        typer.Option(help="guideline in % of GDP; repeat for several (default 2)"),
    ] = None,
    olson_zeckhauser: Annotated[
        bool, typer.Option("--olson-zeckhauser", help="Spearman rho of GDP vs ME/GDP by year")
    ] = False,
    summary: Annotated[
        bool, typer.Option("--summary", help="one row per year instead of per member")
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option(help="draw the charts to FILE; its suffix (.png, .svg, .pdf) sets the format"),
    ] = None,
    membership: RuleOpt = "midyear",
    show: Annotated[
        str | None,
        typer.Option(
            help="with --olson-zeckhauser, the one table for CSV or Parquet: "
            "olson_zeckhauser (default) or published_1964 (NATO 1964)"
        ),
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Members' military spending, GDP, burden and guideline compliance (SIPRI, NMC)."""
    api = importlib.import_module("foedus.burden")

    if plot is not None:
        figure_path(plot)  # a wrong suffix or folder is refused before any work
    if show is not None and not olson_zeckhauser:
        raise FoedusError(
            f"--show {show!r} chooses a table of --olson-zeckhauser; accepted: --show "
            "with --olson-zeckhauser"
        )
    thresholds = tuple(threshold or (api.GUIDELINES["nato_2014"],))
    table = api.burden(arrangement, years, thresholds=thresholds, rule=membership)
    label = table.attrs["arrangement"]
    if olson_zeckhauser:
        _olson_zeckhauser(table, label, plot, fmt, output, show)
        return
    if plot is not None:
        _plot_burden(table, plot)
    if summary:
        emit(
            api.burden_summary(table),
            fmt,
            output,
            title=f"{label}: burden by year",
            table_view=_summary_view,
        )
        return
    emit(
        table,
        fmt,
        output,
        title=f"{label}: military spending and burden (SIPRI)",
        table_view=_member_view,
    )


def _olson_zeckhauser(
    table: pd.DataFrame,
    label: str,
    plot: Path | None,
    fmt: Format | None,
    output: Path | None,
    show: str | None,
) -> None:
    api = importlib.import_module("foedus.burden")

    series = api.olson_zeckhauser(table)
    if plot is not None:
        from foedus.plotting import new_figure, plot_olson_zeckhauser, save_figure

        fig, panels = new_figure(figsize=(10, 4.8))
        plot_olson_zeckhauser(series, label, ax=panels["A"])
        note(f"wrote the chart to {save_figure(fig, plot)}")
    ref = api.OLSON_ZECKHAUSER_1966
    published = label == "NATO" and ref["year"] in set(series["year"])
    sections = {"olson_zeckhauser": series}
    if published:
        sections["published_1964"] = api.olson_zeckhauser_1964()
    emit(
        sections,
        fmt,
        output,
        title=f"{label}: Olson–Zeckhauser test (GDP vs ME/GDP)",
        table_view={"olson_zeckhauser": _rounded, "published_1964": _comparison_view},
        show=show,
    )


def _plot_burden(table: pd.DataFrame, plot: Path) -> None:
    """Scatter and ranking in the last year with data, compliance over the years."""
    from foedus.plotting import (
        new_figure,
        plot_burden_ranking,
        plot_burden_scatter,
        plot_compliance,
        save_figure,
    )

    top = max(6.5, 0.2 * int(table.groupby("year").size().max()) + 1.5)
    fig, panels = new_figure(
        [["scatter", "ranking"], ["compliance", "compliance"]],
        figsize=(14, top + 4.5),
        height_ratios=(top, 4.5),
    )
    plot_burden_scatter(table, ax=panels["scatter"])
    plot_burden_ranking(table, ax=panels["ranking"])
    plot_compliance(table, ax=panels["compliance"])
    note(f"wrote the chart to {save_figure(fig, plot)}")


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.round(4)


def _summary_view(frame: pd.DataFrame) -> pd.DataFrame:
    view = frame.copy()
    for col in ("milex_constant_usd_m", "milex_current_usd_m"):
        view[col] = view[col].round().astype("Int64")
    shares = [c for c in view.columns if "share" in c]
    view[shares] = (view[shares] * 100).round(2)
    # compliance and the alliance's share first: they are what fits in 80 columns
    meets = [c for c in view.columns if c.startswith("meets_") and not c.endswith("_share")]
    first = ["year", "members", "with_data", *meets, "alliance_share_gdp", "median_share_gdp"]
    view = view[first + [c for c in view.columns if c not in first]]
    names = {c: f"{c}_%" for c in shares} | {"alliance_share_gdp": "alliance_gdp_%"}
    return view.rename(columns=names | {"median_share_gdp": "median_gdp_%"})


def _member_view(frame: pd.DataFrame) -> pd.DataFrame:
    meets = [c for c in frame.columns if c.startswith("meets_")]
    view = pd.DataFrame(
        {
            "state": frame["state"],
            "year": frame["year"],
            "milex_usd_m": frame["milex_current_usd_m"].round().astype("Int64"),
            "gdp_usd_bn": (frame["gdp_current_usd_m"] / 1e3).round().astype("Int64"),
            "share_gdp_%": (frame["milex_share_gdp"] * 100).round(2),
            "of_spending_%": (frame["spending_share"] * 100).round(2),
            "of_gdp_%": (frame["gdp_share"] * 100).round(2),
            "ratio": frame["burden_ratio"].round(2),
        }
    )
    return pd.concat(
        [view, frame[meets].rename(columns=lambda c: c.removeprefix("meets_"))], axis=1
    )


def _comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(rho=frame["rho"].map("{:.3f}".format))


def allocate_cmd(
    arrangement: ArrangementArg,
    year: Annotated[int, typer.Option("--years", help="YYYY: the year of the GDP and spending")],
    target: Annotated[
        str,
        typer.Option(help="collective target: N%gdp of combined GDP, or an amount like 1.5tusd"),
    ] = "2%gdp",
    rule: Annotated[str, typer.Option(help="ability, benefit or equal")] = "ability",
    floor: Annotated[
        list[str] | None,
        typer.Option(
            help="VALUE for all members or STATE=VALUE; VALUE is N% of GDP or an amount "
            "(e.g. 1%, USA=3.5%, LUX=1busd); repeatable"
        ),
    ] = None,
    ceiling: Annotated[list[str] | None, typer.Option(help="as --floor")] = None,
    threat: Annotated[str | None, typer.Option(help="the threat, for --rule benefit")] = None,
    scale_km: Annotated[
        float, typer.Option(help="benefit rule: distance at which proximity halves (km)")
    ] = 1000.0,
    membership: RuleOpt = "midyear",
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Fair shares of a collective spending target, with each member's gap and its cost."""
    from foedus.burden import allocate

    table = allocate(
        arrangement,
        year,
        target,
        rule,
        floors=_bounds(floor, "--floor"),
        ceilings=_bounds(ceiling, "--ceiling"),
        threat=threat,
        scale_km=scale_km,
        membership_rule=membership,
    )
    total = table.attrs["target_usd_m"]
    title = (
        f"{arrangement} {year}: {rule} shares of {target} (US$ {total:,.0f} m); "
        f"cost to close all gaps US$ {table['cost_to_close_usd_m'].sum():,.0f} m"
    )
    emit(table, fmt, output, title=title, table_view=_allocation_view)


def _bounds(values: list[str] | None, option: str) -> dict[str, str] | None:
    """``["1%", "USA=3%"]`` -> ``{"*": "1%", "USA": "3%"}``."""
    if not values:
        return None
    out = {}
    for value in values:
        key, sep, amount = value.rpartition("=")
        if sep and not key.strip():
            raise FoedusError(
                f"{option} {value!r} has no state before '='; accepted: VALUE or "
                "STATE=VALUE (e.g. 1%, USA=3.5%)"
            )
        out[key.strip() or "*"] = amount.strip()
    return out


def _allocation_view(frame: pd.DataFrame) -> pd.DataFrame:
    def millions(col: str) -> pd.Series:
        return frame[col].round().astype("Int64")

    return pd.DataFrame(
        {
            "state": frame["state"],
            "gdp_usd_bn": (frame["gdp_current_usd_m"] / 1e3).round().astype("Int64"),
            "milex_usd_m": millions("milex_current_usd_m"),
            "share_gdp_%": (frame["milex_share_gdp"] * 100).round(2),
            "weight_%": (frame["weight"] * 100).round(2),
            "fair_usd_m": millions("fair_share_usd_m"),
            "fair_gdp_%": (frame["fair_share_gdp"] * 100).round(2),
            "gap_usd_m": millions("gap_usd_m"),
            "cost_usd_m": millions("cost_to_close_usd_m"),
            "bound": frame["bound"],
        }
    )


def register(app: typer.Typer) -> None:
    app.command("burden")(burden_cmd)
    app.command("allocate")(allocate_cmd)
