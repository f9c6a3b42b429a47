"""Stage 3: the answers coded as numbers, for an export file and for a DataFrame alike.

Both use the coder of :mod:`kompasmetrics._coding`, so an answer means the same wherever it comes
from. They differ in what they forgive: a file's answers may be remapped by ``answer_map``, decoded
by SPSS value labels and read by their label where the number disagrees (reported); a DataFrame
has no import report, so such answers are refused there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._coding import BY_LABEL, MISSING_LABEL, VALUE, CodedColumn, ScaleCoder, code_column
from .._messages import listing, suggestion
from ..instrument import Instrument
from ._cells import Columns, show
from ._detect import Layout
from ._match import Matching, find_columns
from ._options import AnswerMaps
from ._report import noted


@dataclass(frozen=True)
class CodedAnswers:
    """A file's answers: (rows x items) values and "don't know" marks, items in the export's order."""

    items: list[str]
    values: np.ndarray
    nonsubstantive: np.ndarray
    problems: list[str]

    def answered(self) -> np.ndarray:
        """Which rows answered at least one item."""
        return np.asarray((~np.isnan(self.values)).any(axis=1))

    def marked(self) -> np.ndarray:
        """Which rows gave at least one "don't know" answer."""
        return np.asarray(self.nonsubstantive.any(axis=1))

    def in_instrument_order(self, instrument: Instrument) -> tuple[list[str], list[int]]:
        """The items in instrument order, and the column of each in :attr:`values`."""
        position_of = {item: j for j, item in enumerate(self.items)}
        ordered = [item for item in instrument.item_ids if item in position_of]
        return ordered, [position_of[item] for item in ordered]


def code_export(
    layout: Layout, matching: Matching, data: Columns, instrument: Instrument, maps: AnswerMaps, report: list[dict]
) -> CodedAnswers:
    """Code every matched item column of a file; notes go to ``report``, problems are returned."""
    item_order = sorted(matching.items.items(), key=lambda pair: pair[1])  # as asked
    scale_of = instrument.items.set_index("item")["response_scale"]
    column_maps, problems = _column_maps(layout, maps, instrument)
    coders: dict[tuple[str, int | None], ScaleCoder] = {}
    values = np.full((layout.n_rows, len(item_order)), np.nan)
    nonsubstantive = np.zeros((layout.n_rows, len(item_order)), dtype=bool)
    for j, (item, position) in enumerate(item_order):
        scale_id = scale_of[item]
        own = column_maps.get(position)
        coder_key = (scale_id, position if own is not None else None)
        if coder_key not in coders:
            specific = {**maps.by_scale.get(scale_id, {}), **(own or {})}
            coders[coder_key] = ScaleCoder(
                instrument.response_scales[scale_id],
                layout.platform.missing_codes,
                {**maps.everywhere, **specific},
                guarded=frozenset(maps.everywhere) - set(specific),
            )
        coder = coders[coder_key]
        column = data[position]
        if position in layout.raw.value_labels:
            labels = layout.raw.value_labels[position]
            column = _decode_value_labels(column, labels, coder, layout.columns[position].name, scale_id, report)
        coded = code_column(column, coder)
        values[:, j], nonsubstantive[:, j] = coded.values, coded.nonsubstantive
        problems += _answer_problems(coded, coder, layout.describe(position), layout.place, layout.rows)
        problems += _remap_problems(coded, layout, position, scale_id)
        report += _coding_notes(coded, coder, layout, position, scale_id)
    return CodedAnswers([item for item, _ in item_order], values, nonsubstantive, problems)


def _column_maps(
    layout: Layout, maps: AnswerMaps, instrument: Instrument
) -> tuple[dict[int, Mapping[str, float | None]], list[str]]:
    """The ``answer_map`` entries given per column, by column position; a problem per key that
    names no column or several."""
    column_maps: dict[int, Mapping[str, float | None]] = {}
    problems = []
    for source, entries in maps.by_column.items():
        positions = find_columns(layout.columns, source)
        if len(positions) != 1:
            found = "no column" if not positions else f"{len(positions)} columns"
            problems.append(
                f"answer_map names column {source!r}, which matches {found} of {layout.place}; name one column by "
                "its header, export tag or Excel letter, or a response scale of the instrument "
                f"({', '.join(instrument.response_scales)})."
            )
            continue
        column_maps[positions[0]] = entries
    return column_maps, problems


def _remap_problems(coded: CodedColumn, layout: Layout, position: int, scale_id: str) -> list[str]:
    if not coded.remapped:
        return []
    changed = ", ".join(f"{answer!r} ({count}x)" for answer, count in coded.remapped)
    return [
        f"answer_map would recode answers of column {layout.describe(position)} of {layout.place} that are "
        f"already valid on its response scale '{scale_id}': {changed}. Give the map for the columns it is meant "
        f"for, answer_map={{'<column>': {{...}}}}, or for a response scale, answer_map={{'<scale id>': {{...}}}}."
    ]


def _coding_notes(coded: CodedColumn, coder: ScaleCoder, layout: Layout, position: int, scale_id: str) -> list[dict]:
    """Report rows for answers read by their label and for the platform's "seen but unanswered" codes."""
    name = layout.columns[position].name
    notes = [
        noted(
            None,
            name,
            answer,
            "answer_by_label",
            answer=repr(answer),
            count=count,
            scale=scale_id,
            code=float(coder.code(answer)[0]),
        )
        for answer, count in coded.by_label
    ]
    notes += [
        noted(None, name, value, "missing_code", platform=layout.platform.label, code=repr(value), count=count)
        for value, count in coded.missing_codes
    ]
    return notes


