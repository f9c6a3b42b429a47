"""Figures: Plotly figures of scores, diagnoses and clusters, in Dutch or English.

Every function takes its data first and options as keywords, returns a
:class:`plotly.graph_objects.Figure` without showing it, and speaks ``language="nl"`` or ``"en"``.
Plots only read results; nothing here computes a statistic of its own. ``docs/PLOTS.md`` shows
each figure and how to read it.

>>> import kompasmetrics as km
>>> scores = km.score(km.simulate(n_partnerships=20, random_state=0).survey)
>>> fig = km.plot_kijkglas(scores, "P001", by="organisation", language="en")
"""

from ._agreement import plot_agreement
from ._clusters import plot_clusters, plot_profiles
from ._kijkglas import plot_kijkglas
from ._likert import answer_counts, plot_likert
from ._negotiation import plot_negotiation
from ._network import plot_network, plot_trust_matrix
from ._phases import plot_phases
from ._power import plot_power, plot_trust
from ._radar import plot_radar
from ._theme import TEMPLATE

__all__ = [
    "TEMPLATE",
    "answer_counts",
    "plot_agreement",
    "plot_clusters",
    "plot_kijkglas",
    "plot_likert",
    "plot_negotiation",
    "plot_network",
    "plot_phases",
    "plot_power",
    "plot_profiles",
    "plot_radar",
    "plot_trust",
    "plot_trust_matrix",
]
