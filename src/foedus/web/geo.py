"""Which country shapes of the map draw each state on a date.

The map's shapes are today's countries (Natural Earth 110m, keyed by ISO 3166-1 alpha-3; see
``foedus/web/build``). A state draws the shape of its own code; a state that has since
dissolved draws the shapes of its successors, after the formerly used codes of ISO 3166-3.
States too small for the 110m scale, and those whose successors carry another state of the
same date (the German Democratic Republic beside the Federal Republic), draw none and are
listed beside the map. A state identity follows the date (COW 345 is Serbia to 1918-11-30,
then Yugoslavia: Serbia draws its own shape, Yugoslavia those of its successors), and
:data:`GAINED` adds land a state held beyond today's borders for a span of dates.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

import foedus
from foedus.commitments import shared_obligations_on, state_name
from foedus.dates import parse_date

# ISO 3166-3 formerly used codes -> the ISO 3166-1 codes of today's countries on that land
FORMER: dict[str, tuple[str, ...]] = {
    "SUN": ("ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LVA", "LTU", "MDA", "RUS",
            "TJK", "TKM", "UKR", "UZB"),
    "YUG": ("BIH", "HRV", "MKD", "MNE", "SRB", "SVN", "XKX"),
    "SCG": ("MNE", "SRB", "XKX"),
    "CSK": ("CZE", "SVK"),
    "BUR": ("MMR",),
    "DHY": ("BEN",),
    "HVO": ("BFA",),
    "RHO": ("ZWE",),
    "ZAR": ("COD",),
}  # fmt: skip


# a state's land beyond its own shape for a span of dates (ISO3 of the state, first and
# last day, the further shapes drawn), each with its source
GAINED: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    (
        "SRB", "1913-08-10", "1918-11-30", ("XKX", "MKD"),
        "Treaty of Bucharest, 10 August 1913: Kosovo and Vardar Macedonia to Serbia",
    ),
    (
        "SRB", "2006-06-05", "2008-02-16", ("XKX",),
        "Kosovo, under UN administration (UNSC Res. 1244), part of Serbia until its "
        "declaration of independence of 17 February 2008",
    ),
)  # fmt: skip


def shapes_on(on: str | None) -> list[dict[str, Any]]:
    """Every state in the system on ``on``: COW code, name, ISO3 and the shapes it draws."""
    states = foedus.members_on(on)
    day = parse_date(on).isoformat()
    own = set(states["iso3"].dropna())
    out = []
    for row in states.itertuples(index=False):
        iso3 = row.iso3 if isinstance(row.iso3, str) else None
        shapes = FORMER.get(iso3, (iso3,)) if iso3 else ()
        if iso3 in FORMER:
            shapes = tuple(s for s in shapes if s not in own)
        shapes += tuple(
            extra
            for state, first, last, more, _ in GAINED
            if state == iso3 and first <= day <= last
            for extra in more
            if extra not in own
        )
        out.append(
            {"ccode": int(row.ccode), "name": row.name, "iso3": iso3, "shapes": list(shapes)}
        )
    return out


def obligations_toward(state: str, on: str | None) -> pd.DataFrame:
    """Every obligation any state owes ``state`` on ``on``, of every type: the rows of
    :func:`foedus.obligations_on` with ``obligor``/``beneficiary`` names beside their
    ``obligor_ccode``/``beneficiary_ccode``."""
    code = foedus.resolve(state, on=on).cow_code
    table = shared_obligations_on(on)  # read-only: filtered, not changed
    table = table[table["beneficiary"] == code]
    names = {s["ccode"]: s["name"] for s in shapes_on(on)}
    when = parse_date(on)
    # a party outside the state system that day (ATOP codes Monaco, Liechtenstein, San
    # Marino in the CSCE before COW lists them) is named by its own first or last name
    missing = set(table["obligor"]) - set(names)
    names |= {int(c): state_name(int(c), on=when) for c in missing}
    # the codes under their public names, beside the names (as in foedus.triggered)
    table = table.rename(columns={"obligor": "obligor_ccode", "beneficiary": "beneficiary_ccode"})
    for role in ("obligor", "beneficiary"):
        codes = table[f"{role}_ccode"]
        table.insert(table.columns.get_loc(f"{role}_ccode"), role, codes.map(names))
    return table.reset_index(drop=True)
