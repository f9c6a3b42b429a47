"""The respondents' table of a simulated study: who answered when, and their scale answers.

Per respondent, ``theta = mu_ps + mu_os offset + N(0, respondent_sd)`` (correlated across scales
with ``latent_correlation``), clipped to 0-100; an item answer is ``round(min + (max - min) theta /
100 + N(0, item_sd (max - min) / 4))``, clipped and reversed for reverse-keyed items; then some
answers are left blank or answered "don't know".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._design import Design
from ._structure import correlate


def scale_answers(design: Design, instrument, catalogue: dict, correlation, rng: np.random.Generator) -> pd.DataFrame:
    """Every respondent row's answer to every scale item (numbers, before non-response)."""
    theta = design.unit_means[design.row_wave, design.row_partnership] + design.org_offset[design.row_org]
    theta = np.clip(theta + correlate(rng.normal(0, catalogue["respondent_sd"], theta.shape), correlation), 0, 100)
    return _answers(theta, instrument, instrument.scale_ids, catalogue["item_sd"], rng)


def respondent_frame(design: Design, catalogue: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Respondent id, partnership, organisation and its type, wave, submission time, months running."""
    row_org, row_wave, row_partnership = design.row_org, design.row_wave, design.row_partnership
    frame = pd.DataFrame(
        {
            "respondent_id": [f"R{i:07d}" for i in range(1, len(row_org) + 1)],
            "partnership": design.partnership_ids[row_partnership],
            "organisation": np.asarray(design.org_names["name"])[row_org],
            "organisation_type": np.asarray(design.org_names["type"])[row_org],
        }
    )
    if design.n_waves > 1:
        frame["wave"] = row_wave + 1
    frame["submitted_at"] = (
        pd.Timestamp("2026-03-02")
        + pd.to_timedelta(row_wave * 182, unit="D")
        + pd.to_timedelta(rng.integers(0, 21 * 24 * 60, len(row_org)), unit="min")
    )
    months = np.array([catalogue["archetypes"][a]["months_running"] for a in design.archetypes])[design.assigned]
    frame["months_running"] = rng.integers(months[:, 0], months[:, 1] + 1)[row_partnership] + row_wave * 6
    return frame


def _answers(theta, instrument, scales, item_sd, rng) -> pd.DataFrame:
    items = instrument.items
    scale_index = items["scale"].map({s: i for i, s in enumerate(scales)}).to_numpy()
    low, high = items["min"].to_numpy(float), items["max"].to_numpy(float)
    span = high - low
    latent = low + span * theta[:, scale_index] / 100.0
    noisy = latent + rng.normal(0, 1, latent.shape) * (item_sd * span / 4)
    values = np.clip(np.rint(noisy), low, high)
    values = np.where(items["reverse"].to_numpy(bool), low + high - values, values)
    return pd.DataFrame(values, columns=items["item"].tolist())


def with_nonresponse(answers, instrument, missing_rate, dont_know_rate, language, rng) -> pd.DataFrame:
    values = answers.to_numpy(copy=True)
    draw = rng.random(values.shape)
    values[draw < missing_rate] = np.nan
    dont_know = (draw >= missing_rate) & (draw < missing_rate + dont_know_rate)
    columns = {}
    scale_of = instrument.items.set_index("item")["response_scale"]
    for j, item in enumerate(answers.columns):
        mask = dont_know[:, j]
        if mask.any():
            labels = instrument.response_scales[scale_of[item]].missing.get(language, ())
            if labels:
                column = values[:, j].astype(object)
                column[mask] = labels[0]
                columns[item] = column
                continue
            values[mask, j] = np.nan
        columns[item] = values[:, j]
    return pd.DataFrame(columns)


__all__ = ["respondent_frame", "scale_answers", "with_nonresponse"]
