"""The yearly multiplex network of military cooperation: layers, metrics, blocs, polarization.

Layers (one undirected tie per dyad-year, ``weight`` = strength where the source has one):

- ATOP 5.1 obligations (Leeds et al. 2002): ``defense``, ``offense``, ``neutrality``,
  ``nonaggression``, ``consultation``, and ``alliance`` (any of them); see :func:`atop_ties`.
- ``dca``: defense cooperation agreements in force (DCAD v1.0, Kinne 2020), 1980–2010.
- ``exercises``: joint participation in multinational military exercises (MME, D'Orazio &
  Galambos), 1980–2010; weight = number of shared exercises.
- ``arms``: arms transfers in either direction (SIPRI TIV); weight = TIV.
- ``igo``: shared full IGO membership (COW IGO 3.0, Pevehouse et al. 2020); weight = count.
- built-in arrangements: ``intelligence`` (intelligence sharing), ``integrated_defense``
  (integrated defense systems), ``regional_org`` (regional security organisations).

Nodes are the COW system members of the year. Metrics per year (:func:`network_metrics`):
ties, density, isolates, components, degree / eigenvector / betweenness centrality, blocs
(communities) and their modularity, a polarization index, and the number of dyads at
distance 1, 2 and 3 (Li et al. 2017's "three-degree horizon").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from foedus.dates import parse_years
from foedus.errors import FoedusError
from foedus.progress import track
from foedus.store import Store

ATOP_LAST_YEAR = 2018
ATOP_LAYERS = {
    "defense": "defense",
    "offense": "offense",
    "neutrality": "neutral",
    "nonaggression": "nonagg",
    "consultation": "consul",
}
BUILTIN_LAYERS = {
    "intelligence": "intelligence_sharing",
    "integrated_defense": "integrated_defense_system",
    "regional_org": "regional_security_organisation",
}
# store-backed layers: (source, table, query giving ccode1, ccode2, year, weight)
STORE_LAYERS = {
    "dca": (
        "dcad",
        "dyadyears",
        "SELECT ccode1, ccode2, year, dca_count::DOUBLE AS weight FROM {t} WHERE dcaanyv2 = 1",
    ),
    "arms": (
        "sipri_arms",
        "tiv",
        "SELECT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2, year, "
        "sum(value)::DOUBLE AS weight FROM {t} WHERE value > 0 GROUP BY ALL",
    ),
    "igo": (
        "cow_igo",
        "dyadyears",
        "SELECT least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2, year, "
        "max(dyadigos)::DOUBLE AS weight FROM {t} WHERE dyadigos > 0 GROUP BY ALL",
    ),
}
# years each layer's data cover; the built-in arrangements run to the present
COVERAGE = {
    **dict.fromkeys((*ATOP_LAYERS, "alliance"), (1816, ATOP_LAST_YEAR)),
    "dca": (1980, 2010),
    "exercises": (1980, 2010),
    "arms": (1970, 2014),
    "igo": (1816, 2014),
    **dict.fromkeys(BUILTIN_LAYERS, (1816, 2100)),
}
LAYERS = (*ATOP_LAYERS, "alliance", *STORE_LAYERS, "exercises", *BUILTIN_LAYERS)


# -- ties ----------------------------------------------------------------------------------
def atop_ties(years: tuple[int, int], store: Store | None = None) -> pd.DataFrame:
    """Undirected ATOP obligation dyad-years from the member file (ATOP 5.1).

    A dyad-year appears when both states are members of the same phase of an alliance in
    force that year (member spells from ``entry`` to ``exit``; a null exit is in force
    through 2018), with
    ``defense`` ... ``consul`` = 1 if either state owes the other that obligation, as in
    the ATOP dyad-year file (codebook 5.1 §2.6). The member file says what each member
    promises but not to whom; where a member owes different things to different partners
    (``obvary`` = 1) we count its pledge toward a partner only when that partner makes the
    same pledge. This reproduces ATOP's hand-coded directed dyad-years (atop5_1ddyr) for
    99.8% of dyad-years with a defense pledge (see docs/alignment.md).
    """
    store = store or Store()
    path = store.path("atop", "member").as_posix()
    first, last = years
    owes = " ".join(
        f", max(CASE WHEN (a.{c} = 1 AND (a.obvary = 0 OR b.{c} = 1)) OR "
        f"(b.{c} = 1 AND (b.obvary = 0 OR a.{c} = 1)) THEN 1 ELSE 0 END)::TINYINT AS {c}"
        for c in ATOP_LAYERS.values()
    )
    q = f"""
        WITH m AS (
            SELECT atopid, phase, member::BIGINT AS member, coalesce(obvary, 0) AS obvary,
                   {", ".join(f"coalesce({c}, 0) AS {c}" for c in ATOP_LAYERS.values())},
                   greatest(year(entry), {first}) AS y0,
                   least(coalesce(year(exit), {ATOP_LAST_YEAR}), {last}) AS y1
            FROM read_parquet('{path}')),
        my AS (SELECT * EXCLUDE (y0, y1), unnest(generate_series(y0, y1)) AS year
               FROM m WHERE y0 <= y1)
        SELECT a.member AS ccode1, b.member AS ccode2, a.year {owes}
        FROM my a JOIN my b ON a.atopid = b.atopid AND a.phase = b.phase AND a.year = b.year
                          AND a.member < b.member
        GROUP BY ALL ORDER BY year, ccode1, ccode2"""
    return store.connect().sql(q).df()


def _builtin_ties(kind: str, years: tuple[int, int]) -> pd.DataFrame:
    """Pairs of members of built-in arrangements of ``kind`` in force in each year."""
    from foedus import builtin

    cat = builtin.load()
    ids = cat.arrangements.loc[cat.arrangements["kinds"].map(lambda k: kind in k), "id"]
    m = cat.members[cat.members["arrangement"].isin(ids)]
    first = m["joined"].map(lambda d: d.year).clip(lower=years[0])
    last = m["left"].map(lambda d: d.year if d is not None else years[1]).clip(upper=years[1])
    spans = pd.DataFrame(
        {"arrangement": m["arrangement"], "code": m["cow_code"], "y0": first, "y1": last}
    )
    q = """
        WITH s AS (SELECT arrangement, code, unnest(generate_series(y0, y1)) AS year
                   FROM spans WHERE y0 <= y1)
        SELECT a.code AS ccode1, b.code AS ccode2, a.year, count(DISTINCT a.arrangement)::DOUBLE
               AS weight
        FROM s a JOIN s b ON a.arrangement = b.arrangement AND a.year = b.year
                          AND a.code < b.code
        GROUP BY ALL"""
    con = duckdb.connect()
    con.register("spans", spans)
    return con.sql(q).df()


def _exercise_ties(span: tuple[int, int], store: Store) -> pd.DataFrame:
    """Dyad-years with shared MME exercises, G-W codes translated to COW year by year by
    :func:`foedus.panels.add_exercises`; weight = number of shared exercises."""
    from foedus import panels

    columns = ["ccode1", "ccode2", "year", "weight"]
    frame = panels.add_exercises(panels.dyad_years(span, store=store), store=store)
    frame = frame[frame["mme_exercises"] > 0]
    return frame.rename(columns={"mme_exercises": "weight"})[columns]


def ties(
    layer: str | Sequence[str],
    years: str | int | tuple[int, int] | None = None,
    store: Store | None = None,
) -> pd.DataFrame:
    """Undirected ties of one or more layers: ccode1 < ccode2, year, layer, weight."""
    layers = _layers(layer)
    span = _span(years, layers)
    store = store or Store()
    frames = [_layer_ties(name, span, store).assign(layer=name) for name in layers]
    out = pd.concat(frames, ignore_index=True)
    out = out[out["year"].between(*span)]
    cols = ["ccode1", "ccode2", "year", "layer", "weight"]
    return (
        out[cols]
        .astype({"ccode1": "int64", "ccode2": "int64", "year": "int64", "weight": "float64"})
        .reset_index(drop=True)
    )


def _span(years: str | int | tuple[int, int] | None, layers: Sequence[str]) -> tuple[int, int]:
    """The requested years, which every layer's data must cover (default: all they share)."""
    first = max(COVERAGE[name][0] for name in layers)
    last = min(min(COVERAGE[name][1] for name in layers), dt.date.today().year)
    span = parse_years(years, default=(first, last))
    for name in layers:
        lo, hi = COVERAGE[name]
        if span[0] < lo or span[1] > hi:
            raise FoedusError(
                f"years {span[0]}-{span[1]} are outside the {name!r} layer's "
                f"data; accepted: {lo}-{min(hi, last)}"
            )
    return span


