"""Scenario briefs: one self-contained HTML file (inline SVG maps, no script, no external
request) or a PDF printed from it, for ``foedus brief scenario`` and the web app.

A brief holds the entrants by round on a map, the Monte Carlo join probabilities, every
obligation the war bears on with its clause and the source of that clause, the citations of
the datasets used, the assumptions, and the command that reproduces it.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from foedus.errors import FoedusError
from foedus.web.brief_maps import SIDE_COLOURS, entrants_map, map_source, probability_map

if TYPE_CHECKING:
    from foedus.store import Store

SUFFIXES = (".html", ".htm", ".pdf")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
PDF_SECONDS = 120


@dataclass(frozen=True)
class BriefRequest:
    """The parameters of ``foedus brief scenario`` (those of ``foedus scenario``)."""

    attacker: tuple[str, ...]
    target: tuple[str, ...]
    on: str | None = None
    location: tuple[str, ...] = ()
    provoked: str = "no"
    entrant: tuple[str, ...] = ()
    runs: int = 1000
    seed: int = 0
    honour: tuple[str, ...] = ()
    free_join: float = 0.0
    unknown: str = "unmet"
    sources: str | None = None

    def command(self, output: str = "brief.html") -> str:
        """The ``foedus brief scenario`` command line that writes this brief again."""
        argv = ["foedus", "brief", "scenario"]
        for name, values in (
            ("--attacker", self.attacker),
            ("--target", self.target),
            ("--location", self.location),
            ("--entrant", self.entrant),
            ("--honour", self.honour),
        ):
            for value in values:
                argv += [name, value]
        argv += ["--on", str(self.on or dt.date.today())]
        if self.provoked != "no":
            argv += ["--provoked", self.provoked]
        argv += ["--runs", str(self.runs), "--seed", str(self.seed)]
        if self.free_join:
            argv += ["--free-join", repr(self.free_join)]
        if self.unknown != "unmet":
            argv += ["--unknown", self.unknown]
        if self.sources:
            argv += ["--sources", self.sources]
        return shlex.join([*argv, "-o", output])


def scenario_brief(
    request: BriefRequest, *, output: str = "brief.html", store: Store | None = None
) -> str:
    """The brief of a scenario as one HTML document.

    Parameters
    ----------
    request
        The scenario and the Monte Carlo settings (``runs`` 0: deterministic only).
    output
        The file name the reproducing command writes.
    store
        The store to read (default ``Store()``).

    Returns
    -------
    str
        A complete HTML document with inline CSS and SVG, and no script or external link.
    """
    from foedus import __version__
    from foedus.report import build_scenario, scenario_sections

    scenario = build_scenario(
        request.attacker,
        request.target,
        request.on,
        location=request.location,
        provoked=request.provoked,
        entrant=request.entrant,
    )
    sections = scenario_sections(
        scenario,
        runs=request.runs,
        seed=request.seed,
        honour=request.honour,
        free_join=request.free_join,
        unknown=request.unknown,
        sources=request.sources,
        store=store,
    )
    on = scenario.date.isoformat()
    title = f"{', '.join(request.attacker)} attacks {', '.join(request.target)} on {on}"
    entrants = sections["entrants"]
    body = [
        f"<h1>Scenario brief: {escape(title)}</h1>",
        f'<p class="muted">foedus {escape(__version__)} · written '
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · deterministic cascade and "
        f"{request.runs:,} Monte Carlo runs (seed {request.seed})</p>",
        _summary(sections),
        "<h2>Entrants by round</h2>",
        entrants_map(entrants, on),
        _table(entrants, ["round", "state", "side", "via", "arrangement", "clause", "source"]),
    ]
    if "states" in sections:
        body += [
            f"<h2>Join probabilities ({request.runs:,} Monte Carlo runs, seed {request.seed})</h2>",
            probability_map(sections["states"], on),
            _probabilities(sections),
        ]
    body += [
        "<h2>Obligations the war bears on: clauses and their sources</h2>",
        _clauses(sections["triggered"], scenario.date),
    ]
    if len(sections["flags"]):
        body += ["<h2>Flags</h2>", _table(sections["flags"], list(sections["flags"].columns))]
    body += [
        "<h2>Assumptions</h2>",
        _assumptions(request, scenario, sections["triggered"]),
        "<h2>Data</h2>",
        _citations(sections, request, store),
        "<h2>Reproduce</h2>",
        f"<pre>{escape(request.command(output))}</pre>",
    ]
    return _page(title, "\n".join(body))


def write_brief(html: str, output: str | os.PathLike[str]) -> Path:
    """Write a brief to ``output``: HTML for ``.html``/``.htm``, a PDF printed by headless
    Chromium for ``.pdf``. Raises :class:`FoedusError` for another suffix, a folder that
    cannot be written, or no Chromium to print with."""
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FoedusError(
            f"-o {path}: the suffix {path.suffix or '(none)'!r} is not a brief format; "
            f"accepted: {', '.join(SUFFIXES)}"
        )
    try:
        if suffix == ".pdf":
            print_pdf(html, path)
        else:
            path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise FoedusError(
            f"cannot write -o {path}: {exc.strerror or exc}; accepted: a file in an existing, "
            "writable folder"
        ) from None
    return path


def check_output(output: str | os.PathLike[str]) -> Path:
    """``output`` if its suffix is a brief format and its folder exists, else one-line error
    (checked before the scenario is computed)."""
    path = Path(output)
    if path.suffix.lower() not in SUFFIXES:
        raise FoedusError(
            f"-o {path}: the suffix {path.suffix or '(none)'!r} is not a brief format; "
            f"accepted: {', '.join(SUFFIXES)}"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir() or not os.access(folder, os.W_OK) or path.is_dir():
        raise FoedusError(
            f"cannot write -o {path}: {folder} is not a writable folder; accepted: a file in "
            "an existing, writable folder"
        )
    return path


def print_pdf(html: str, path: Path) -> None:
    """Print ``html`` to the PDF ``path`` with headless Chromium (``$FOEDUS_CHROMIUM``, else
    the first of :data:`CHROMIUM` on the PATH); the page loads nothing from the network."""
    browser = os.environ.get("FOEDUS_CHROMIUM") or next(
        (found for name in CHROMIUM if (found := shutil.which(name))), None
    )
    if browser is None:
        raise FoedusError(
            f"-o {path}: printing a PDF needs Chromium, which is not installed; accepted: "
            "-o FILE.html, or install chromium (e.g. apt-get install chromium)"
        )
    target = path.resolve()
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "No such file or directory", str(target.parent))
    with tempfile.TemporaryDirectory(prefix="foedus-brief-") as tmp:
        page = Path(tmp) / "brief.html"
        page.write_text(html, encoding="utf-8")
        argv = [browser, "--headless", "--disable-gpu", "--no-pdf-header-footer"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            argv.append("--no-sandbox")
        argv += [f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}", page.as_uri()]
        try:
            done = subprocess.run(argv, capture_output=True, timeout=PDF_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise FoedusError(
                f"-o {path}: Chromium did not print within {PDF_SECONDS} s; accepted: -o FILE.html"
            ) from None
    if done.returncode != 0 or not target.is_file():
        last = (done.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        raise FoedusError(f"-o {path}: Chromium could not print the PDF ({last[:120]})")


# ---------------------------------------------------------------- sections


def _summary(sections: Mapping[str, pd.DataFrame]) -> str:
    entrants = sections["entrants"]
    joined = entrants[entrants["round"] > 0]
    sides = {s: joined.loc[joined["side"] == s, "state"].tolist() for s in SIDE_COLOURS}
    rounds = int(entrants["round"].max()) if len(entrants) else 0
    parts = [
        f"In the deterministic cascade (every triggered pledge honoured) "
        f"{len(sides['target'])} states join the target side and {len(sides['attacker'])} "
        f"the attacker side over {rounds} round{'s' * (rounds != 1)}."
    ]
    summary = sections.get("summary")
    if summary is not None and len(summary):
        size = summary.iloc[0]
        parts.append(
            f"Over the Monte Carlo runs the war draws in {size['mean']:.1f} states on average "
            f"(median {size['median']:.0f}; 95% of runs {size['p2.5']:.0f}-{size['p97.5']:.0f})."
        )
    return f"<p>{escape(' '.join(parts))}</p>"


def _probabilities(sections: Mapping[str, pd.DataFrame]) -> str:
    states = sections["states"]
    rows = states[states["p_enters"] > 0].copy()
    rows["chance"] = [
        f'<span class="bar" style="width:{100 * p:.1f}px"></span>' for p in rows["p_enters"]
    ]
    columns = ["state", "p_enters", "chance", "p_target_side", "p_attacker_side", "mean_round"]
    parts = [_table(rows, columns, raw={"chance"})]
    if "summary" in sections:
        parts.append(_table(sections["summary"], list(sections["summary"].columns)))
    return "\n".join(parts)


def _clauses(triggered: pd.DataFrame, on: dt.date) -> str:
    if not len(triggered):
        return "<p>No obligation bears on this war.</p>"
    keys = ["arrangement", "clause", "type", "role", "beneficiary", "triggered", "reason"]
    grouped = (
        triggered.fillna({"reason": ""})
        .groupby(keys, sort=False, dropna=False, observed=True)["obligor"]
        .agg(lambda s: ", ".join(sorted(set(s))))
        .reset_index()
        .rename(columns={"obligor": "obligors"})
    )
    table = _table(grouped, ["arrangement", "clause", "type", "role", "triggered", "obligors"])
    notes = _clause_sources(triggered, on)
    items = "".join(
        f"<li><b>{escape(name)}</b>: {escape(source)}</li>" for name, source in notes.items()
    )
    reasons = grouped.drop_duplicates(["arrangement", "clause", "reason"])
    why = "".join(
        f"<li><b>{escape(r.arrangement)}</b>, {escape(r.clause)}: {escape(r.reason)}</li>"
        for r in reasons.itertuples()
        if r.reason
    )
    return (
        f"{table}\n<h3>Why each is or is not triggered</h3><ul>{why}</ul>\n"
        f"<h3>Sources of the clauses</h3><ul>{items}</ul>"
    )


def _clause_sources(triggered: pd.DataFrame, on: dt.date) -> dict[str, str]:
    """Arrangement name -> where its clauses come from (the built-in source note, or ATOP)."""
    import foedus
    from foedus.sources import spec

    built = foedus.arrangements(on=on)
    notes = dict(zip(built["name"], built["source"], strict=True))
    out: dict[str, str] = {}
    for name, source in (
        triggered[["arrangement", "source"]].drop_duplicates().itertuples(index=False)
    ):
        if source == "built-in":
            out[name] = f"foedus built-in set: {notes.get(name, 'see foedus arrangements')}"
        else:
            out[name] = f"{source}: {spec('atop').citation}"
    return out


def _assumptions(request: BriefRequest, scenario: Any, triggered: pd.DataFrame) -> str:
    from foedus.cascade import honour_probabilities
    from foedus.report import parse_honour

    year = scenario.date.year
    # the published rates, replaced by the calibrated ones and by any TYPE=P given
    rates = {**honour_probabilities(year), **parse_honour(request.honour, year)}
    honour = ", ".join(f"{k} {v:.2f}" for k, v in rates.items())
    origin = (
        "calibrated on ATOP and COW wars where loaded"
        if "calibrated" in request.honour
        else "Berkemeier & Fuhrmann (2018) rates by type and era"
    )
    used = " and ".join(sorted(set(triggered["source"]))) or "no obligation"
    provoked = {"yes": "provoked by the targets", "no": "not provoked by the targets"}
    items = [
        f"Date: {scenario.date}; attackers {', '.join(request.attacker)}; targets "
        f"{', '.join(request.target)}.",
        "Location: "
        + (", ".join(request.location) or "the targets' home regions")
        + " (location conditions of clauses are checked against it).",
        "Provocation: " + provoked.get(request.provoked, "unknown whether provoked") + ".",
        f"Conditions whose status is unknown: {request.unknown} "
        + ("(counted as not met)." if request.unknown == "unmet" else "(counted as met)."),
        "Further belligerents asserted: " + (", ".join(request.entrant) or "none") + ".",
        "Entrants by round: the deterministic cascade, every triggered pledge honoured; a "
        "state joins the side its first triggered obligation puts it on.",
        f"Monte Carlo: a triggered pledge is honoured with probability by type ({honour}; "
        f"{origin}); chance per round of joining without obligation {request.free_join}.",
        "Obligations: "
        + (request.sources or "ATOP 5.1 up to 2018 when loaded, else the built-in set")
        + f"; this brief's come from {used}.",
        "Map: today's borders (Natural Earth 1:110m); a dissolved state is drawn on its "
        "successors' land.",
    ]
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _citations(
    sections: Mapping[str, pd.DataFrame], request: BriefRequest, store: Store | None
) -> str:
    from foedus.data.cooperation import loaded_sources
    from foedus.sources import spec

    used = set(sections["triggered"]["source"]) | set(sections["entrants"]["source"])
    names = []
    if any(str(s).startswith("ATOP") for s in used):
        names.append("atop")
    loaded = loaded_sources(("cow_nmc", "cow_war", "atop"), store)
    if "summary" in sections and "cow_nmc" in loaded:
        names.append("cow_nmc")
    if "calibrated" in request.honour and "cow_war" in loaded:
        names += [n for n in ("atop", "cow_war") if n not in names]
    items = [f"<li>{escape(spec(n).title)}: {escape(spec(n).citation)}</li>" for n in names]
    if "built-in" in used:
        items.append(
            "<li>foedus built-in reference set: treaty texts and official dates, each "
            "arrangement with its source note (listed above).</li>"
        )
    items.append(
        "<li>Berkemeier, Molly, and Matthew Fuhrmann. 2018. \u201cReassessing the Fulfillment "
        "of Alliance Commitments in War.\u201d Research &amp; Politics 5(2) (honouring "
        "rates).</li>"
    )
    items.append(f"<li>Map: {escape(map_source())}.</li>")
    return "<ul>" + "".join(items) + "</ul>"


# ---------------------------------------------------------------- tables


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"
    return escape(str(value))


def _table(frame: pd.DataFrame, columns: Sequence[str], raw: set[str] | None = None) -> str:
    raw = raw or set()
    columns = [c for c in columns if c in frame.columns]
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in columns)
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{row[c] if c in raw else _cell(row[c])}</td>" for c in columns)
        + "</tr>"
        for row in frame[columns].to_dict(orient="records")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;margin:2em auto;
max-width:1000px;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ccd;
padding-bottom:.2em}h3{font-size:1.05em}
.muted{color:#667}table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:12.5px}
th,td{border-bottom:1px solid #e3e6ea;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f5f8}tr{page-break-inside:avoid}.map{width:100%;height:auto;display:block}
.mark{font-size:9px;font-weight:700;fill:#fff;text-anchor:middle;dominant-baseline:middle;
paint-order:stroke;stroke:#1d2330;stroke-width:1.6px}
.legend span{margin-right:1.2em;white-space:nowrap}.legend i{display:inline-block;width:12px;
height:12px;border:1px solid #999;margin-right:4px;vertical-align:-2px}
.bar{display:inline-block;height:10px;background:#1f5fa8}
pre{background:#f3f5f8;padding:.6em;white-space:pre-wrap;word-break:break-all}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>foedus brief: {escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
