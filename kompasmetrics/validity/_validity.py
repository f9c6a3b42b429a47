"""``km.validity(survey)``: is the instrument measuring what it claims, on this study's answers?"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import SettingProblems, expect
from ..errors import Problem
from ..stats._reliability import _constant_items
from ..texts import check_language
from ._intervals import bootstrap_weights
from ._multilevel import MIN_PARTNERSHIPS, TARGET, scale_scores, two_level
from ._scales import reliability_tables
from ._structure import cfa_tables, construct_models, htmt_table, invariance_table
from ._texts import LANGUAGES, verdict_label, verdict_row

TABLES = ("scales", "items", "cfa", "loadings", "factor_correlations", "htmt", "two_level", "invariance")


@dataclass(frozen=True)
class Validity:
    """The validity report of one survey: one table per question, each row with a verdict.

    Attributes
    ----------
    scales : DataFrame
        Per scale: alpha with Feldt's interval, omega total with a bootstrap interval, ordinal alpha
        (polychoric), the items that correlate negatively with the rest, verdict and advice.
    items : DataFrame
        Per item: item-rest correlation (psych's ``r.drop``), alpha if deleted, ``negative``.
    cfa : DataFrame
        Per construct: the CFA fit (n, chi2, df, CFI, TLI, RMSEA with its 90% interval, SRMR).
    loadings, factor_correlations : DataFrame
        Standardized loadings per item; correlations of the factors within each construct.
    htmt : DataFrame
        Per pair of scales, highest first: the HTMT ratio; above 0.85 flagged (verdict "weak").
    htmt_matrix : DataFrame
        The same ratios as a scale-by-scale matrix.
    two_level : DataFrame
        Per scale: ICC(1), ICC(2), reliability of a partnership's mean at the harmonic group size.
    invariance : DataFrame
        Per construct: CFI of the configural and metric models across languages and its drop.
    settings : dict
        The arguments used.

    Every table has ``verdict`` (good / acceptable / weak / not_estimable / warning),
    ``verdict_nl``, ``verdict_en``, ``advice_nl`` and ``advice_en``.
    """

    scales: pd.DataFrame
    items: pd.DataFrame
    cfa: pd.DataFrame
    loadings: pd.DataFrame
    factor_correlations: pd.DataFrame
    htmt: pd.DataFrame
    htmt_matrix: pd.DataFrame
    two_level: pd.DataFrame
    invariance: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in reading order."""
        return {name: getattr(self, name) for name in TABLES}

    def to_frame(self, language: str = "en") -> pd.DataFrame:
        """One row per scale with the headline of every table and the verdicts in ``language``."""
        language = check_language(language, owner="Validity.to_frame()")
        frame = self.scales[["scale", "alpha", "omega", "ordinal_alpha", "negative_items"]].copy()
        frame["reliability"] = self.scales[f"verdict_{language}"]
        if len(self.loadings):
            lowest = self.loadings.groupby("scale")["loading"].min()
            frame["lowest_loading"] = frame["scale"].map(lowest)
        verdict_of = self.cfa.set_index("construct")[f"verdict_{language}"]
        construct_of = self.settings.get("constructs", {})
        frame["cfa"] = frame["scale"].map(lambda s: verdict_of.get(construct_of.get(s), None))
        if len(self.htmt):
            pairs = self.htmt[["scale", "other", "htmt"]]
            pairs = pd.concat([pairs, pairs.rename(columns={"scale": "other", "other": "scale"})])
            highest = pairs.dropna().sort_values("htmt", ascending=False).drop_duplicates("scale").set_index("scale")
            frame["highest_htmt"] = frame["scale"].map(highest["htmt"])
            frame["htmt_with"] = frame["scale"].map(highest["other"])
        two = self.two_level.set_index("scale")
        frame["partnership_reliability"] = frame["scale"].map(two["reliability_at_harmonic_n"])
        frame["two_level"] = frame["scale"].map(two[f"verdict_{language}"])
        return frame

    def __repr__(self) -> str:
        counts = self.scales["verdict"].value_counts().to_dict()
        negative = int(self.items["negative"].sum()) if len(self.items) else 0
        flagged = int((self.htmt["verdict"] == "weak").sum()) if len(self.htmt) else 0
        warnings = int((self.invariance["verdict"] == "warning").sum())
        return (
            f"Validity(scales={len(self.scales)}, reliability={counts}, negative_items={negative}, "
            f"constructs={len(self.cfa)}, htmt_above_0.85={flagged}, invariance_warnings={warnings})"
        )

    def _repr_html_(self) -> str:
        language = self.settings.get("language", "en")
        parts = [f"<div><strong>Validity</strong>: {html.escape(repr(self))}"]
        for name in ("scales", "cfa", "htmt", "two_level", "invariance"):
            table = self.tables()[name]
            shown = table.drop(
                columns=[c for c in table.columns if c.endswith(("_nl", "_en")) and not c.endswith(language)]
            )
            if name == "htmt":
                shown = shown.head(10)
            parts.append(f"<h4>{name}</h4>{shown.to_html(index=False, float_format='{:.3f}'.format, na_rep='')}")
        return "".join(parts) + "</div>"


def _two_level_verdicts(table: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for row in table.to_dict("records"):
        if row["n_partnerships_2plus"] < MIN_PARTNERSHIPS or not np.isfinite(row["icc1"]):
            row.update(verdict_row("not_estimable", "multilevel", "not_estimable", needed=MIN_PARTNERSHIPS))
        elif row["icc1"] <= 0:
            row.update(verdict_row("weak", "multilevel", "no_variance", icc1=row["icc1"]))
        else:
            value = row["reliability_at_harmonic_n"]
            verdict = "good" if value >= TARGET else "acceptable" if value >= 0.5 else "weak"
            row.update(
                verdict_row(
                    verdict,
                    "multilevel",
                    verdict,
                    value=value,
                    n_h=row["harmonic_group_size"],
                    needed=row["respondents_needed"],
                )
            )
        rows.append(row)
    return pd.DataFrame(rows)


def validity(
    survey,
    *,
    language: str | None = "language",
    missing: str = "pairwise",
    n_boot: int = 200,
    level: float = 0.95,
    random_state: int | None = 0,
    report_language: str = "en",
) -> Validity:
    """The validity report of a survey: reliability, factor structure, discriminant validity, two-level
    reliability and language invariance of every scale of its instrument. See ``docs/VALIDITY.md``.

    Parameters
    ----------
    survey : Survey
    language : str or None, default "language"
        The attribute column with each respondent's language ("nl", "en"); the invariance table
        says "not tested" when it is absent or has one language.
    missing : {"pairwise", "listwise"}, default "pairwise"
        How the CFA treats missing answers (``"listwise"`` reproduces lavaan's default).
    n_boot : int, default 200
        Bootstrap replicates for omega's interval.
    level : float, default 0.95
        Confidence level of the alpha and omega intervals (the RMSEA interval is always 90%).
    random_state : int or None, default 0
        Seed of the bootstrap, so that a report is reproducible.
    report_language : {"nl", "en"}, default "en"
        The language of the notebook display (every table holds both languages).
    """
    from ..survey import Survey

    expect(survey, Survey, "validity", "survey")
    with SettingProblems("validity()") as problems:
        if missing not in ("pairwise", "listwise"):
            problems.add("missing", missing, Problem("settings.missing"))
        if report_language not in LANGUAGES:
            problems.add(
                "report_language",
                report_language,
                Problem("settings.choose", choices=" or ".join(map(repr, LANGUAGES))),
            )
    instrument = survey.instrument
    keyed = pd.DataFrame(survey.keyed_item_matrix(), columns=survey.items)
    rng = np.random.default_rng(random_state)
    weights = bootstrap_weights(len(keyed), n_boot, rng) if len(keyed) else np.zeros((0, 0))
    scales, items = reliability_tables(keyed, instrument, weights, level)
    varying = {
        i for i, constant in zip(keyed.columns, _constant_items(keyed.to_numpy(float)), strict=True) if not constant
    }
    models = construct_models(keyed, instrument, varying)
    cfa, loadings, correlations = cfa_tables(keyed, models, missing)
    present = [s for s in instrument.scale_ids if s in set(scales["scale"])]
    matrix, htmt = htmt_table(keyed, instrument, present)
    scale_of = instrument.items.set_index("item").loc[survey.items, "scale"].tolist()
    scores = scale_scores(keyed.to_numpy(float), scale_of, present)
    two = _two_level_verdicts(two_level(scores, survey.responses["partnership"].reset_index(drop=True), present))
    group = None
    if language and language in survey.responses.columns:
        group = survey.responses[language].reset_index(drop=True).astype("string").str.strip().str.lower()
    invariance = invariance_table(keyed, models, group, missing)
    constructs = instrument.scales.set_index("scale")["construct"].to_dict()
    settings = {"language": report_language, "missing": missing, "n_boot": n_boot, "level": level}
    settings.update(random_state=random_state, language_column=language, constructs=constructs)
    return Validity(scales, items, cfa, loadings, correlations, htmt, matrix, two, invariance, settings)


__all__ = ["TABLES", "Validity", "validity", "verdict_label"]
