"""The one wave selector: each partnership's latest wave, or one given wave.

Every table keyed by partnership and wave (results of scoring and diagnosis, figures' inputs, the
report and the dashboards) is cut to one measurement per partnership here, so "latest" means the
same everywhere: the highest wave a partnership was measured in, by the order of the wave labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._messages import listing
from ..errors import KompasValueError

LATEST = "latest"


def _keys(table: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """The partnership and wave of every row, read from the index or the columns; None without waves."""
    names = list(table.index.names or [])
    if "wave" in names:
        index = table.index
        partnership = index.get_level_values("partnership") if "partnership" in names else None
        wave = index.get_level_values("wave")
    elif "wave" in table.columns:
        partnership = table["partnership"] if "partnership" in table.columns else None
        wave = table["wave"]
    else:
        return None
    if partnership is None:
        raise KompasValueError("A table with waves needs a partnership column or index level to choose a wave per row.")
    return pd.Series(np.asarray(partnership, dtype=object)), pd.Series(np.asarray(wave, dtype=object))


def wave_mask(table: pd.DataFrame, wave: object, *, parameter: str = "wave") -> np.ndarray | None:
    """Which rows of ``table`` hold the chosen measurement; None when the table has no waves.

    ``wave="latest"`` keeps each partnership's latest wave, any other value that wave (a
    :class:`KompasValueError` names the waves when it is not one of them).
    """
    keys = _keys(table)
    if keys is None:
        return None
    partnership, waves = keys
    if wave == LATEST:
        if waves.notna().all():  # rank the labels once: a max over integers, not over Python objects
            ranks = pd.Series(np.unique(waves.to_numpy(), return_inverse=True)[1].ravel())
            latest = ranks.groupby(partnership.to_numpy(), sort=False).transform("max")
            return (ranks == latest).to_numpy(bool)
        latest = waves.groupby(partnership.to_numpy(), sort=False).transform("max")
        return (waves == latest).to_numpy(bool)
    known = sorted(waves.dropna().unique().tolist())
    if wave not in known:
        raise KompasValueError(
            f"Parameter {parameter}={wave!r} is not a wave of these results; give 'latest' or one of {listing(known)}."
        )
    return (waves == wave).to_numpy(bool)


def select_wave(
    table: pd.DataFrame, wave: object = LATEST, *, by: pd.DataFrame | None = None, parameter: str = "wave"
) -> pd.DataFrame:
    """The rows of ``table`` at one measurement per partnership, keys kept as they are.

    ``table`` holds ``partnership`` and ``wave`` as index levels or as columns (a table without
    waves comes back unchanged). ``by`` is the table that says which measurements there are (such
    as ``Scores.partnerships`` or ``Diagnosis.summary``): with it, the rows of ``table`` at the
    measurements chosen in ``by`` are kept, so that a table missing some rows (the flags, the
    organisations that may be shown) never falls back to an earlier wave of a partnership.
    """
    if by is None:
        mask = wave_mask(table, wave, parameter=parameter)
        return table if mask is None else table[mask]
    keys, chosen = _keys(table), _keys(select_wave(by, wave, parameter=parameter))
    if keys is None or chosen is None:
        return table
    pairs = pd.MultiIndex.from_arrays([keys[0], keys[1]])
    return table[pairs.isin(pd.MultiIndex.from_arrays([chosen[0], chosen[1]]))]


def latest_wave(table: pd.DataFrame) -> pd.DataFrame:
    """Each partnership at its latest wave, indexed by partnership.

    ``table`` is indexed by partnership and wave (as ``Scores.partnerships`` and the diagnosis
    tables of a study with waves); a table indexed by partnership alone is returned as it is.
    """
    if "wave" not in (table.index.names or []):
        return table
    return select_wave(table.sort_index(), LATEST).droplevel("wave")
