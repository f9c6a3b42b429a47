"""Scoring: scale scores, intervals, reliability and agreement from a `Survey`."""

from ._results import Agreement, Reliability, Scores
from ._score import POOLED_LABEL, score
from ._waves import LATEST, latest_wave, select_wave

__all__ = ["LATEST", "POOLED_LABEL", "Agreement", "Reliability", "Scores", "latest_wave", "score", "select_wave"]
