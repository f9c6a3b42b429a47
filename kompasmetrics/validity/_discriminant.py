r"""Discriminant validity between scales: the heterotrait-monotrait ratio (HTMT).

For scales :math:`i` and :math:`j` with items :math:`g \in i`, :math:`h \in j` (reverse-keyed items
turned around first) and pairwise item correlations :math:`r`,

.. math:: \mathrm{HTMT}_{ij} = \frac{\overline{r_{gh}}}{\sqrt{\overline{r_{gg'}}\;\overline{r_{hh'}}}},

the mean correlation between the items of the two scales over the geometric mean of the mean
correlations within each (Henseler, Ringle & Sarstedt, 2015). For tau-equivalent items it
estimates the correlation of the two constructs; above 0.85 (HTMT.85) the two scales are not
distinct enough to be read as different things. A scale needs two items with answers; a
non-positive mean within-scale correlation makes the ratio undefined (NaN).

References
----------
Henseler, J., Ringle, C. M., & Sarstedt, M. (2015). A new criterion for assessing discriminant
validity in variance-based structural equation modeling. Journal of the Academy of Marketing
Science, 43, 115-135.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

THRESHOLD = 0.85


def htmt_matrix(correlation: np.ndarray, scale_of: list[str], scales: list[str]) -> pd.DataFrame:
    """HTMT of every pair of ``scales`` from the item correlation matrix (items in ``scale_of`` order)."""
    owner = np.array(scale_of)
    columns = {s: np.flatnonzero(owner == s) for s in scales}
    within = {}
    for s, idx in columns.items():
        block = correlation[np.ix_(idx, idx)]
        off = block[~np.eye(len(idx), dtype=bool)]
        within[s] = float(np.nanmean(off)) if len(idx) >= 2 and np.isfinite(off).any() else np.nan
    result = np.full((len(scales), len(scales)), np.nan)
    for a, s in enumerate(scales):
        for b in range(a + 1, len(scales)):
            t = scales[b]
            if not (within[s] > 0 and within[t] > 0):
                continue
            between = float(np.nanmean(correlation[np.ix_(columns[s], columns[t])]))
            result[a, b] = result[b, a] = between / np.sqrt(within[s] * within[t])
    return pd.DataFrame(result, index=scales, columns=scales)


__all__ = ["THRESHOLD", "htmt_matrix"]
