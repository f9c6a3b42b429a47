"""Options of :func:`kompasmetrics.simulate` for testing an instrument's structure.

* A correlated latent structure across scales: the respondent deviations of the scales (the
  ``N(0, respondent_sd)`` term of the generating model) are drawn with a correlation matrix,
  ``within`` between scales of one construct and ``between`` across constructs, instead of
  independently. Partnership and organisation terms stay independent per scale, so the
  correlation of two scales' latent scores is ``rho * respondent_sd^2 / (respondent_sd^2 +
  partnership_sd^2 + organisation_sd^2 + archetype profile variance)`` (less a little for clipping).
* Reverse-keying errors: columns exported reversed (``min + max - x``), as a survey tool coding
  Strongly agree = 1 where the instrument expects 5 would write them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import KompasValueError
from ..instrument import Instrument


def latent_correlation_matrix(instrument: Instrument, spec: Mapping[str, float] | pd.DataFrame) -> pd.DataFrame:
    """The scales' respondent-level correlation matrix from ``{"within": r, "between": r}`` or a
    full matrix (a DataFrame indexed and labelled by scale id); refused unless positive definite."""
    scales = instrument.scale_ids
    if isinstance(spec, pd.DataFrame):
        missing = [s for s in scales if s not in spec.index or s not in spec.columns]
        if missing:
            raise KompasValueError(f"latent_correlation has no row or column for scale(s) {missing[:5]}.")
        matrix = spec.loc[scales, scales].to_numpy(float)
    else:
        unknown = set(spec) - {"within", "between"}
        if unknown:
            raise KompasValueError(f"latent_correlation takes 'within' and 'between'; got {sorted(unknown)}.")
        construct = instrument.scales["construct"].to_numpy()
        same = construct[:, None] == construct[None, :]
        matrix = np.where(same, spec.get("within", 0.0), spec.get("between", 0.0)).astype(float)
        np.fill_diagonal(matrix, 1.0)
    if not np.allclose(matrix, matrix.T) or not np.allclose(np.diag(matrix), 1.0):
        raise KompasValueError("latent_correlation must be symmetric with ones on the diagonal.")
    if np.linalg.eigvalsh(matrix).min() <= 1e-10:
        raise KompasValueError(
            "latent_correlation is not positive definite; lower 'between' below 'within' "
            "(with many scales a large 'between' correlation cannot hold for all pairs)."
        )
    return pd.DataFrame(matrix, index=scales, columns=scales)


def correlate(noise: np.ndarray, correlation: pd.DataFrame | None) -> np.ndarray:
    """Independent respondent deviations (respondents x scales) turned into correlated ones with the
    same variances: ``noise @ L'`` with ``L L' = correlation``. Unchanged when ``correlation`` is None."""
    if correlation is None:
        return noise
    return noise @ np.linalg.cholesky(correlation.to_numpy()).T


def reverse_exported(answers: pd.DataFrame, instrument: Instrument, columns: Sequence[str]) -> pd.DataFrame:
    """``answers`` with the named item columns turned around (``min + max - x``)."""
    unknown = [c for c in columns if c not in answers.columns]
    if unknown:
        raise KompasValueError(f"reversed_columns names {unknown} that are not items of instrument '{instrument.id}'.")
    if not columns:
        return answers
    info = instrument.items.set_index("item")
    answers = answers.copy()
    for column in columns:
        answers[column] = info.at[column, "min"] + info.at[column, "max"] - answers[column]
    return answers


__all__ = ["correlate", "latent_correlation_matrix", "reverse_exported"]
