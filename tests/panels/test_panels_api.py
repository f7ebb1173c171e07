"""The panels' type metadata, argument checks and the data readers they use."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus import panels
from foedus.data.cow import read_nmc
from foedus.errors import FoedusError

T = pd.Timestamp
STATES = pd.DataFrame(
    {
        "ccode": [2, 200, 220],
        "start": [T("1816-01-01")] * 3,
        "end": [T("2016-12-31")] * 3,
    }
)


@pytest.fixture
def system(store):
    store.write_source("cow_states", "test", {"states": STATES}, citation="test fixture")
    return store


def test_panels_carry_their_type(system):
    sy = panels.state_years((2000, 2001), store=system)
    assert panels.panel_type(sy) == panels.PanelType("state-year", "cow")
    dy = panels.dyad_years((2000, 2001), directed=True, store=system)
    assert dy.attrs["panel"] == {"unit": "dyad-year", "system": "cow", "directed": True}
    # a directed panel cut to ccode1 < ccode2 is still directed: the type is recorded
    cut = dy[dy["ccode1"] < dy["ccode2"]]
    assert panels.panel_type(cut).directed is True
    undirected = panels.dyad_years((2000, 2001), store=system)
    assert panels.panel_type(undirected).directed is False
    # verbs keep the type
    nmc = pd.DataFrame({"ccode": [2], "year": [2000], **{c: [1.0] for c in panels.NMC_COLUMNS}})
    system.write_source("cow_nmc", "test", {"nmc": nmc}, citation="test fixture")
    assert panels.add_nmc(dy, store=system).attrs["panel"]["directed"] is True
    # a frame built by hand has its unit and system from its keys, directedness unknown
    bare = pd.DataFrame({"gwcode1": [2], "gwcode2": [200], "year": [2000]})
    assert panels.panel_type(bare) == panels.PanelType("dyad-year", "gw", None)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: panels.state_years((0, 5), store=s), "years 0-5 are outside"),
        (lambda s: panels.state_years((1816, 2010, 3), store=s), "years .* is not a year range"),
        (lambda s: panels.dyad_years("18x6", store=s), "years '18x6' is not a year range"),
        (lambda s: panels.dyad_years(1900, directed="yes", store=s), "directed='yes'"),
        (lambda s: panels.add_nmc(None, store=s), "frame None is not a panel"),
        (lambda s: panels.add_nmc([1, 2], store=s), "panel list is not a data frame"),
        (
            lambda s: panels.add_nmc(panels.state_years(1900, store=s), carry_forward=1, store=s),
            "carry_forward=1 is not a flag",
        ),
        (
            lambda s: panels.add_capital_distance(
                panels.dyad_years(1900, store=s), distance="flat", store=s
            ),
            "distance 'flat' is unknown; accepted: foedus, peacesciencer",
        ),
        (
            lambda s: panels.add_peace_years(
                panels.dyad_years(1900, store=s), since="end", store=s
            ),
            "since 'end' is unknown; accepted: onset, ongoing",
        ),
        (lambda s: panels.add(panels.dyad_years(1900, store=s), "nmc", store=s), "names 'nmc'"),
        (
            lambda s: panels.add_atop_alliance(
                pd.DataFrame({"ccode1": [2], "ccode2": [200], "year": [1900]}), store=s
            ),
            "directed=None for a panel that does not record",
        ),
    ],
)
def test_bad_arguments_are_named(system, call, message):
    with pytest.raises(FoedusError, match=message):
        call(system)


def test_read_nmc_years_and_columns(system):
    nmc = pd.DataFrame(
        {
            "ccode": [2, 2, 200],
            "year": [1999, 2000, 2000],
            **{c: [1.0, 2.0, 3.0] for c in panels.NMC_COLUMNS},
        }
    )
    system.write_source("cow_nmc", "test", {"nmc": nmc}, citation="test fixture")
    got = read_nmc(system, years=(2000, 2000), columns=("cinc", "milex"))
    assert list(got.columns) == ["ccode", "year", "cinc", "milex"]
    assert got[["ccode", "year"]].values.tolist() == [[2, 2000], [200, 2000]]
    with pytest.raises(FoedusError, match="NMC column 'gdp' is unknown; accepted: milex"):
        read_nmc(system, columns=("gdp",))