def _layers(layer: str | Sequence[str]) -> list[str]:
    names = [s.strip() for s in layer.split(",")] if isinstance(layer, str) else list(layer)
    for name in names:
        if name not in LAYERS:
            raise FoedusError(f"layer {name!r} is unknown; accepted: {', '.join(LAYERS)}")
    return names


def _layer_ties(name: str, span: tuple[int, int], store: Store) -> pd.DataFrame:
    if name in ATOP_LAYERS or name == "alliance":
        t = atop_ties(span, store)
        cols = list(ATOP_LAYERS.values())
        has = t[cols].max(axis=1) if name == "alliance" else t[ATOP_LAYERS[name]]
        return t.loc[has > 0, ["ccode1", "ccode2", "year"]].assign(weight=1.0)
    if name in BUILTIN_LAYERS:
        return _builtin_ties(BUILTIN_LAYERS[name], span)
    if name == "exercises":
        return _exercise_ties(span, store)
    source, table, query = STORE_LAYERS[name]
    path = store.path(source, table).as_posix()
    return store.connect().sql(query.format(t=f"read_parquet('{path}')")).df()


# -- one year's graph ----------------------------------------------------------------------
@dataclass(frozen=True)
class YearNetwork:
    """The network of one year: nodes are system members, ``adjacency`` is 0/1."""

    year: int
    layers: tuple[str, ...]
    states: np.ndarray  # COW codes, sorted
    adjacency: np.ndarray  # (N, N) float64, symmetric, 0/1
    edges: pd.DataFrame  # ccode1, ccode2, layers, weight

    def graph(self):
        """The network as a rustworkx PyGraph (node payload = COW code)."""
        import rustworkx as rx

        g = rx.PyGraph()
        g.add_nodes_from(self.states.tolist())
        iu, ju = np.nonzero(np.triu(self.adjacency, k=1))
        g.add_edges_from_no_data(list(zip(iu.tolist(), ju.tolist(), strict=True)))
        return g


