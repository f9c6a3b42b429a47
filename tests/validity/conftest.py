"""A small analyst's own instrument for the validity tests: four constructs of the bundled Kompas
(trust, power, dependence, leadership) with every scale and item id renamed, so that nothing can
find a scale by its bundled id; and simulated studies on it with a known structure."""

from __future__ import annotations

import pytest
import yaml

import kompasmetrics as km
from kompasmetrics._resources import instruments_folder

CONSTRUCTS = ("trust", "power", "dependence", "leadership")


def own_instrument_yaml() -> dict:
    raw = yaml.safe_load((instruments_folder() / "kompas.yaml").read_text(encoding="utf-8"))
    raw["id"] = "own"
    raw["scales"] = [s for s in raw["scales"] if s["construct"] in CONSTRUCTS]
    for scale in raw["scales"]:
        scale["id"] = f"own_{scale['id']}"
        scale.pop("role", None)
        for item in scale["items"]:
            item["id"] = f"own_{item['id']}"
    return raw


@pytest.fixture(scope="session")
def own_instrument(tmp_path_factory):
    path = tmp_path_factory.mktemp("instrument") / "own.yaml"
    path.write_text(yaml.safe_dump(own_instrument_yaml(), allow_unicode=True), encoding="utf-8")
    return km.load_instrument(path)


@pytest.fixture(scope="session")
def structured(own_instrument):
    """About 400 respondents, scales of one construct correlating .6 at the respondent level, .2 across."""
    return km.simulate(
        n_partnerships=40,
        archetypes=["healthy"],
        organisations=(2, 4),
        respondents=(2, 5),
        latent_correlation={"within": 0.6, "between": 0.2},
        instrument=own_instrument,
        random_state=11,
    )
