"""The multiplex network of military cooperation: layers, metrics, blocs, polarization.

Layers (one undirected tie per dyad, ``weight`` = strength where the source has one) are
the words of :data:`foedus.vocab.NETWORK_LAYERS`:

- ATOP 5.1 obligations (Leeds et al. 2002): ``defense``, ``offense``, ``neutrality``,
  ``nonaggression``, ``consultation``, and ``alliance`` (any of them), by the one ATOP
  dyad rule :func:`foedus.dyads.atop_ties` (ATOP's directed coding applied when imported).
- ``dca``: defense cooperation agreements in force (DCAD v1.0, Kinne 2020), 1980–2010.
- ``exercises``: joint participation in multinational military exercises (MME, D'Orazio &
  Galambos), 1980–2010; weight = number of shared exercises.
- ``arms``: arms transfers in either direction (SIPRI TIV); weight = TIV.
- ``igo``: shared full IGO membership (COW IGO 3.0, Pevehouse et al. 2020); weight = count.
- built-in arrangements by kind: ``intelligence_sharing``, ``integrated_defense_system``,
  ``regional_security_organisation``.

Nodes are the COW system members of the year (or of the day, for a network taken ``on`` a
date). Metrics per year (:func:`network_metrics`): ties, density, isolates, components,
degree / eigenvector / betweenness centrality, blocs (communities) and their modularity, a
polarization index, and the number of dyads at distance 1, 2 and 3 (Li et al. 2017's
"three-degree horizon").

Modules: :mod:`~foedus.networks.layers` (layer names, ties), :mod:`~foedus.networks.graph`
(a year's network), :mod:`~foedus.networks.metrics` (measures),
:mod:`~foedus.networks.export` (networkx, GraphML, GEXF, JSON).
"""

from foedus.networks.export import EXPORT_FORMATS, export, to_networkx
from foedus.networks.graph import YearNetwork, merge_layers, network, networks
from foedus.networks.layers import (
    ATOP_LAYERS,
    BUILTIN_LAYERS,
    LAYERS,
    STORE_SOURCES,
    coverage,
    network_ties,
)
from foedus.networks.metrics import (
    blocs,
    centrality,
    hop_distances,
    indirect_allies,
    modularity,
    network_metrics,
    node_measures,
    polarization,
    within_steps,
    year_metrics,
)

__all__ = [
    "ATOP_LAYERS",
    "BUILTIN_LAYERS",
    "EXPORT_FORMATS",
    "LAYERS",
    "STORE_SOURCES",
    "YearNetwork",
    "blocs",
    "centrality",
    "coverage",
    "export",
    "hop_distances",
    "indirect_allies",
    "merge_layers",
    "modularity",
    "network",
    "network_metrics",
    "network_ties",
    "networks",
    "node_measures",
    "polarization",
    "to_networkx",
    "within_steps",
    "year_metrics",
]
