"""Widget dashboards for Jupyter and Voilà: one partnership, the portfolio, and importing an export."""

from ._partnership import PartnershipDashboard, dashboard
from ._portfolio import PortfolioDashboard, portfolio_dashboard

__all__ = ["PartnershipDashboard", "PortfolioDashboard", "dashboard", "portfolio_dashboard"]
