"""Instrument definitions: the questionnaire as data, read from YAML and validated."""

from ._instrument import Instrument, ResponseScale
from ._load import load_instrument
from ._roles import GROUP_ROLES, SINGLE_ROLES, ScaleRoles, role_name

__all__ = ["GROUP_ROLES", "SINGLE_ROLES", "Instrument", "ResponseScale", "ScaleRoles", "load_instrument", "role_name"]
