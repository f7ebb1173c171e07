"""Networks: ATOP dyad coding, blocs and modularity, polarization, k-step allies, export."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from foedus.dyads import atop_ties
from foedus.errors import FoedusError, NotLoadedError
from foedus.networks import (
    blocs,
    centrality,
    export,
    indirect_allies,
    modularity,
    network,
    network_metrics,
    network_ties,
    polarization,
)
from foedus.states import system_years

OBLIGATIONS = ["defense", "offense", "neutral", "nonagg", "consul"]


def _member(rows: list[tuple]) -> pd.DataFrame:
    cols = ["atopid", "member", "entry", "exit", *OBLIGATIONS, "obvary"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["entry"] = pd.to_datetime(frame["entry"])
    frame["exit"] = pd.to_datetime(frame["exit"])
    return frame.assign(phase=0)


def _triple_alliance_members() -> pd.DataFrame:
    return _member(
        [
            # 1: symmetric defense pact FRN-RUS 1894-1917
            (1, 220, "1894-01-04", "1917-12-31", 1, 0, 0, 0, 1, 0),
            (1, 365, "1894-01-04", "1917-12-31", 1, 0, 0, 0, 1, 0),
            # 2: asymmetric guarantee, UKG defends POR (POR promises only consultation)
            (2, 200, "1899-10-14", None, 1, 0, 0, 0, 1, 0),
            (2, 235, "1899-10-14", None, 0, 0, 0, 0, 1, 0),
            # 3: obligations vary by partner: GMY and AUH pledge defense (to each other),
            #    ROM pledges nothing to ITA; ITA joins later with consultation only
            (3, 255, "1883-10-30", "1918-11-11", 1, 0, 0, 0, 1, 1),
            (3, 300, "1883-10-30", "1918-11-11", 1, 0, 0, 0, 1, 1),
            (3, 325, "1888-05-15", "1915-05-23", 0, 0, 0, 0, 1, 0),
            # 4: neutrality pact GMY-RUS that lapses in 1890
            (4, 255, "1887-06-18", "1890-06-18", 0, 0, 1, 0, 0, 0),
            (4, 365, "1887-06-18", "1890-06-18", 0, 0, 1, 0, 0, 0),
        ]
    )


def _coding(member: pd.DataFrame) -> pd.DataFrame:
    """A directed dyad-year coding as ATOP's atop5_1ddyr would give it: the member rule,
    except that GMY and AUH owe ITA no defense (their obligations vary by partner)."""
    coding = atop_ties(member)
    to_italy = coding["ccode2"].eq(325) & coding["ccode1"].isin([255, 300])
    return coding.assign(defense=coding["defense"].where(~to_italy, 0))


@pytest.fixture
def members_only(store):
    store.write_source("atop", "5.1", {"member": _triple_alliance_members()}, citation="test")
    return store


@pytest.fixture
def atop_store(members_only):
    coding = _coding(_triple_alliance_members())
    members_only.write_source("atop_ddyr", "5.1", {"ddyr": coding}, citation="test")
    return members_only


def _dyad(frame: pd.DataFrame, a: int, b: int, year: int) -> pd.Series | None:
    hit = frame[(frame.ccode1 == a) & (frame.ccode2 == b) & (frame.year == year)]
    return None if hit.empty else hit.iloc[0]


def _layers(store, years) -> pd.DataFrame:
    """Dyad-years with a 0/1 column per ATOP layer, as the old atop_ties frame."""
    t = network_ties(list(LAYER_FLAGS), years, store)
    wide = (
        t.assign(layer=t["layer"].astype(str).map(LAYER_FLAGS), tied=1)
        .pivot_table(index=["ccode1", "ccode2", "year"], columns="layer", values="tied")
        .reindex(columns=OBLIGATIONS)
        .fillna(0)
        .astype(int)
    )
    return wide.reset_index()


LAYER_FLAGS = dict(
    zip(
        ["defense", "offense", "neutrality", "nonaggression", "consultation"],
        OBLIGATIONS,
        strict=True,
    )
)


def test_atop_layers_follow_atops_directed_coding(atop_store):
    t = _layers(atop_store, (1880, 2018))
    assert _dyad(t, 220, 365, 1900)[OBLIGATIONS].tolist() == [1, 0, 0, 0, 1]
    assert _dyad(t, 220, 365, 1918) is None  # exit 1917
    assert _dyad(t, 200, 235, 2018)["defense"] == 1  # either direction counts
    assert _dyad(t, 255, 300, 1900)["defense"] == 1  # both pledge
    ita = _dyad(t, 255, 325, 1900)  # the coding: GMY's pledge is not to ITA
    assert ita["defense"] == 0 and ita["consul"] == 1
    assert _dyad(t, 255, 365, 1890)["neutral"] == 1
    assert _dyad(t, 255, 365, 1891) is None
    assert t.year.min() == 1883 and set(t.year[t.ccode1 == 200]) == set(range(1899, 2019))


def test_atop_layers_without_the_coding_use_the_member_rule(members_only):
    # the member rows alone say GMY pledges defense to every partner, ITA included
    # (foedus.dyads rules 1-2): the same answer panels give without atop_ddyr
    t = _layers(members_only, (1900, 1900))
    assert _dyad(t, 255, 325, 1900)[["defense", "consul"]].tolist() == [1, 1]
    assert _dyad(t, 220, 365, 1900)["defense"] == 1


def test_ties_layers_and_errors(atop_store):
    defense = network_ties("defense", (1900, 1900), atop_store)
    assert set(zip(defense.ccode1, defense.ccode2, strict=True)) == {
        (220, 365),
        (200, 235),
        (255, 300),
    }
    multiplex = network_ties("defense,consultation", (1900, 1900), atop_store)
    assert set(multiplex.layer) == {"defense", "consultation"}
    assert len(multiplex[multiplex.layer == "consultation"]) == 5  # every shared membership
    with pytest.raises(FoedusError, match="layer 'friendship' is unknown"):
        network_ties("friendship", 1900, atop_store)
    with pytest.raises(NotLoadedError, match="dcad"):
        network_ties("dca", 2000, atop_store)


def test_network_metrics(atop_store):
    m = network_metrics((1900, 1900), "defense", atop_store).iloc[0]
    n = int((system_years((1900, 1900))["year"] == 1900).sum())
    assert m["states"] == n and m["ties"] == 3
    assert m["density"] == pytest.approx(3 / (n * (n - 1) / 2))
    assert m["isolates"] == n - 6 and m["components"] == 3 and m["largest_component"] == 2
    assert m["blocs"] == 3 and m["polarization"] == pytest.approx(4 * 3 * (1 / 3) ** 2 * (2 / 3))
    # three separate edges: Q = Σ_c [1/3 − (2/6)²] = 2/3
    assert m["modularity"] == pytest.approx(2 / 3)
    assert m["dyads_1"] == 3 and m["dyads_2"] == 0


def test_builtin_intelligence_layer_is_five_eyes(store):
    net = network(2000, "intelligence_sharing", store)
    assert len(net.edges) == 10
    codes = set(net.edges.ccode1) | set(net.edges.ccode2)
    assert codes == {2, 20, 200, 900, 920}  # USA, CAN, UKG, AUL, NEW


def _two_cliques() -> np.ndarray:
    adj = np.zeros((8, 8))
    for group in (range(4), range(4, 8)):
        for i in group:
            for j in group:
                adj[i, j] = i != j
    adj[3, 4] = adj[4, 3] = 1
    return adj


def test_blocs_two_cliques():
    adj = _two_cliques()
    labels = blocs(adj)
    assert len(set(labels[:4])) == 1 and len(set(labels[4:])) == 1 and labels[0] != labels[7]
    # 13 edges, each bloc 6 inside and degree sum 13: Q = 2·(6/13 − (13/26)²)
    assert modularity(adj, labels) == pytest.approx(2 * (6 / 13 - 0.25))
    assert polarization(labels) == pytest.approx(1.0)


def test_blocs_karate_club_matches_newman_2006():
    nx = pytest.importorskip("networkx")
    g = nx.karate_club_graph()
    adj = nx.to_numpy_array(g, nodelist=range(34), weight=None)
    labels = blocs(adj)
    # Newman (2006, PNAS 103: 8577), Table 1: Zachary's karate club, Q = 0.419
    assert round(modularity(adj, labels), 3) == 0.419
    assert modularity(adj, labels) == pytest.approx(
        nx.community.modularity(
            g, [set(np.flatnonzero(labels == c)) for c in range(labels.max() + 1)], weight=None
        )
    )


def test_polarization_values():
    assert polarization(np.array([0, 0, 0, 0])) == 0
    assert polarization(np.array([0, 0, 0, 1])) == pytest.approx(0.75)
    assert polarization(np.array([0, 0, 1, 1, -1, -1])) == pytest.approx(1.0)
    assert np.isnan(polarization(np.array([-1, -1])))


@pytest.fixture
def chain_store(store):
    # defense chain USA - CAN - UKG - FRN, 1950
    member = _member(
        [
            (1, 2, "1950-01-01", "1950-12-31", 1, 0, 0, 0, 0, 0),
            (1, 20, "1950-01-01", "1950-12-31", 1, 0, 0, 0, 0, 0),
            (2, 20, "1950-01-01", "1950-12-31", 1, 0, 0, 0, 0, 0),
            (2, 200, "1950-01-01", "1950-12-31", 1, 0, 0, 0, 0, 0),
            (3, 200, "1950-01-01", "1950-12-31", 1, 0, 0, 0, 0, 0),
            (3, 220, "1950-01-01", "1950-12-31", 1, 0, 0, 0, 0, 0),
        ]
    )
    store.write_source("atop", "5.1", {"member": member}, citation="test")
    return store


def test_indirect_allies_three_degree_horizon(chain_store):
    within = indirect_allies(1950, "defense", k=3, store=chain_store)
    dist = {(r.ccode1, r.ccode2): r.distance for r in within.itertuples()}
    assert dist == {(2, 20): 1, (20, 200): 1, (200, 220): 1, (2, 200): 2, (20, 220): 2, (2, 220): 3}
    assert len(indirect_allies(1950, "defense", k=2, store=chain_store)) == 5
    with pytest.raises(FoedusError, match="k 0"):
        indirect_allies(1950, "defense", k=0, store=chain_store)


def test_centrality_of_a_chain(chain_store):
    c = centrality(1950, "defense", chain_store).set_index("ccode")
    assert c.loc[20, "degree"] == 2 and c.loc[2, "degree"] == 1
    n = len(c)
    # betweenness of CAN on the path USA-CAN-UKG-FRN: 2 of (n-1)(n-2)/2 pairs
    assert c.loc[20, "betweenness"] == pytest.approx(2 / ((n - 1) * (n - 2) / 2))
    assert c.loc[20, "eigenvector"] > c.loc[2, "eigenvector"] > 0
    assert c.loc[365, "eigenvector"] == 0 and c.loc[365, "bloc"] == -1


def test_export_formats(chain_store, tmp_path):
    nx = pytest.importorskip("networkx")
    net = network(1950, "defense", chain_store)
    g = nx.read_graphml(export(net, tmp_path / "n.graphml"))
    assert g.number_of_nodes() == len(net.states) and g.number_of_edges() == 3
    assert g.nodes["20"]["abb"] == "CAN"
    assert nx.read_gexf(export(net, tmp_path / "n.gexf")).number_of_edges() == 3
    assert '"links"' in export(net, tmp_path / "n.json").read_text()
    with pytest.raises(FoedusError, match="suffix"):
        export(net, tmp_path / "n.xlsx")


def test_plot_network_draws_blocs_with_a_legend_and_caption(chain_store, tmp_path):
    pytest.importorskip("matplotlib")
    from foedus.plotting import new_figure, plot_network, save_figure

    fig, axes = new_figure(figsize=(10, 8))
    ax = plot_network(network(1950, "defense", chain_store), ax=axes["A"])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    # the chain USA-CAN-UKG-FRN splits in two blocs (Q = 1/6 > 0), best connected first,
    # states by ISO3 code; every other state has no tie
    n = len(network(1950, "defense", chain_store).states)
    assert legend == ["bloc 1 (2): CAN, USA", "bloc 2 (2): GBR, FRA", f"no tie ({n - 4})"]
    assert "defense network, 1950" in ax.get_title()
    assert any("ATOP 5.1" in t.get_text() for t in ax.texts)
    out = save_figure(fig, tmp_path / "net.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_store_layer_and_coverage(atop_store):
    dyads = pd.DataFrame(
        {
            "ccode1": [2, 2],
            "ccode2": [20, 200],
            "year": [1985, 1985],
            "dca_count": [2, 1],
            "dcaanyv2": [1, 1],
        }
    )
    atop_store.write_source("dcad", "1.0", {"dyadyears": dyads}, citation="test")
    dca = network_ties("dca", store=atop_store)
    assert list(dca.weight) == [2.0, 1.0] and set(dca.layer) == {"dca"}
    series = network_metrics(layer="dca", store=atop_store)
    assert list(series.year) == list(range(1980, 2011))
    assert series.set_index("year").loc[1985, "ties"] == 2
    with pytest.raises(FoedusError, match="outside the 'dca' layer's data; accepted: 1980-2010"):
        network(1975, "dca", atop_store)
    with pytest.raises(FoedusError, match="'defense' layer"):
        network_metrics((2010, 2020), "defense", atop_store)
    multiplex = network(1985, "dca,defense", atop_store)
    assert {tuple(x) for x in multiplex.edges.layers} == {("dca",), ("defense",)}


def test_atop_ties_pair_members_within_a_phase(store):
    # phase 1: FRN and RUS defend each other; phase 2 (from mid-1905): FRN and ITA consult
    member = _member(
        [
            (9, 220, "1900-01-01", "1905-06-30", 1, 0, 0, 0, 0, 0),
            (9, 365, "1900-01-01", "1905-06-30", 1, 0, 0, 0, 0, 0),
            (9, 220, "1905-07-01", "1910-12-31", 0, 0, 0, 0, 1, 0),
            (9, 325, "1905-07-01", "1910-12-31", 0, 0, 0, 0, 1, 0),
        ]
    ).assign(phase=[1, 1, 2, 2])
    store.write_source("atop", "5.1", {"member": member}, citation="test")
    t = _layers(store, (1900, 1910))
    assert _dyad(t, 220, 365, 1905)["defense"] == 1
    assert _dyad(t, 220, 325, 1905)[OBLIGATIONS].tolist() == [0, 0, 0, 0, 1]
    assert _dyad(t, 325, 365, 1905) is None  # never in the same phase


def test_a_store_path_with_an_apostrophe_and_spaces(tmp_path, monkeypatch):
    """Issue #11: the old SQL pasted the Parquet path into the query text."""
    from foedus.alignment import similarity
    from foedus.store import Store

    home = tmp_path / "it's a store"
    monkeypatch.setenv("FOEDUS_HOME", str(home))
    store = Store(home)
    store.write_source("atop", "5.1", {"member": _triple_alliance_members()}, citation="test")
    dyads = pd.DataFrame(
        {"ccode1": [2, 2], "ccode2": [20, 200], "year": [1985, 1985], "dca_count": 1, "dcaanyv2": 1}
    )
    store.write_source("dcad", "1.0", {"dyadyears": dyads}, citation="test")
    assert len(network(1900, "defense", store).edges) == 5
    assert network_metrics((1985, 1985), "dca", store).iloc[0]["ties"] == 2
    row = similarity(
        1900,
        "s",
        dyads=pd.DataFrame({"ccode1": [255], "ccode2": [300], "year": [1900]}),
        store=store,
    )
    assert row["s"].iloc[0] > 0.9