def _system(years: tuple[int, int]) -> dict[int, np.ndarray]:
    from foedus.states import system_years

    sy = system_years(years)
    return {int(y): g["code"].to_numpy(dtype=np.int64) for y, g in sy.groupby("year")}


def _merge_layers(t: pd.DataFrame, layers: tuple[str, ...]) -> pd.DataFrame:
    """One row per dyad-year: the layers it is tied in (comma-separated) and summed weight.

    Layers are combined as bit masks so the grouping stays vectorised.
    """
    bits = t["layer"].map({name: 1 << k for k, name in enumerate(layers)}).astype("int64")
    merged = (
        t.assign(bits=bits)
        .groupby(["year", "ccode1", "ccode2"], as_index=False)
        .agg(bits=("bits", "sum"), weight=("weight", "sum"))
    )
    names = {
        m: ",".join(n for k, n in enumerate(layers) if m >> k & 1) for m in merged["bits"].unique()
    }
    return merged.assign(layers=merged["bits"].map(names)).drop(columns="bits")


def _year_network(
    year: int, states: np.ndarray, edges: pd.DataFrame, layers: tuple[str, ...]
) -> YearNetwork:
    index = pd.Index(states)
    i, j = index.get_indexer(edges["ccode1"]), index.get_indexer(edges["ccode2"])
    ok = (i >= 0) & (j >= 0)
    adj = np.zeros((len(states), len(states)))
    adj[i[ok], j[ok]] = adj[j[ok], i[ok]] = 1.0
    kept = edges.loc[ok, ["ccode1", "ccode2", "layers", "weight"]].reset_index(drop=True)
    return YearNetwork(year, layers, states, adj, kept)


