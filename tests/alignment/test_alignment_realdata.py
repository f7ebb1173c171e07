"""S on ATOP 5.1 and NMC 7.0: Germany–Russia 1914, coverage of every system dyad-year."""

from __future__ import annotations

import pandas as pd
import pytest

from foedus.alignment import similarity
from foedus.sources import import_source
from foedus.store import Store


@pytest.fixture(scope="module")
def real(shared_data, tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("alignment_home"))
    import_source("atop", shared_data / "atop", store)
    import_source("cow_nmc", shared_data / "peacesciencer", store)
    import_source("unga", shared_data / "unga_idealpoints", store)
    return store


def test_germany_russia_1914_regional(real):
    """Signorino & Ritter (1999, Table 6) print S = 0.40 and weighted S = -0.45 for GMY–RUS
    in 1914 from COW alliance codes over 20 European states; ATOP 5.1 codes (one more
    level, more pacts) over COW's Europe give a similar picture."""
    dyad = pd.DataFrame({"ccode1": [255], "ccode2": [365], "year": [1914]})
    row = similarity(method="s,s_wt", domain="regional", dyads=dyad, store=real).iloc[0]
    assert row["s"] == pytest.approx(0.40, abs=0.1)
    assert row["s_wt"] == pytest.approx(-0.45, abs=0.05)
    glob = similarity(method="s,s_wt", dyads=dyad, store=real).iloc[0]
    assert glob["s"] > row["s"]  # many shared zeros outside Europe


def test_every_system_dyad_year(real, shared_data):
    out = similarity((1816, 2018), "s", store=real)
    ddy = pd.read_parquet(shared_data / "peacesciencer" / "cow_ddy.parquet")
    ddy = ddy[(ddy.year <= 2018) & (ddy.ccode1 < ddy.ccode2)]
    keys = ddy.merge(out, on=["ccode1", "ccode2", "year"], how="left")
    assert keys["s"].notna().all()
    # we keep pairs whose spells do not overlap within a year (e.g. 1990 GFR and GMY)
    assert 0 <= len(out) - len(ddy) < 100
    assert out["s"].between(-1, 1).all()
    y2000 = out[out.year == 2000].set_index(["ccode1", "ccode2"])["s"]
    assert y2000[(2, 200)] > y2000[(2, 365)]  # USA closer to the UK than to Russia


def test_un_similarity(real):
    dyads = pd.DataFrame({"ccode1": [2, 2], "ccode2": [200, 365], "year": [2000, 2000]})
    out = similarity(method="un", dyads=dyads, store=real)
    assert out.un_similarity.between(-1, 1).all()
    assert out.un_similarity.iloc[0] > out.un_similarity.iloc[1]  # UK closer to US than Russia
    points = real.table("unga", "idealpoints")
    x = points[points.year == 2000].set_index("ccode")["idealpointall"]
    assert out.un_distance.iloc[0] == pytest.approx(abs(x[2] - x[200]))
