"""Which years each panel verb's source covers, and the note saying where a panel leaves it.

Outside a source's years a verb's columns are missing (null), never zero; the CLI says so
once per source on stderr, from :func:`coverage_notes`.
"""

from __future__ import annotations

from collections.abc import Sequence

# verb (the CLI's --add name) -> the catalogued source whose years bound its columns
VERB_SOURCES: dict[str, str] = {
    "atop": "atop",
    "nmc": "cow_nmc",
    "contiguity": "cow_contiguity",
    "majors": "cow_majors",
    "mids": "cow_mid",
    "gml-mids": "gml_mid",
    "wars": "cow_war_ddy",
    "distance": "capitals",
    "mindist": "mindist",
    "igos": "cow_igo",
    "dcas": "dcad",
    "exercises": "mme",
    "arms": "sipri_arms",
    "idealpoints": "unga",
    "sipri-milex": "sipri_milex",
    "us-troops": "troops",
    "rivalries": "rivalries",
    "peace-years": "cow_mid",
    "democracy": "democracy",
    "sdp-gdp": "sdp_gdp",
    "trade": "cow_trade",
    "creg": "creg",
    "terrthreat": "terrthreat",
    "archigos": "leaders",
    "maoz-powers": "maoz_powers",
    "intra-wars": "cow_war_intra",
    "arms-races": "arms_races",
    "gwcode": "cow_gw_years",
    "ccode": "cow_gw_years",
    "gml-leader-mids": "gml_mid",
    "ucdp-acd": "ucdp_acd",
    "ucdp-onsets": "ucdp_onsets",
}
# how a note names each source (its version follows)
LABELS: dict[str, str] = {
    "atop": "ATOP",
    "cow_nmc": "COW NMC",
    "cow_contiguity": "COW Direct Contiguity",
    "cow_majors": "COW major powers",
    "cow_mid": "COW MID",
    "gml_mid": "GML MID",
    "cow_war_ddy": "COW Inter-State War",
    "capitals": "peacesciencer capitals",
    "mindist": "CShapes minimum distance",
    "cow_igo": "COW IGO",
    "dcad": "DCAD",
    "mme": "MME",
    "sipri_arms": "SIPRI arms transfers",
    "unga": "UNGA ideal points",
    "sipri_milex": "SIPRI military expenditure",
    "troops": "troopdata",
    "rivalries": "strategic rivalries",
    "democracy": "democracy scores",
    "sdp_gdp": "SDP/GDP",
    "cow_trade": "COW Trade",
    "creg": "CREG",
    "terrthreat": "latent territorial threat",
    "leaders": "Archigos",
    "maoz_powers": "Maoz powers",
    "cow_war_intra": "COW Intra-State War",
    "arms_races": "arms races",
    "cow_gw_years": "peacesciencer code crosswalk",
    "ucdp_acd": "UCDP/PRIO ACD",
    "ucdp_onsets": "UCDP onsets",
}


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def coverage_notes(
    names: Sequence[str],
    years: tuple[int, int],
    *,
    carry_forward: bool = False,
    carries: Sequence[str] = (),
) -> list[str]:
    """One line per source of the verbs ``names`` whose catalogued coverage
    (:func:`foedus.sources.coverage`) leaves out some of ``years``, e.g.
    ``"atop: 2019–2020 outside ATOP 5.1 (1815–2018); values missing; --carry-forward to
    reuse 2018"``.

    Parameters
    ----------
    names
        Verb names (keys of :data:`VERB_SOURCES`; others are skipped).
    years
        The panel's (first, last) years.
    carry_forward
        Whether the later years reuse the source's last year (for the verbs in
        ``carries``).
    carries
        The verbs that can carry their last year forward.

    Returns
    -------
    list of str
        The notes, sources in the order of their first verb.
    """
    from foedus.sources import coverage, spec

    first, last = years
    notes: list[str] = []
    seen: set[str] = set()
    for name in names:
        source = VERB_SOURCES.get(name)
        if source is None or source in seen:
            continue
        seen.add(source)
        lo, hi = coverage(source)
        label = f"{LABELS.get(source, source)} {spec(source).version} ({_span(lo, hi)})"
        early = _span(first, min(last, lo - 1)) if first < lo else None
        late = _span(max(first, hi + 1), last) if last > hi else None
        if early is None and late is None:
            continue
        spans = " and ".join(s for s in (early, late) if s is not None)
        text = f"{name}: {spans} outside {label}"
        carries_late = late is not None and name in carries
        if carries_late and carry_forward:
            reused = f"{hi} values reused" + (f" for {late}" if early else "")
            text += (f"; {early} values missing" if early else "") + f"; {reused} (--carry-forward)"
        else:
            text += "; values missing"
            if carries_late:
                text += f"; --carry-forward to reuse {hi}" + (f" for {late}" if early else "")
        notes.append(text)
    return notes