def networks(
    years: str | int | tuple[int, int] | None,
    layer: str | Sequence[str] = "defense",
    store: Store | None = None,
) -> list[YearNetwork]:
    """The network of each year in ``years`` on ``layer`` (one name, or several = multiplex)."""
    layers = tuple(_layers(layer))
    span = _span(years, layers)
    merged = _merge_layers(ties(list(layers), span, store), layers)
    by_year = dict(list(merged.groupby("year")))
    empty = merged.iloc[:0]
    return [
        _year_network(y, states, by_year.get(y, empty), layers)
        for y, states in _system(span).items()
    ]


def network(
    year: int, layer: str | Sequence[str] = "defense", store: Store | None = None
) -> YearNetwork:
    """The network of one year."""
    nets = networks((year, year), layer, store)
    if not nets:
        raise FoedusError(f"year {year} has no COW system members; accepted: 1816 or later")
    return nets[0]


# -- metrics -------------------------------------------------------------------------------
def blocs(adjacency: np.ndarray) -> np.ndarray:
    """Community labels by Newman's leading-eigenvector method (Newman 2006, "Modularity and
    community structure in networks", PNAS 103(23): 8577–8582).

    Each connected component is split in two by the sign of the leading eigenvector of its
    generalized modularity matrix, recursively, while a split raises modularity. Isolates
    get label -1; blocs are numbered 0, 1, ... by decreasing size. Deterministic.
    """
    degree = adjacency.sum(axis=1)
    two_m = degree.sum()
    labels = np.full(len(adjacency), -1)
    if two_m == 0:
        return labels
    b = adjacency - np.outer(degree, degree) / two_m
    groups = [g for g in _components(adjacency) if len(g) > 1]
    done = []
    while groups:
        g = groups.pop()
        parts = _bisect(b, g, two_m)
        if parts is None:
            done.append(g)
        else:
            groups.extend(parts)
    for label, g in enumerate(sorted(done, key=lambda g: (-len(g), g.min()))):
        labels[g] = label
    return labels


def _bisect(b: np.ndarray, g: np.ndarray, two_m: float) -> tuple[np.ndarray, ...] | None:
    sub = b[np.ix_(g, g)]
    sub = sub - np.diag(sub.sum(axis=1))
    value, vector = _leading(sub)
    if value <= 1e-10:
        return None
    s = _refine(sub, np.where(vector >= 0, 1.0, -1.0))
    if s @ sub @ s / (2 * two_m) <= 1e-10 or abs(s.sum()) == len(g):
        return None
    return g[s > 0], g[s < 0]


def _leading(matrix: np.ndarray) -> tuple[float, np.ndarray]:
    """The largest eigenvalue of a symmetric matrix and its eigenvector (LAPACK evr, top
    pair only)."""
    from scipy.linalg import eigh

    n = len(matrix)
    values, vectors = eigh(matrix, subset_by_index=[n - 1, n - 1])
    return float(values[0]), vectors[:, 0]


