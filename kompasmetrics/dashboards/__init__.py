"""Widget dashboards for Jupyter and Voilà: one partnership, the portfolio, and importing an export."""

from ._common import error_panel
from ._import import ImportDashboard, import_dashboard
from ._partnership import PartnershipDashboard, dashboard
from ._portfolio import PortfolioDashboard, portfolio_dashboard

__all__ = [
    "ImportDashboard",
    "PartnershipDashboard",
    "PortfolioDashboard",
    "dashboard",
    "error_panel",
    "import_dashboard",
    "portfolio_dashboard",
]
