"""Regenerate the sample exports in this folder from ``km.simulate()``.

Run from the repository root::

    python sample_data/make_samples.py

The study is simulated with a fixed seed and the exports are written with fixed made-up metadata,
so running the script again gives the same cells. Each export is read back with
``km.read_survey(path, **SAMPLES[name]["read"])``; ``tests/io/test_samples.py`` checks that this
gives the same scores as scoring the simulated survey directly.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # use this source tree

import kompasmetrics as km
from kompasmetrics.io._samples import write_export

FOLDER = Path(__file__).resolve().parent
STUDY = {"n_partnerships": 12, "random_state": 20260301}
DUTCH_ROLES = {"partnership": "Samenwerkingsverband", "organisation": "Organisatie"}
SAMPLES = {
    "qualtrics_choice_text.xlsx": {
        "platform": "qualtrics",
        "write": {"language": "en", "answers": "label"},
        "read": {},
    },
    "msforms_nl.xlsx": {
        "platform": "msforms",
        "write": {"language": "nl", "answers": "label"},
        "read": DUTCH_ROLES,
    },
    "google_forms.csv": {
        "platform": "google",
        "write": {"language": "en", "answers": "number_label"},
        "read": {},
    },
    "surveymonkey.xlsx": {
        "platform": "surveymonkey",
        "write": {"language": "en", "answers": "label"},
        "read": {},
    },
    "limesurvey.csv": {
        "platform": "limesurvey",
        "write": {"language": "nl", "answers": "code"},
        "read": DUTCH_ROLES,
    },
}


def simulated_study() -> km.SimulatedStudy:
    """The study every sample export is made from."""
    return km.simulate(**STUDY)


def make_samples(folder: Path = FOLDER) -> list[Path]:
    """Write every sample export into ``folder``; returns the paths."""
    study = simulated_study()
    paths = []
    for offset, (name, spec) in enumerate(SAMPLES.items()):
        paths.append(
            write_export(
                study.responses,
                folder / name,
                spec["platform"],
                random_state=offset,
                **spec["write"],
            )
        )
    return paths


if __name__ == "__main__":
    for path in make_samples():
        survey = km.read_survey(path, **SAMPLES[path.name]["read"])
        print(
            f"{path.name}: {len(survey.responses)} respondents, {len(survey.items)} items, "
            f"{int((survey.report['action'] == 'row left out').sum())} row(s) left out"
        )