def _refine(sub: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Newman's (2006) fine-tuning of a split ``s`` (±1): move every vertex once, each time
    the one whose move raises sᵀBs most (or lowers it least); keep the best state passed;
    repeat while it improves. Flipping s_i changes sᵀBs by 4(B_ii − s_i·(Bs)_i)."""
    best = s @ sub @ s
    diag = np.diag(sub)
    while True:
        t, bs = s.copy(), sub @ s
        moved = np.zeros(len(s), dtype=bool)
        q, top, keep = best, best, None
        for _ in range(len(s)):
            gain = np.where(moved, -np.inf, 4 * (diag - t * bs))
            i = int(np.argmax(gain))
            q += gain[i]
            bs -= 2 * t[i] * sub[:, i]
            t[i], moved[i] = -t[i], True
            if q > top + 1e-10:
                top, keep = q, t.copy()
        if keep is None:
            return s
        s, best = keep, top


def _components(adjacency: np.ndarray) -> list[np.ndarray]:
    from scipy.sparse.csgraph import connected_components

    n, labels = connected_components(adjacency, directed=False)
    return [np.flatnonzero(labels == c) for c in range(n)]


def modularity(adjacency: np.ndarray, labels: np.ndarray) -> float:
    """Newman–Girvan modularity Q of a partition (isolates, label -1, contribute nothing)."""
    degree = adjacency.sum(axis=1)
    two_m = degree.sum()
    if two_m == 0:
        return float("nan")
    same = (labels[:, None] == labels[None, :]) & (labels[:, None] >= 0)
    return float(((adjacency - np.outer(degree, degree) / two_m) * same).sum() / two_m)


def polarization(labels: np.ndarray) -> float:
    """Reynal-Querol's (2002) polarization of the bloc sizes, RQ = 4·Σ π_b²(1 − π_b).

    π_b is bloc b's share of the states in some bloc (isolates excluded). RQ is Esteban &
    Ray's (1994, Econometrica 62(4): 819–851) polarization with α = 1 and unit distance
    between blocs, scaled to [0, 1] (Reynal-Querol 2002, "Ethnicity, Political Systems, and
    Civil Wars", JCR 46(1): 29–54): 1 for two equal blocs (bipolarity), near 0 for one
    bloc or many small ones.
    """
    sizes = np.bincount(labels[labels >= 0])
    if sizes.sum() == 0:
        return float("nan")
    share = sizes / sizes.sum()
    return float(4 * (share**2 * (1 - share)).sum())


def hop_distances(net: YearNetwork) -> np.ndarray:
    """Shortest-path lengths between all states (inf when unreachable)."""
    from scipy.sparse.csgraph import shortest_path

    return shortest_path(net.adjacency, unweighted=True, directed=False)


def indirect_allies(
    year: int, layer: str | Sequence[str] = "defense", k: int = 3, store: Store | None = None
) -> pd.DataFrame:
    """Dyads within ``k`` steps of each other: ccode1 < ccode2, distance (1 = direct tie).

    Li, Bradshaw, Clary & Cranmer (2017), "A Three-Degree Horizon of Peace in the Military
    Alliance Network", Science Advances 3(3): e1601895, count allies up to three steps away.
    """
    if k < 1:
        raise FoedusError(f"k {k} is too small; accepted: an integer >= 1")
    net = network(year, layer, store)
    dist = hop_distances(net)
    iu, ju = np.triu_indices(len(net.states), k=1)
    d = dist[iu, ju]
    keep = d <= k
    return pd.DataFrame(
        {
            "ccode1": net.states[iu[keep]],
            "ccode2": net.states[ju[keep]],
            "year": year,
            "distance": d[keep].astype(np.int64),
        }
    )


def _eigenvector(adjacency: np.ndarray) -> np.ndarray:
    """Eigenvector centrality: the leading eigenvector of A (Bonacich 1972), unit length."""
    if not adjacency.any():
        return np.zeros(len(adjacency))
    v = np.abs(_leading(adjacency)[1])
    return v / np.linalg.norm(v)


def centrality(
    year: int, layer: str | Sequence[str] = "defense", store: Store | None = None
) -> pd.DataFrame:
    """Per state in ``year``: degree, degree / eigenvector / betweenness centrality, bloc."""
    return node_measures(network(year, layer, store))


def node_measures(net: YearNetwork) -> pd.DataFrame:
    """Per state: degree, degree / eigenvector / betweenness centrality, bloc."""
    import rustworkx as rx

    n = len(net.states)
    degree = net.adjacency.sum(axis=1)
    between = rx.betweenness_centrality(net.graph(), normalized=True)
    out = pd.DataFrame(
        {
            "ccode": net.states,
            "year": net.year,
            "abb": _abbreviations(net.states),
            "degree": degree.astype(np.int64),
            "degree_centrality": degree / max(n - 1, 1),
            "eigenvector": _eigenvector(net.adjacency),
            "betweenness": [between[i] for i in range(n)],
            "bloc": blocs(net.adjacency),
        }
    )
    return out.sort_values(["degree", "ccode"], ascending=[False, True]).reset_index(drop=True)


def _abbreviations(codes: np.ndarray) -> list[str]:
    from foedus.states import state_table

    table = state_table().dropna(subset=["cow_code"]).drop_duplicates("cow_code", keep="last")
    lookup = dict(zip(table["cow_code"].astype(int), table["cow_abb"], strict=True))
    return [lookup.get(int(c), str(c)) for c in codes]


def year_metrics(net: YearNetwork) -> dict[str, float]:
    """The summary measures of one year's network (see :func:`network_metrics`)."""
    adj = net.adjacency
    n = len(net.states)
    n_ties = int(adj.sum() / 2)
    labels = blocs(adj)
    isolated = adj.sum(axis=1) == 0
    dist = hop_distances(net)[np.triu_indices(n, k=1)]
    comps = [g for g in _components(adj) if len(g) > 1]
    return {
        "year": net.year,
        "states": n,
        "ties": n_ties,
        "density": n_ties / (n * (n - 1) / 2) if n > 1 else float("nan"),
        "isolates": int(isolated.sum()),
        "components": len(comps),
        "largest_component": max((len(g) for g in comps), default=0),
        "blocs": int(labels.max() + 1),
        "modularity": modularity(adj, labels),
        "polarization": polarization(labels),
        "dyads_1": int((dist == 1).sum()),
        "dyads_2": int((dist == 2).sum()),
        "dyads_3": int((dist == 3).sum()),
    }


def network_metrics(
    years: str | int | tuple[int, int] | None = None,
    layer: str | Sequence[str] = "defense",
    store: Store | None = None,
) -> pd.DataFrame:
    """Time series of network measures, one row per year (default: every year the layers'
    data cover, 1816–2018 for ATOP).

    Columns: year, states (system members), ties, density (ties over possible dyads),
    isolates, components and largest_component (among states with a tie), blocs and
    modularity (:func:`blocs`), polarization (:func:`polarization`), dyads_1/2/3 (dyads at
    distance 1, 2, 3; Li et al. 2017).
    """
    nets = networks(years, layer, store)
    return pd.DataFrame([year_metrics(net) for net in track(nets, len(nets), "network years")])


# -- export and plot -----------------------------------------------------------------------
def to_networkx(net: YearNetwork):
    """The network as a networkx Graph with node (abb, name, centralities, bloc) and edge
    (layers, weight) attributes. Needs networkx (``pip install foedus[export]``)."""
    import networkx as nx

    from foedus.states import name_of

    cent = node_measures(net).set_index("ccode")
    g = nx.Graph(year=net.year, layers=",".join(net.layers))
    for code in net.states.tolist():
        row = cent.loc[code]
        g.add_node(
            code,
            abb=row["abb"],
            name=name_of(code, on=net.year),
            degree=int(row["degree"]),
            eigenvector=float(row["eigenvector"]),
            betweenness=float(row["betweenness"]),
            bloc=int(row["bloc"]),
        )
    for e in net.edges.itertuples(index=False):
        g.add_edge(int(e.ccode1), int(e.ccode2), layers=e.layers, weight=float(e.weight))
    return g


EXPORT_FORMATS = (".graphml", ".gexf", ".json")


def export(net: YearNetwork, path: str | Path) -> Path:
    """Write the network as GraphML, GEXF or node-link JSON, chosen by the file suffix."""
    import json

    import networkx as nx

    path = Path(path)
    if path.suffix not in EXPORT_FORMATS:
        raise FoedusError(
            f"export file {path.name!r} has an unknown suffix; "
            f"accepted: {', '.join(EXPORT_FORMATS)}"
        )
    g = to_networkx(net)
    if path.suffix == ".graphml":
        nx.write_graphml(g, path)
    elif path.suffix == ".gexf":
        nx.write_gexf(g, path)
    else:
        path.write_text(json.dumps(nx.node_link_data(g, edges="links"), indent=1))
    return path


def plot(net: YearNetwork, path: str | Path) -> Path:
    """Draw the network to ``path`` (PNG, SVG, PDF): blocs coloured, states labelled by COW
    abbreviation, isolates in grey on an outer ring. Needs matplotlib (``foedus[plot]``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = blocs(net.adjacency)
    pos, spacing = _layout(net, labels)
    abbs = _abbreviations(net.states)
    colours = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(12, 10))
    iu, ju = np.nonzero(np.triu(net.adjacency, k=1))
    for i, j in zip(iu, ju, strict=True):
        ax.plot(*pos[[i, j]].T, color="#8c8c8c", lw=1.1, alpha=0.6, zorder=1)
    tied = labels >= 0
    # marker diameter ~ 90% of the spacing (data units -> points at this figure size)
    size = min(520.0, (0.9 * spacing * 10 * 72 / 2.9) ** 2)
    font = float(np.clip(np.sqrt(size) / 2.6, 5, 8.5))
    for i in np.flatnonzero(tied):
        ax.scatter(
            *pos[i], s=size, color=colours(labels[i] % 10), edgecolor="black", lw=0.6, zorder=2
        )
        ax.annotate(
            abbs[i],
            pos[i],
            ha="center",
            va="center",
            fontsize=font,
            fontweight="bold",
            color="white",
            zorder=3,
        )
    for i in np.flatnonzero(~tied):
        ax.scatter(*pos[i], s=60, color="#d9d9d9", edgecolor="#9a9a9a", lw=0.5, zorder=2)
        ax.annotate(
            abbs[i],
            pos[i],
            xytext=(0, -10),
            textcoords="offset points",
            ha="center",
            fontsize=6.5,
            color="#707070",
        )
    m = year_metrics(net)
    ax.set_title(
        f"{' + '.join(net.layers)} ties, {net.year}: {m['ties']} ties among "
        f"{m['states']} states; {m['blocs']} blocs (modularity {m['modularity']:.2f},"
        f" polarization {m['polarization']:.2f}); grey = no tie",
        fontsize=11,
    )
    ax.set_axis_off()
    ax.set_aspect("equal")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


_GOLDEN = np.pi * (3 - np.sqrt(5))


def _layout(net: YearNetwork, labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Node positions and the spacing between neighbouring nodes.

    Each bloc is a sunflower (Vogel spiral), its best-connected states at the centre; blocs
    sit around a circle, largest first; isolates are evenly spaced on an outer ring.
    """
    n = len(net.states)
    pos = np.zeros((n, 2))
    degree = net.adjacency.sum(axis=1)
    groups = [np.flatnonzero(labels == b) for b in range(labels.max() + 1)]
    radii = np.array([np.sqrt(len(g)) + 0.5 for g in groups])
    ring = max((2 * radii + 1).sum() / (2 * np.pi), radii.max()) if len(groups) > 1 else 0.0
    angle = np.pi / 2
    for g, r in zip(groups, radii, strict=True):
        angle -= r / max(ring, 1e-9) if ring else 0
        members = g[np.lexsort((net.states[g], -degree[g]))]
        k = np.arange(len(members))
        turn = k * _GOLDEN
        spiral = np.sqrt(k + 0.5)[:, None] * np.column_stack([np.cos(turn), np.sin(turn)])
        pos[members] = spiral + ring * np.array([np.cos(angle), np.sin(angle)])
        angle -= (r + 1) / max(ring, 1e-9) if ring else 0
    tied = labels >= 0
    scale = max(np.abs(pos[tied]).max() + 0.5, 1.0) if tied.any() else 1.0
    pos[tied] /= scale
    lone = np.flatnonzero(~tied)
    theta = np.pi / 2 - 2 * np.pi * np.arange(len(lone)) / max(len(lone), 1)
    pos[lone] = 1.3 * np.column_stack([np.cos(theta), np.sin(theta)])
    return pos, 1.0 / scale
