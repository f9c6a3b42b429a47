"""The `Instrument`: a validated, immutable questionnaire definition with tidy views."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from ..texts import LANGUAGES
from ._partners import PartnerBlock
from ._process import ProcessBlock
from ._roles import ScaleRoles
from ._schema import InstrumentModel, _normalise


@dataclass(frozen=True)
class ResponseScale:
    """An ordered answer scale with its labels per language.

    Attributes
    ----------
    id : str
    values : tuple of int
        The answer codes, lowest first.
    labels : mapping language -> tuple of str
        One label per value, in order.
    label_variants : mapping language -> mapping value -> tuple of str
        Other spellings of a label seen in survey-tool exports.
    missing : mapping language -> tuple of str
        Answers that carry no substantive answer ("Weet niet", "Not applicable"); stored as missing.
    """

    id: str
    values: tuple[int, ...]
    labels: Mapping[str, tuple[str, ...]]
    label_variants: Mapping[str, Mapping[int, tuple[str, ...]]]
    missing: Mapping[str, tuple[str, ...]]

    @property
    def minimum(self) -> int:
        return self.values[0]

    @property
    def maximum(self) -> int:
        return self.values[-1]

    @property
    def n_options(self) -> int:
        """The number of substantive answer options (A in the rwg null distribution)."""
        return len(self.values)

    def label_lookup(self) -> dict[str, float]:
        """Normalised label (any language, variants included) -> value; missing labels -> NaN.

        Normalisation folds case, collapses white space and treats a non-breaking space as a space.
        """
        lookup: dict[str, float] = {}
        for labels in self.labels.values():
            lookup.update({_normalise(label): float(v) for label, v in zip(labels, self.values, strict=True)})
        for variants in self.label_variants.values():
            for value, labels in variants.items():
                lookup.update({_normalise(label): float(value) for label in labels})
        for labels in self.missing.values():
            lookup.update({_normalise(label): np.nan for label in labels})
        return lookup

    def missing_labels(self) -> set[str]:
        """Normalised labels that mean 'no substantive answer'."""
        return {_normalise(label) for labels in self.missing.values() for label in labels}


@dataclass(frozen=True)
class Instrument:
    """A questionnaire: response scales, scales and their items, in several languages.

    Build one with :func:`kompasmetrics.load_instrument`. The definition is immutable.

    Attributes
    ----------
    id, version : str
    title : mapping language -> str
    languages : tuple of str
    response_scales : mapping id -> ResponseScale
    scales : DataFrame
        One row per scale, in file order: ``scale``, ``construct``, ``ring``, ``phase`` (1-5 or
        missing), ``facet``, ``role`` (see :attr:`roles`; missing for most scales), ``n_items``,
        ``n_reverse``, ``label_<lang>``, ``description_<lang>``.
    items : DataFrame
        One row per item, in file order: ``item``, ``scale``, ``position`` (1-based within the
        scale), ``reverse``, ``response_scale``, ``min``, ``max``, ``n_options``, ``text_<lang>``.
    source : Path or None
        The file the instrument was read from.
    partner_ratings : PartnerBlock or None
        The items asked once per other partner organisation (the ``partner_ratings`` block, see
        ``instruments/README.md``), or None when the instrument has no such block.
    process : ProcessBlock or None
        The phase status and joined questions (the ``process_questions`` block), or None.
    former_texts : mapping item id -> tuple of (language, text)
        Earlier wordings of reworded items (``former_texts`` in the file), which the importer
        still matches, so that an export of an earlier version reads.
    """

    id: str
    version: str
    title: Mapping[str, str]
    languages: tuple[str, ...]
    response_scales: Mapping[str, ResponseScale]
    scales: pd.DataFrame = field(repr=False)
    items: pd.DataFrame = field(repr=False)
    source: Path | None = None
    partner_ratings: PartnerBlock | None = field(default=None, repr=False)
    process: ProcessBlock | None = field(default=None, repr=False)
    former_texts: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_model(cls, model: InstrumentModel, source: Path | None = None) -> Instrument:
        languages = tuple(model.languages)
        # The tables carry every language the package speaks, in the instrument's first language
        # where its file has none: the diagnosis writes its texts in all of them. Outputs only
        # offer the instrument's own languages (kompasmetrics.texts.instrument_language).
        tabled = (*languages, *(code for code in LANGUAGES if code not in languages))

        def said(text: Mapping[str, str] | None, lang: str) -> str:
            text = text or {}
            return text.get(lang) or text.get(languages[0], "")

        response_scales = {
            rs.id: ResponseScale(
                id=rs.id,
                values=tuple(rs.values),
                labels=MappingProxyType({k: tuple(v) for k, v in rs.labels.items()}),
                label_variants=MappingProxyType(
                    {
                        k: MappingProxyType({int(val): tuple(lab) for val, lab in v.items()})
                        for k, v in rs.label_variants.items()
                    }
                ),
                missing=MappingProxyType({k: tuple(v) for k, v in rs.missing.items()}),
            )
            for rs in model.response_scales
        }
        scale_rows, item_rows = [], []
        for scale in model.scales:
            scale_rows.append(
                {
                    "scale": scale.id,
                    "construct": scale.construct_,
                    "ring": scale.ring,
                    "phase": scale.phase,
                    "facet": scale.facet,
                    "role": scale.role,
                    "n_items": len(scale.items),
                    "n_reverse": sum(item.reverse for item in scale.items),
                    **{f"label_{lang}": said(scale.label, lang) for lang in tabled},
                    **{f"description_{lang}": said(scale.description, lang) for lang in tabled},
                }
            )
            for position, item in enumerate(scale.items, start=1):
                response_scale = response_scales[str(item.response_scale or model.default_response_scale)]
                item_rows.append(
                    {
                        "item": item.id,
                        "scale": scale.id,
                        "position": position,
                        "reverse": item.reverse,
                        "response_scale": response_scale.id,
                        "min": response_scale.minimum,
                        "max": response_scale.maximum,
                        "n_options": response_scale.n_options,
                        **{f"text_{lang}": said(item.text, lang) for lang in tabled},
                    }
                )
        scales = pd.DataFrame(scale_rows)
        scales["phase"] = scales["phase"].astype("Int64")
        return cls(
            id=model.id,
            version=str(model.version),
            title=MappingProxyType(dict(model.title)),
            languages=languages,
            response_scales=MappingProxyType(response_scales),
            scales=scales,
            items=pd.DataFrame(item_rows),
            source=source,
            partner_ratings=None
            if model.partner_ratings is None
            else PartnerBlock.from_model(model.partner_ratings, response_scales, model.default_response_scale, tabled),
            process=None
            if model.process_questions is None
            else ProcessBlock.from_model(model.process_questions, model.default_response_scale, tabled),
            former_texts=MappingProxyType(
                {
                    item.id: tuple((lang, text) for former in item.former_texts for lang, text in former.items())
                    for scale in model.scales
                    for item in scale.items
                    if item.former_texts
                }
            ),
        )

    @cached_property
    def roles(self) -> ScaleRoles:
        """Which scale plays which part (phases, trust, power asymmetry, own gain...), from the
        ``phase``, ``construct`` and ``role`` fields of the file: the only way the diagnosis, the
        figures and the reports find their scales. See ``instruments/README.md``."""
        return ScaleRoles.of(self.scales)

    def roles_among(self, scales) -> ScaleRoles:
        """:attr:`roles`, limited to the scale ids in ``scales`` (those that were scored)."""
        return ScaleRoles.of(self.scales, available=scales)

    @property
    def scale_ids(self) -> list[str]:
        return self.scales["scale"].tolist()

    @property
    def item_ids(self) -> list[str]:
        return self.items["item"].tolist()

    def items_of(self, scale: str) -> list[str]:
        """Item ids of one scale, in order."""
        if scale not in set(self.scale_ids):
            from ..errors import KompasKeyError

            raise KompasKeyError(
                f"Instrument '{self.id}' has no scale '{scale}'. Known scales: {', '.join(self.scale_ids)}."
            )
        return self.items.loc[self.items["scale"] == scale, "item"].tolist()

    def scale_label(self, scale: str, language: str = "nl") -> str:
        """The scale's short label in ``language``."""
        return self._labels[(scale, language)]

    @cached_property
    def _labels(self) -> dict[tuple[str, str], str]:
        return {
            (row["scale"], language): row[f"label_{language}"]
            for row in self.scales.to_dict("records")
            for language in self.tabled_languages
        }

    @property
    def tabled_languages(self) -> tuple[str, ...]:
        """The instrument's languages, then the package's others (filled with its first language)."""
        return (*self.languages, *(code for code in LANGUAGES if code not in self.languages))

    def membership(self, items: list[str] | None = None) -> np.ndarray:
        """Boolean matrix (items x scales): which item belongs to which scale."""
        items = self.item_ids if items is None else items
        scale_of = self.items.set_index("item")["scale"]
        codes = pd.Categorical(scale_of.loc[items], categories=self.scale_ids).codes
        matrix = np.zeros((len(items), len(self.scale_ids)), dtype=bool)
        matrix[np.arange(len(items)), codes] = True
        return matrix

    def __repr__(self) -> str:
        return (
            f"Instrument(id={self.id!r}, version={self.version!r}, scales={len(self.scales)}, "
            f"items={len(self.items)}, languages={list(self.languages)})"
        )

    def _repr_html_(self) -> str:
        title = html.escape(self.title.get("en") or next(iter(self.title.values())))
        rings = self.scales.groupby("ring", sort=False)["scale"].count()
        summary = ", ".join(f"{html.escape(str(ring))}: {count}" for ring, count in rings.items())
        table = self.scales[
            ["scale", "construct", "ring", "phase", "n_items", "n_reverse", f"label_{self.languages[0]}"]
        ].to_html(index=False, na_rep="")
        return (
            f"<div><strong>{title}</strong> (<code>{html.escape(self.id)}</code> v{html.escape(self.version)}): "
            f"{len(self.scales)} scales, {len(self.items)} items; scales per ring: {summary}"
            f"{table}</div>"
        )
