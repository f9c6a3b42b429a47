"""Write the data behind the R-attributed reference values in tests/stats/ to CSV files.

Run from the repository root:  python tests/stats/r/make_data.py
The data are taken from the test modules themselves (same constants, same seeded generator),
so R sees exactly what the tests see.  Missing values are written as empty fields (NA in R).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # repository root, so that `tests.stats...` imports

from tests.stats import test_agreement as ta
from tests.stats import test_reliability as tr


def write(frame: pd.DataFrame, name: str) -> None:
    frame.to_csv(HERE / name, index=False, float_format="%.17g", na_rep="")
    print(f"wrote {name}: {frame.shape[0]} rows x {frame.shape[1]} columns")


# test_reliability.py ---------------------------------------------------------------------------
write(pd.DataFrame(tr.SHROUT_FLEISS, columns=[f"j{i}" for i in range(1, 5)]), "shrout_fleiss_wide.csv")
write(tr.psych_items(), "psych_items.csv")
# test_omega_heywood_case_is_bounded_and_warned: exact_correlation_data(R, n_rows=300), seed 0
heywood_r = np.array([[1.0, 0.8, 0.8], [0.8, 1.0, 0.5], [0.8, 0.5, 1.0]])
write(
    pd.DataFrame(tr.exact_correlation_data(heywood_r, n_rows=300), columns=["x1", "x2", "x3"]),
    "heywood.csv",
)
# test_omega_reverses_negatively_loading_items_as_psych_flip (behaviour check only)
flip = tr.exact_correlation_data(tr.one_factor_correlation(np.array([0.8, 0.7, 0.6, 0.5])))
write(pd.DataFrame(flip, columns=["x1", "x2", "x3", "x4"]), "flip.csv")

# test_agreement.py -----------------------------------------------------------------------------
write(pd.DataFrame({"target": ta.SF_TARGETS, "v": ta.SF_VALUES}), "shrout_fleiss_long.csv")
write(ta.multilevel_data(), "multilevel.csv")
