"""Write the data that `reference.R` reads: `validity_items.csv`.

A simulated study with a correlated latent structure (complete answers, so lavaan's listwise
default and the pairwise estimates here agree): the reverse-keyed items turned around, three
constructs (phase, trust, power), the partnership and a language column (every third respondent
`en`). Run from the repository root with the kompasmetrics venv active.
"""

from pathlib import Path

import numpy as np
import pandas as pd

import kompasmetrics as km

HERE = Path(__file__).resolve().parent


def reference_data() -> pd.DataFrame:
    study = km.simulate(
        n_partnerships=60,
        organisations=(2, 4),
        respondents=(1, 4),
        missing_rate=0.0,
        dont_know_rate=0.0,
        latent_correlation={"within": 0.6, "between": 0.3},
        random_state=19,
    )
    survey = study.survey
    keyed = pd.DataFrame(survey.keyed_item_matrix(), columns=survey.items).astype(int)
    scales = survey.instrument.scales
    constructs = scales.loc[scales["construct"].isin(["phase", "trust", "power"]), "scale"]
    items = [i for s in constructs for i in survey.instrument.items_of(s)]
    frame = keyed[items]
    frame.insert(0, "partnership", survey.responses["partnership"].to_numpy())
    frame.insert(1, "language", np.where(np.arange(len(frame)) % 3 == 2, "en", "nl"))
    return frame


if __name__ == "__main__":
    reference_data().to_csv(HERE / "validity_items.csv", index=False)
