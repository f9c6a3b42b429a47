"""Is the instrument measuring what it claims, on the user's own answers? :func:`validity` reports
per scale reliability with intervals (alpha, omega, ordinal alpha), item-rest correlations, a
confirmatory factor analysis per construct (semopy, checked against lavaan), discriminant validity
(HTMT), the reliability of partnership means, and invariance across languages. See
``docs/VALIDITY.md``."""

from ._validity import Validity, validity

__all__ = ["Validity", "validity"]