def _decode_value_labels(
    column: np.ndarray, labels: Mapping[object, str], coder: ScaleCoder, name: str, scale_id: str, report: list[dict]
) -> np.ndarray:
    """An SPSS column with value labels, decoded by label where the instrument knows the label.

    A value whose label is a label of the response scale takes that label's value, also when the
    numbers differ (a question coded Strongly agree = 1 in the survey tool: reported, since the
    numbers alone would read reversed); a missing label ("Weet niet") becomes that label; a value
    whose label the instrument does not know is used directly (reported).
    """
    remap: dict[object, object] = {}
    changed, unknown = [], []
    for value, label in labels.items():
        decoded, kind = coder.code(label)
        if kind == MISSING_LABEL:
            remap[value] = label
        elif kind in (VALUE, BY_LABEL):
            if decoded != value:
                remap[value] = decoded
                changed.append(f"{show(value)} {label!r} -> {decoded:g}")
        else:
            unknown.append(label)
    if changed:
        report.append(noted(None, name, "; ".join(changed[:5]), "spss_values_differ", scale=scale_id))
    if unknown:
        report.append(noted(None, name, ", ".join(repr(u) for u in unknown[:5]), "spss_unknown_labels", scale=scale_id))
    if not remap:
        return column
    return np.array([remap.get(v, v) if v is not None else None for v in column], dtype=object)


def _answer_problems(coded: CodedColumn, coder: ScaleCoder, column: str, place: str, rows: np.ndarray) -> list[str]:
    problems = []
    scale = coder.scale
    if coded.unknown:
        shown = "; ".join(
            f"{raw!r} {count} time(s) (first in row {rows[first]})"
            + (f".{hint}" if (hint := suggestion(str(raw), coder.labels)) else "")
            for raw, count, first in coded.unknown[:5]
        )
        more = f" and {len(coded.unknown) - 5} more" if len(coded.unknown) > 5 else ""
        example = coded.unknown[0][0]
        problems.append(
            f"Column {column} of {place} has {len(coded.unknown)} answer(s) that are not a label "
            "or value of "
            f"response scale '{scale.id}': {shown}{more}. Allowed: values "
            f"{listing(list(scale.values), 12)} or "
            f"labels such as {listing(coder.labels, 5)}. Add other spellings under label_variants "
            "in the "
            f"instrument, or pass answer_map={{{str(example)!r}: <value or None>}}."
        )
    if coded.out_of_scale:
        shown = "; ".join(
            f"{show(raw)} {count} time(s) (first in row {rows[first]})" for raw, count, first in coded.out_of_scale[:5]
        )
        problems.append(
            f"Column {column} of {place} has numbers outside response scale '{scale.id}': {shown}. "
            "Allowed: "
            f"{listing(list(scale.values), 12)}. The survey tool may number the answers "
            "differently (from 0, "
            "or with a code for 'don't know'): recode them in the tool, or pass "
            "answer_map={'<number>': "
            "<value or None>}."
        )
    return problems


# ------------------------------------------------------------------------------------------------
# a DataFrame's column (km.Survey)
# ------------------------------------------------------------------------------------------------


def code_frame_column(
    column: pd.Series, coder: ScaleCoder, item: str, where: str
) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Code one item column of a DataFrame: numbers must be values of the scale, texts its labels
    or values, coded as the importer codes them (labels in any language and their variants,
    values written as text, "5 - Agree" and the like).

    Returns the float values, a mask of missing labels, and a problem message or None.
    """
    scale = coder.scale
    allowed = coder.values
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        # plain float64 columns are read without a copy (NaN already marks missing answers)
        values = column.to_numpy() if column.dtype == np.float64 else column.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isnan(values) & ~np.isin(values, allowed)
        if not bad.any():
            return values, np.zeros(len(values), bool), None
        counts = pd.Series(values[bad]).value_counts()
        return (
            values,
            np.zeros(len(values), bool),
            (
                f"Column {item!r}{where} has values outside response scale '{scale.id}': "
                + ", ".join(f"{show(v)} ({n}x)" for v, n in counts.head(5).items())
                + f". Allowed: {listing([int(v) for v in allowed], 12)} or a label such as "
                f"{scale.labels[next(iter(scale.labels))][0]!r}. Recode the column or fix the instrument's values."
            ),
        )

    coded = code_column(column.to_numpy(dtype=object, na_value=None), coder)
    # a label whose number disagrees ("Agree (8)") is refused here: a DataFrame has no import report
    # to say it was read by its label
    unknown = [(raw, count) for raw, count, _ in coded.unknown + coded.out_of_scale] + coded.by_label
    if not unknown:
        return coded.values, coded.nonsubstantive, None
    labels = coder.labels
    shown = "; ".join(f"{raw!r} ({n}x){suggestion(str(raw), labels)}" for raw, n in unknown[:5])
    return (
        coded.values,
        coded.nonsubstantive,
        (
            f"Column {item!r}{where} has {len(unknown)} answer(s) that are not a value or label of response "
            f"scale '{scale.id}': {shown}{' ...' if len(unknown) > 5 else ''}. Allowed: values "
            f"{listing(list(scale.values), 12)} or labels {listing(labels, 5)}. Add other spellings under "
            "label_variants in the instrument, or recode the column."
        ),
    )
