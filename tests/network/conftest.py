"""A small study with partner ratings, shared by the network tests."""

from __future__ import annotations

import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.network import partner_ratings

TRUST = ["partner_interest", "partner_openness", "partner_reliability"]


def answers(partnership: str, rater: str, rated: str, people: int, trust: int, *, start: int = 0, **other) -> list:
    """Rows of the long table: ``people`` respondents of ``rater`` answer ``trust`` on the three
    facets about ``rated`` (and ``value=``, ``influence=``, ``frequency=`` when given)."""
    rows = []
    for i in range(start, start + people):
        given = {**dict.fromkeys(TRUST, trust), **{f"partner_{k}": v for k, v in other.items()}}
        for item, value in given.items():
            rows.append(
                {
                    "partnership": partnership,
                    "rater_organisation": rater,
                    "rated_organisation": rated,
                    "item": item,
                    "value": value,
                    "respondent_id": f"{partnership}-{rater}-{i}",
                }
            )
    return rows


@pytest.fixture(scope="session")
def partner_study() -> km.SimulatedStudy:
    return km.simulate(
        n_partnerships=24, organisations=(3, 5), respondents=(2, 5), partner_ratings=True, random_state=3
    )


def build(rows: list, **kwargs) -> km.PartnerRatings:
    return partner_ratings(pd.DataFrame(rows), km.load_instrument(), **kwargs)
