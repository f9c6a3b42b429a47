"""Answer coding: labels and codes of a response scale to numbers, one mapping per column.

Shared by the importer (:mod:`kompasmetrics.io`) and :class:`kompasmetrics.Survey`, so that an
answer means the same whether it comes from an export file or from a DataFrame.

Each column is factorised once (:func:`pandas.factorize`); only its distinct answers, usually a
handful, are looked at in Python, and the codes then index a small lookup array. Distinct answers
are remembered across columns, so a 20,000 x 84 export decodes each label once.

An answer is, after normalising case, white space, non-breaking spaces and quotes:

- a label of the response scale in any language, or one of its ``label_variants``;
- a missing label (``missing``: "Weet niet", "Not applicable"): stored as missing and marked as
  nonsubstantive;
- a value of the scale, as a number or as text ("4", "4.0", "4,0");
- a label with its value: "5 - Strongly agree", "5. Helemaal eens", "Agree (4)", "Eens = 4";
  the number must be the label's value or its position (1 = first label);
- a LimeSurvey answer code ``A1``, ``A2``, ...: the n-th answer option;
- a platform's code for "seen but unanswered" (Qualtrics ``-99``): missing;
- an entry of ``answer_map`` given by the analyst.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .instrument import ResponseScale
from .instrument._schema import _normalise

BLANK, VALUE, MISSING_LABEL, MISSING_CODE, UNKNOWN, OUT_OF_SCALE, REMAPPED_VALUE, BY_LABEL = range(8)
_NUMBER_FIRST = re.compile(r"^\(?(?P<number>-?\d+)\s*(?:[-.=:)–—]\s*|\s+)(?P<label>\D.*)$")
_NUMBER_LAST = re.compile(r"^(?P<label>.*\D)\s*(?:\((?P<a>-?\d+)\)|\[(?P<b>-?\d+)\]|[-=:–—]\s*(?P<c>-?\d+))$")
_ANSWER_CODE = re.compile(r"^a(?P<number>\d+)$")


@dataclass
class ScaleCoder:
    """Codes the distinct answers of columns on one response scale, with a cache."""

    scale: ResponseScale
    missing_codes: frozenset[str] = frozenset()
    answer_map: Mapping[str, float | None] = field(default_factory=dict)
    guarded: frozenset[str] = frozenset()
    """Keys of ``answer_map`` given for every column (a global map): where such a key is an
    answer already valid on this scale, the answer is coded as mapped but marked
    ``REMAPPED_VALUE``, so that the importer can refuse a map that silently recodes valid answers."""

    def __post_init__(self) -> None:
        self.values = np.asarray(self.scale.values, dtype=float)
        self.lookup = self.scale.label_lookup()
        self.missing = self.scale.missing_labels()
        self.cache: dict[object, tuple[float, int]] = {}
        self.labels = [label for labels in self.scale.labels.values() for label in labels]

    def code(self, raw: object) -> tuple[float, int]:
        """(value, kind) of one distinct answer; kind is one of BLANK, VALUE, ... above."""
        cache_key = (type(raw), raw) if not isinstance(raw, float) or raw == raw else "nan"
        try:
            return self.cache[cache_key]
        except (KeyError, TypeError):
            pass
        result = self._code(raw)
        try:
            self.cache[cache_key] = result
        except TypeError:
            pass
        return result

    def _code(self, raw: object) -> tuple[float, int]:
        if raw is None or isinstance(raw, bool):
            return (np.nan, BLANK) if raw is None else (np.nan, UNKNOWN)
        if isinstance(raw, (int, float, np.integer, np.floating)):
            number = float(raw)
            if number != number:
                return np.nan, BLANK
            return self._number(number)
        if isinstance(raw, pd.Timestamp) or hasattr(raw, "isoformat"):
            return np.nan, UNKNOWN
        text = _normalise(str(raw))
        if text == "":
            return np.nan, BLANK
        if text in self.answer_map:
            mapped = self.answer_map[text]
            result = (np.nan, MISSING_LABEL) if mapped is None or mapped != mapped else self._value(float(mapped))
            if text in self.guarded and self._unmapped(text) == VALUE:
                return result[0], REMAPPED_VALUE
            return result
        if text in self.lookup:
            return (np.nan, MISSING_LABEL) if text in self.missing else (self.lookup[text], VALUE)
        if text in self.missing_codes:
            return np.nan, MISSING_CODE
        try:
            return self._number(float(text.replace(",", ".")))
        except ValueError:
            pass
        if "_" in text and text.replace("_", " ") in self.lookup:  # an XML choice name (KoboToolbox)
            label = text.replace("_", " ")
            return (np.nan, MISSING_LABEL) if label in self.missing else (self.lookup[label], VALUE)
        code = _ANSWER_CODE.match(text)
        if code:
            position = int(code.group("number"))
            if 1 <= position <= len(self.values):
                return float(self.values[position - 1]), VALUE
            return np.nan, UNKNOWN
        for pattern in (_NUMBER_FIRST, _NUMBER_LAST):
            match = pattern.match(text)
            if match:
                label = match.group("label").strip(" -.=:()[]–—")
                number = next(int(v) for k, v in match.groupdict().items() if k != "label" and v is not None)
                if label in self.lookup:
                    if label in self.missing:
                        return np.nan, MISSING_LABEL
                    value = self.lookup[label]
                    position = int(np.flatnonzero(self.values == value)[0]) + 1
                    if number in (value, position):
                        return value, VALUE
                    if pattern is _NUMBER_LAST and match.group("a") is not None:
                        # "Agree (8)": an answer code the survey's author chose (LimeSurvey); the
                        # label is what the respondent saw, so read it and say the code disagrees.
                        # A number before the label ("3 - Strongly agree") is a value: refused.
                        return value, BY_LABEL
                if str(number) in self.missing_codes:
                    return np.nan, MISSING_CODE
        return np.nan, UNKNOWN

    def _number(self, number: float) -> tuple[float, int]:
        text = str(int(number)) if number.is_integer() else str(number)
        if text in self.answer_map:
            mapped = self.answer_map[text]
            result = (np.nan, MISSING_LABEL) if mapped is None or mapped != mapped else self._value(float(mapped))
            if text in self.guarded and np.any(self.values == number):
                return result[0], REMAPPED_VALUE
            return result
        return self._value(number)

    def _unmapped(self, text: str) -> int:
        """The kind of an answer text without the analyst's map."""
        plain = ScaleCoder(self.scale, self.missing_codes)
        return plain.code(text)[1]

    def _value(self, number: float) -> tuple[float, int]:
        if np.any(self.values == number):
            return number, VALUE
        text = str(int(number)) if number.is_integer() else str(number)
        if text in self.missing_codes:
            return np.nan, MISSING_CODE
        return number, OUT_OF_SCALE


