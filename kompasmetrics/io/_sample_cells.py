"""The cells of a simulated export that every platform's layout shares: answers as labels, numbers
or codes, statements and questions, times, and text columns (for ``_sample_layouts``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..instrument import Instrument

ANSWER_STYLES = ("label", "number", "number_label", "code")
QUESTION = {
    "nl": "In hoeverre bent u het eens met de volgende stellingen over {scale}?",
    "en": "To what extent do you agree with the following statements about {scale}?",
}


def answer_cells(responses: pd.DataFrame, instrument: Instrument, language: str, style: str) -> np.ndarray:
    """The item answers as an object array (respondents x items, instrument order)."""
    items = instrument.items
    out = np.empty((len(responses), len(items)), dtype=object)
    for j, row in enumerate(items.to_dict("records")):
        scale = instrument.response_scales[row["response_scale"]]
        raw = responses[row["item"]].to_numpy(dtype=object)
        numbers = pd.to_numeric(pd.Series(raw), errors="coerce").to_numpy(dtype=float)
        in_scale = np.isin(numbers, scale.values)
        missing_labels = {m for labels in scale.missing.values() for m in labels}
        missing_label = np.array([isinstance(v, str) and v in missing_labels for v in raw], dtype=bool)
        verbatim = pd.notna(raw) & ~in_scale & ~missing_label  # answers a tool would not give: kept as they are
        positions = np.searchsorted(scale.values, np.where(in_scale, numbers, scale.values[0]))
        labels = np.array(scale.labels[language], dtype=object)
        if style == "label":
            cells = labels[positions]
        elif style == "number":
            cells = np.array(scale.values, dtype=object)[positions]
        elif style == "number_label":
            cells = np.array([f"{v} - {lab}" for v, lab in zip(scale.values, labels, strict=True)], dtype=object)[
                positions
            ]
        elif style == "code":
            cells = np.array([f"A{i + 1}" for i in range(len(scale.values))], dtype=object)[positions]
        else:
            raise ValueError(f"answers={style!r}; use one of {ANSWER_STYLES}")
        cells = cells.copy()
        cells[np.isnan(numbers)] = ""
        dont_know = scale.missing.get(language, ("",))[0] if style != "code" else ""
        cells[missing_label] = dont_know
        cells[verbatim] = [str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in raw[verbatim]]
        out[:, j] = cells
    return out


def item_statements(instrument: Instrument, language: str) -> list[str]:
    return instrument.items[f"text_{language}"].tolist()


def item_questions(instrument: Instrument, language: str) -> list[str]:
    labels = instrument.scales.set_index("scale")[f"label_{language}"]
    return [QUESTION[language].format(scale=labels[s].lower()) for s in instrument.items["scale"]]


def response_times(responses: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.Series, pd.Series, np.ndarray]:
    end = pd.to_datetime(responses["submitted_at"]).reset_index(drop=True)
    seconds = np.round(rng.lognormal(np.log(700), 0.35, len(responses))).astype(int)
    start = end - pd.to_timedelta(seconds, unit="s")
    return start, end, seconds


def text_cells(values: Sequence[object]) -> np.ndarray:
    return np.array(["" if pd.isna(v) else str(v) for v in values], dtype=object)


def repeated_cells(values, n: int) -> np.ndarray:
    array = np.empty(n, dtype=object)
    array[:] = values if not isinstance(values, (str, int, float)) else [values] * n
    return array


def with_answers(columns: list[np.ndarray], answers: np.ndarray) -> np.ndarray:
    return np.concatenate([np.column_stack(columns), answers], axis=1) if columns else answers
