"""kompasmetrics: measure, diagnose and compare partnerships between organisations.

The pipeline runs one way::

    instrument (YAML) -> Survey (validated responses) -> Scores -> diagnosis, clusters -> figures

>>> import kompasmetrics as km
>>> study = km.simulate(n_partnerships=50, random_state=0)
>>> scores = km.score(study.survey)
"""

import sys
import types
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from .errors import (
    DegenerateStatisticWarning,
    ExportError,
    InstrumentError,
    KompasError,
    KompasKeyError,
    KompasValueError,
    KompasWarning,
    NoPartnerColumnsError,
    OutputError,
    SurveyError,
)

try:
    __version__ = version("kompasmetrics")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

# Loaded when first used (PEP 562), so that a script or a command that only scores does not pay
# for Plotly, ipywidgets and scikit-learn: ``import kompasmetrics`` stays well under half a second.
_LAZY = {
    "Clustering": "compare",
    "PartnershipClustering": "compare",
    "benchmark": "compare",
    "cluster_partnerships": "compare",
    "compare_waves": "compare",
    "dashboard": "dashboards",
    "import_dashboard": "dashboards",
    "portfolio_dashboard": "dashboards",
    "Diagnosis": "diagnose",
    "Rules": "diagnose",
    "diagnose": "diagnose",
    "Instrument": "instrument",
    "ResponseScale": "instrument",
    "load_instrument": "instrument",
    "Network": "network",
    "PartnerRatings": "network",
    "network": "network",
    "read_partner_ratings": "network",
    "read_survey": "io",
    "read_surveys": "io",
    "plot_agreement": "plots",
    "plot_clusters": "plots",
    "plot_kijkglas": "plots",
    "plot_likert": "plots",
    "plot_negotiation": "plots",
    "plot_network": "plots",
    "plot_phases": "plots",
    "plot_power": "plots",
    "plot_profiles": "plots",
    "plot_radar": "plots",
    "plot_trust": "plots",
    "plot_trust_matrix": "plots",
    "Agreement": "scoring",
    "Reliability": "scoring",
    "Scores": "scoring",
    "score": "scoring",
    "SimulatedStudy": "simulate",
    "simulate": "simulate",
    "Survey": "survey",
    "Validity": "validity",
    "validity": "validity",
}
_SUBPACKAGES = {
    "compare", "dashboards", "diagnose", "instrument", "io", "network", "plots", "report", "scoring", "simulate",
    "stats", "survey", "cli", "validity",
}  # fmt: skip


class _Package(types.ModuleType):
    """The package module, which keeps ``km.diagnose`` and ``km.simulate`` the functions.

    Importing the subpackage ``kompasmetrics.diagnose`` makes Python set the package's attribute
    ``diagnose`` to that subpackage, which would hide the function of the same name once anything
    had imported the subpackage (eager imports used to assign the function afterwards)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    elif name in _SUBPACKAGES:
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'kompasmetrics' has no attribute {name!r}")
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBPACKAGES})


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from . import stats
    from .compare import Clustering, PartnershipClustering, benchmark, cluster_partnerships, compare_waves
    from .dashboards import dashboard, import_dashboard, portfolio_dashboard
    from .diagnose import Diagnosis, Rules, diagnose
    from .instrument import Instrument, ResponseScale, load_instrument
    from .io import read_survey, read_surveys
    from .network import Network, PartnerRatings, network, read_partner_ratings
    from .plots import (
        plot_agreement,
        plot_clusters,
        plot_kijkglas,
        plot_likert,
        plot_negotiation,
        plot_network,
        plot_phases,
        plot_power,
        plot_profiles,
        plot_radar,
        plot_trust,
        plot_trust_matrix,
    )
    from .scoring import Agreement, Reliability, Scores, score
    from .simulate import SimulatedStudy, simulate
    from .survey import Survey
    from .validity import Validity, validity

__all__ = [
    "Agreement",
    "Clustering",
    "DegenerateStatisticWarning",
    "Diagnosis",
    "ExportError",
    "Instrument",
    "InstrumentError",
    "KompasError",
    "KompasKeyError",
    "KompasValueError",
    "KompasWarning",
    "Network",
    "NoPartnerColumnsError",
    "OutputError",
    "PartnerRatings",
    "PartnershipClustering",
    "Reliability",
    "ResponseScale",
    "Rules",
    "Scores",
    "SimulatedStudy",
    "Survey",
    "SurveyError",
    "Validity",
    "__version__",
    "benchmark",
    "cluster_partnerships",
    "compare_waves",
    "dashboard",
    "diagnose",
    "import_dashboard",
    "load_instrument",
    "network",
    "plot_agreement",
    "plot_clusters",
    "plot_kijkglas",
    "plot_likert",
    "plot_negotiation",
    "plot_network",
    "plot_phases",
    "plot_power",
    "plot_profiles",
    "plot_radar",
    "plot_trust",
    "plot_trust_matrix",
    "portfolio_dashboard",
    "read_partner_ratings",
    "read_survey",
    "read_surveys",
    "score",
    "simulate",
    "stats",
    "validity",
]
