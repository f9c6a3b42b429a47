"""Simulated studies with planted partnership archetypes (the known truth for validation)."""

from ._simulate import SimulatedStudy, archetype_catalogue, simulate

__all__ = ["SimulatedStudy", "archetype_catalogue", "simulate"]
