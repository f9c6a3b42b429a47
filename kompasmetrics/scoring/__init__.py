"""Scoring: scale scores, intervals, reliability and agreement from a `Survey`."""

from ._results import Agreement, Reliability, Scores, latest_wave
from ._score import POOLED_LABEL, score

__all__ = ["POOLED_LABEL", "Agreement", "Reliability", "Scores", "latest_wave", "score"]
