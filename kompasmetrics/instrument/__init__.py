"""Instrument definitions: the questionnaire as data, read from YAML and validated."""

from ._instrument import Instrument, ResponseScale
from ._load import load_instrument

__all__ = ["Instrument", "ResponseScale", "load_instrument"]
