"""Cells as the import stages need them: a column's data cells on demand, stripped texts, keys,
waves and dates."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd

from ._platforms import key


class Columns(Mapping[int, np.ndarray]):
    """The data cells of each column (header rows left out), made when asked for.

    Holding every column as an object array at once costs a pointer per cell, close to a gigabyte
    for a 1,000,000-respondent export; each column is used once or twice, so it is made on demand.
    """

    def __init__(self, cells: pd.DataFrame, n_header: int) -> None:
        self._cells, self._n_header = cells, n_header

    def __getitem__(self, position: int) -> np.ndarray:
        if not 0 <= position < self._cells.shape[1]:
            raise KeyError(position)
        return self._cells.iloc[self._n_header :, position].to_numpy(dtype=object)

    def __iter__(self) -> Iterator[int]:
        return iter(range(self._cells.shape[1]))

    def __len__(self) -> int:
        return self._cells.shape[1]

    @property
    def n_rows(self) -> int:
        return max(len(self._cells) - self._n_header, 0)


def show(value: object) -> str:
    """A cell as shown in a message: 4.0 as 4."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_texts(values: np.ndarray) -> np.ndarray:
    """Cells as stripped text, None when blank; one conversion per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    converted = np.empty(len(uniques) + 1, dtype=object)
    for index, value in enumerate(uniques):
        converted[index] = as_text(value)
    converted[-1] = None
    return converted[codes]


def as_text(value: object) -> str | None:
    """A cell as text with its white space collapsed, None when blank; 4.0 as "4"."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    joined = " ".join(str(value).split())
    return joined or None


def present(texts: np.ndarray) -> np.ndarray:
    """Which of the texts (of :func:`as_texts`) are not blank."""
    return texts != None  # noqa: E711 - elementwise on an object array


def keys_of(texts: np.ndarray) -> np.ndarray:
    """The normalised key (:func:`._platforms.key`) of every text, computed once per distinct text."""
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    converted = np.array([key(u) for u in uniques] + [""], dtype=object)
    return converted[codes]


def as_waves(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Waves as integers when every wave is a number, else as text."""
    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
    if numbers.notna().sum() == pd.notna(values).sum():
        return numbers.astype("Int64").array
    return pd.array(values, dtype="string")


def as_dates(values: np.ndarray) -> np.ndarray:
    """Cells as datetime64 (time zones dropped); NaT where a cell is no date."""
    series = pd.Series(values, dtype=object).replace("", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = pd.to_datetime(series, errors="coerce")
        except (TypeError, ValueError, OverflowError):
            parsed = pd.to_datetime(series.astype(str), errors="coerce", format="mixed")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.to_numpy()
