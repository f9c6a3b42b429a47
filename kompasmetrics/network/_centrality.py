"""Centrality per organisation with networkx: weighted in-degree on trust, betweenness on frequency."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._pairs import PAIR, name_order


def centrality(pairs: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``in_strength`` and ``betweenness`` of every organisation in a shown pair.

    ``in_strength`` is networkx's weighted in-degree of the trust graph, ``sum_j w_ji`` with
    ``w_ji = trust(j -> i) / 100`` over the shown pairs (Wasserman & Faust 1994, ch. 4; Opsahl,
    Agneessens & Skvoretz 2010 call it strength). ``betweenness`` is the normalised betweenness
    centrality (Freeman 1977; Brandes 2001) of the undirected collaboration graph whose edge
    {i, j} carries the mean shown frequency of the two directions (0-100) and a length of
    ``100 / frequency``: an organisation through which the shortest working routes between others
    pass scores high. Pairs that never work together (frequency 0) have no edge.
    """
    import networkx as nx

    shown = pairs[~pairs["suppressed"]]
    edges = _frequency_edges(shown, keys)
    has_frequency = "frequency" in shown
    rater, rated = (shown[c].to_numpy(dtype=object) for c in PAIR)
    trust = shown["trust"].to_numpy(float)
    edge_a, edge_b = edges["a"].to_numpy(dtype=object), edges["b"].to_numpy(dtype=object)
    length = 100.0 / edges["frequency"].to_numpy(float)
    edges_of = edges.groupby(keys, sort=False).indices if len(edges) else {}
    rows = []
    for key, at in shown.groupby(keys, sort=True).indices.items():
        names = pd.unique(np.concatenate([rater[at], rated[at]]))
        graph = nx.DiGraph()
        graph.add_nodes_from(names)
        graph.add_weighted_edges_from(
            (a, b, w / 100) for a, b, w in zip(rater[at], rated[at], trust[at], strict=True) if w == w
        )
        strength = dict(graph.in_degree(weight="weight"))
        between = dict.fromkeys(names, np.nan)
        if has_frequency:
            working = nx.Graph()
            working.add_nodes_from(names)
            mine = edges_of.get(key, [])
            working.add_edges_from(
                (a, b, {"length": d}) for a, b, d in zip(edge_a[mine], edge_b[mine], length[mine], strict=True)
            )
            between = nx.betweenness_centrality(working, weight="length", normalized=True)
        key = key if isinstance(key, tuple) else (key,)
        rows += [(*key, name, float(strength[name]), between[name]) for name in names]
    return pd.DataFrame(rows, columns=[*keys, "organisation", "in_strength", "betweenness"])


def _frequency_edges(shown: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per unordered pair with a shown frequency above 0: the mean of its directions."""
    if "frequency" not in shown:
        return pd.DataFrame(columns=[*keys, "a", "b", "frequency"])
    first, second = name_order(shown)
    edges = shown[keys].assign(a=first, b=second, frequency=shown["frequency"].to_numpy())
    edges = edges.groupby([*keys, "a", "b"], sort=False)["frequency"].mean().reset_index()
    return edges[edges["frequency"] > 0].reset_index(drop=True)


__all__ = ["centrality"]