@dataclass
class CodedColumn:
    """One column's answers as numbers, and what did not fit."""

    values: np.ndarray
    nonsubstantive: np.ndarray
    unknown: list[tuple[object, int, int]]  # (answer, count, first row position)
    out_of_scale: list[tuple[object, int, int]]
    missing_codes: list[tuple[object, int]]
    remapped: list[tuple[object, int]] = field(default_factory=list)  # valid answers a global map changed
    by_label: list[tuple[object, int]] = field(default_factory=list)  # read by label; its number disagreed


def code_column(raw: np.ndarray, coder: ScaleCoder) -> CodedColumn:
    """Code one column: factorise, code each distinct answer once, index the lookup."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    n = len(uniques)
    mapped = np.full(n + 1, np.nan)  # the last slot answers code -1 (missing)
    kinds = np.full(n + 1, BLANK, dtype=np.int8)
    for index, value in enumerate(uniques):
        mapped[index], kinds[index] = coder.code(value)
    values = mapped[codes]
    column_kinds = kinds[codes]
    unknown, out_of_scale, missing_codes, remapped, by_label = [], [], [], [], []
    problem = np.isin(kinds[:n], [UNKNOWN, OUT_OF_SCALE, MISSING_CODE, REMAPPED_VALUE, BY_LABEL])
    if problem.any():
        counts = np.bincount(codes[codes >= 0], minlength=n)
        for index in np.flatnonzero(problem).tolist():
            first = int(np.argmax(codes == index))
            entry = (uniques[index], int(counts[index]), first)
            if kinds[index] == UNKNOWN:
                unknown.append(entry)
            elif kinds[index] == OUT_OF_SCALE:
                out_of_scale.append(entry)
            elif kinds[index] == REMAPPED_VALUE:
                remapped.append((uniques[index], int(counts[index])))
            elif kinds[index] == BY_LABEL:
                by_label.append((uniques[index], int(counts[index])))
            else:
                missing_codes.append((uniques[index], int(counts[index])))
        values = np.where(column_kinds == OUT_OF_SCALE, np.nan, values)
    return CodedColumn(
        values=values,
        nonsubstantive=column_kinds == MISSING_LABEL,
        unknown=unknown,
        out_of_scale=out_of_scale,
        missing_codes=missing_codes,
        remapped=remapped,
        by_label=by_label,
    )
