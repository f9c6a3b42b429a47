"""The results model behind ``Scores.table`` and ``Scores.at``: wide per-partnership tables and
one measurement per partnership, each computed once per result object.

Key convention: a per-partnership table is indexed by ``partnership`` (and ``wave`` when the
survey has waves), one row per measurement, with one column per scale (the columns' axis is
named ``scale``), in the instrument's order.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._waves import LATEST, select_wave

# statistic -> (long table it comes from, its column); "mean" is the partnership score itself
STATISTICS: dict[str, tuple[str, str]] = {
    "mean": ("partnerships", ""),
    "score": ("partnerships", ""),
    "lower": ("intervals", "lower"),
    "upper": ("intervals", "upper"),
    "se": ("intervals", "se"),
    "n_effective": ("intervals", "n_effective"),
    "n": ("respondents", ""),
    "rwg_j": ("agreement", "rwg_j"),
    "org_gap": ("agreement", "org_gap"),
}

_PANDAS_COPIES_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3 or pd.options.mode.copy_on_write is True


def protected(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a cached frame that its caller may change without changing the cache.

    With pandas' copy-on-write (the default from pandas 3) a shallow copy is enough and costs
    nothing; without it the data are copied."""
    return frame.copy(deep=not _PANDAS_COPIES_ON_WRITE)


def wide_table(scores, statistic: str) -> pd.DataFrame:
    """``statistic`` of every partnership (and wave) and scale: rows like ``scores.partnerships``,
    columns the scored scales."""
    source, column = STATISTICS[statistic]
    index, scales = scores.partnerships.index, scores.scales
    if source == "partnerships":
        table = scores.partnerships[scales].astype(float)
    elif source == "respondents":
        keys = list(index.names)
        table = scores.respondents.groupby(keys, sort=True)[scales].count().reindex(index).fillna(0).astype(int)
    else:
        long = scores.intervals if source == "intervals" else scores.agreement.partnerships
        table = long.pivot(index=list(index.names), columns="scale", values=column)
        table = table.reindex(index=index, columns=scales).astype(float)
    table.columns = pd.Index(scales, name="scale")
    return table


def restricted_frames(scores, wave: object) -> dict[str, Any]:
    """The constructor arguments of a Scores holding one measurement per partnership."""
    from ._results import Agreement

    measurements = scores.partnerships

    def chosen(frame: pd.DataFrame) -> pd.DataFrame:
        return select_wave(frame, wave, by=measurements)

    agreement = scores.agreement
    return {
        "respondents": chosen(scores.respondents).reset_index(drop=True),
        "organisations": chosen(scores.organisations).reset_index(drop=True),
        "partnerships": chosen(scores.partnerships),
        "intervals": chosen(scores.intervals).reset_index(drop=True),
        "reliability": scores.reliability,
        "agreement": Agreement(
            partnerships=chosen(agreement.partnerships).reset_index(drop=True), scales=agreement.scales
        ),
        "instrument": scores.instrument,
        "settings": dict(scores.settings),
        "attributes": chosen(scores.attributes),
        "phase_reports": chosen(scores.phase_reports),
    }


__all__ = ["LATEST", "STATISTICS", "protected", "restricted_frames", "wide_table"]
