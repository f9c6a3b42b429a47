"""kompasmetrics: measure, diagnose and compare partnerships between organisations.

The pipeline runs one way::

    instrument (YAML) -> Survey (validated responses) -> Scores -> diagnosis, clusters -> figures

>>> import kompasmetrics as km
>>> study = km.simulate(n_partnerships=50, random_state=0)
>>> scores = km.score(study.survey)
"""

from importlib.metadata import PackageNotFoundError, version

from . import stats
from .compare import Clustering, PartnershipClustering, benchmark, cluster_partnerships, compare_waves
from .dashboards import dashboard, import_dashboard, portfolio_dashboard
from .diagnose import Diagnosis, Rules, diagnose
from .errors import (
    DegenerateStatisticWarning,
    InstrumentError,
    KompasError,
    KompasKeyError,
    KompasValueError,
    KompasWarning,
    SurveyError,
)
from .instrument import Instrument, ResponseScale, load_instrument
from .io import ExportError, read_survey, read_surveys
from .plots import (
    plot_agreement,
    plot_clusters,
    plot_kijkglas,
    plot_likert,
    plot_negotiation,
    plot_phases,
    plot_power,
    plot_profiles,
    plot_radar,
    plot_trust,
)
from .scoring import Agreement, Reliability, Scores, score
from .simulate import SimulatedStudy, simulate
from .survey import Survey

try:
    __version__ = version("kompasmetrics")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

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
    "PartnershipClustering",
    "Reliability",
    "ResponseScale",
    "Rules",
    "Scores",
    "SimulatedStudy",
    "Survey",
    "SurveyError",
    "__version__",
    "benchmark",
    "cluster_partnerships",
    "compare_waves",
    "dashboard",
    "diagnose",
    "import_dashboard",
    "load_instrument",
    "plot_agreement",
    "plot_clusters",
    "plot_kijkglas",
    "plot_likert",
    "plot_negotiation",
    "plot_phases",
    "plot_power",
    "plot_profiles",
    "plot_radar",
    "plot_trust",
    "portfolio_dashboard",
    "read_survey",
    "read_surveys",
    "score",
    "simulate",
    "stats",
]
