"""A network as a networkx graph, and written as GraphML, GEXF or node-link JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from foedus.errors import FoedusError
from foedus.networks.graph import YearNetwork, check_network
from foedus.networks.metrics import node_measures

EXPORT_FORMATS = (".graphml", ".gexf", ".json")


def to_networkx(net: YearNetwork) -> Any:
    """The network as a networkx Graph.

    Parameters
    ----------
    net
        A network from :func:`foedus.network`.

    Returns
    -------
    networkx.Graph
        Graph attributes ``year``, ``on`` (the day, or "") and ``layers`` (list); node
        attributes ``abb``, ``name``, ``degree``, ``eigenvector``, ``betweenness``, ``bloc``;
        edge attributes ``layers`` (list) and ``weight``. Needs networkx
        (``pip install foedus[export]``).
    """
    check_network(net)
    try:
        import networkx as nx
    except ImportError:
        raise FoedusError(
            "networkx is not installed; accepted: pip install 'foedus[export]'"
        ) from None

    from foedus.states import state_name

    cent = node_measures(net).set_index("ccode")
    on = net.on.date() if net.on is not None else net.year
    day = net.when if net.on is not None else ""
    g = nx.Graph(year=net.year, on=day, layers=list(net.layers))
    for code in net.states.tolist():
        row = cent.loc[code]
        g.add_node(
            code,
            abb=row["abb"],
            name=state_name(code, on=on),
            degree=int(row["degree"]),
            eigenvector=float(row["eigenvector"]),
            betweenness=float(row["betweenness"]),
            bloc=int(row["bloc"]),
        )
    for e in net.edges.itertuples(index=False):
        g.add_edge(int(e.ccode1), int(e.ccode2), layers=list(e.layers), weight=float(e.weight))
    return g


def export(net: YearNetwork, path: str | Path) -> Path:
    """Write the network as GraphML, GEXF or node-link JSON, chosen by the file suffix.

    GraphML and GEXF hold no lists: there the ``layers`` attributes are comma-separated
    strings; JSON keeps them as lists.

    Parameters
    ----------
    net
        A network from :func:`foedus.network`.
    path
        ``.graphml``, ``.gexf`` or ``.json``, in an existing folder.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    check_network(net)
    path = Path(path)
    if path.suffix not in EXPORT_FORMATS:
        raise FoedusError(
            f"export file {path.name!r} has an unknown suffix; "
            f"accepted: {', '.join(EXPORT_FORMATS)}"
        )
    if path.is_dir() or not path.parent.is_dir():
        raise FoedusError(
            f"export file {str(path)!r} is a folder or lies in a missing folder; accepted: a "
            "file in an existing folder"
        )
    g = to_networkx(net)
    import networkx as nx

    try:
        if path.suffix == ".json":
            path.write_text(json.dumps(nx.node_link_data(g, edges="links"), indent=1))
            return path
        g.graph["layers"] = ",".join(g.graph["layers"])
        for _, _, data in g.edges(data=True):
            data["layers"] = ",".join(data["layers"])
        if path.suffix == ".graphml":
            nx.write_graphml(g, path)
        else:
            nx.write_gexf(g, path)
    except OSError as exc:
        raise FoedusError(f"export file {str(path)!r} cannot be written ({exc.strerror})") from None
    return path
