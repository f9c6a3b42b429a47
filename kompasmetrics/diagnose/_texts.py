"""The diagnosis texts (titles, evidence templates, recommendations) from ``texts.yaml``."""

from __future__ import annotations

from .._resources import package_yaml

LANGUAGES = ("nl", "en")


def texts() -> dict:
    return package_yaml("kompasmetrics.diagnose", "texts.yaml")


def flag_text(flag: str, part: str, language: str, **values: object) -> str:
    """A flag's title, evidence or recommendation in one language, filled with ``values``."""
    return texts()["flags"][flag][part][language].format(**values)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def number(value: float, language: str, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals, with a decimal comma in Dutch."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "nl" else text


def confidence_level(probability: float) -> str:
    """The word for a flag's confidence: ``almost_certain`` (0.95 and up), ``likely`` (0.8 and
    up) or ``possible``."""
    return "almost_certain" if probability >= 0.95 else "likely" if probability >= 0.8 else "possible"


def confidence_phrase(probability: float, language: str) -> str:
    """The sentence that ends a flag's evidence: "This is likely (87% probability)."."""
    if probability != probability:  # no probability for this flag
        return ""
    phrase = texts()["confidence"]
    level = phrase["levels"][confidence_level(probability)][language]
    return phrase["sentence"][language].format(level=level, percent=f"{min(probability, 0.99) * 100:.0f}%")
