"""Centrality per organisation with networkx: weighted in-degree on trust, betweenness on frequency."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._pairs import PAIR


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
    rows = []
    for key, group in shown.groupby(keys, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        trust = nx.DiGraph()
        organisations = pd.unique(group[PAIR].to_numpy().ravel())
        trust.add_nodes_from(organisations)
        trust.add_weighted_edges_from(
            (a, b, w / 100) for a, b, w in group[[*PAIR, "trust"]].itertuples(index=False) if w == w
        )
        strength = dict(trust.in_degree(weight="weight"))
        between = dict.fromkeys(organisations, np.nan)
        if "frequency" in group:
            between = _betweenness(nx, group, organisations)
        for organisation in organisations:
            rows.append((*key, organisation, float(strength[organisation]), between[organisation]))
    return pd.DataFrame(rows, columns=[*keys, "organisation", "in_strength", "betweenness"])


def _betweenness(nx, group: pd.DataFrame, organisations) -> dict:
    undirected = (
        group.assign(a=group[PAIR].min(axis=1).astype(str), b=group[PAIR].max(axis=1).astype(str))
        .groupby(["a", "b"])["frequency"]
        .mean()
    )
    graph = nx.Graph()
    graph.add_nodes_from(organisations)
    graph.add_edges_from((a, b, {"length": 100.0 / f}) for (a, b), f in undirected.items() if f == f and f > 0)
    return nx.betweenness_centrality(graph, weight="length", normalized=True)


__all__ = ["centrality"]
