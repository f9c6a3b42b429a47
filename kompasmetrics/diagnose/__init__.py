"""Diagnosis: where each partnership stands, skipped phases, sham collaboration, power, trust."""

from ._diagnose import FLAGS, Diagnosis, diagnose
from ._negotiation import OUTCOMES, classify
from ._rules import Rules

__all__ = ["FLAGS", "OUTCOMES", "Diagnosis", "Rules", "classify", "diagnose"]
