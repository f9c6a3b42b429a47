"""Items whose answers run against the rest of their scale: reversed codes show in the data.

A survey tool can code a question Strongly agree = 1 while the instrument expects 5; the numbers
are all valid, so no import check sees it. The data does: such an item correlates negatively
with the rest of its scale. The same holds for an item the instrument marks ``reverse`` that is
not worded in reverse, or the other way round.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NEGATIVE = -0.2
"""An item-rest correlation below this is clearly negative: with 30 respondents the 90% interval
of r = -0.2 lies below +0.1 for items of a coherent scale, whose item-rest correlations are
typically +0.3 to +0.7."""
MIN_RESPONDENTS = 30
SAMPLE = 20_000
"""Respondents used at most (every k-th row): the sign of a correlation needs no million rows."""


def item_rest_correlations(keyed: np.ndarray, scale_of: list[str]) -> pd.DataFrame:
    """Per item: the Pearson correlation with the mean of the other items of its scale.

    ``keyed`` holds the answers after reverse keying (respondents x items, NaN for missing),
    ``scale_of`` each column's scale. Pairwise complete: a respondent counts for an item when
    the item and at least one other item of the scale are answered. Returns ``item`` (column
    position), ``scale``, ``r``, ``n``. Scales of one item are left out.
    """
    if len(keyed) > SAMPLE:
        keyed = keyed[:: int(np.ceil(len(keyed) / SAMPLE))]
    rows = []
    scales = pd.Index(scale_of)
    for scale in scales.unique():
        columns = np.flatnonzero(scales == scale)
        if len(columns) < 2:
            continue
        block = keyed[:, columns]
        answered = ~np.isnan(block)
        total = np.nansum(block, axis=1)
        count = answered.sum(axis=1)
        for j, column in enumerate(columns):
            others = count - answered[:, j]
            use = answered[:, j] & (others > 0)
            x = block[use, j]
            rest = (total[use] - x) / others[use]
            r = np.nan
            if use.sum() >= 3 and x.std() > 0 and rest.std() > 0:
                r = float(np.corrcoef(x, rest)[0, 1])
            rows.append({"item": int(column), "scale": scale, "r": r, "n": int(use.sum())})
    return pd.DataFrame(rows, columns=["item", "scale", "r", "n"])


def reversed_suspects(keyed: np.ndarray, scale_of: list[str]) -> pd.DataFrame:
    """The items whose item-rest correlation is clearly negative (below :data:`NEGATIVE`, from at
    least :data:`MIN_RESPONDENTS` respondents)."""
    table = item_rest_correlations(keyed, scale_of)
    return table[(table["r"] < NEGATIVE) & (table["n"] >= MIN_RESPONDENTS)].reset_index(drop=True)


__all__ = ["MIN_RESPONDENTS", "NEGATIVE", "item_rest_correlations", "reversed_suspects"]
