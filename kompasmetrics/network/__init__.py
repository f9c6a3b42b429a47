"""Who trusts whom: partner ratings per pair of organisations, and the network they form.

>>> import kompasmetrics as km
>>> study = km.simulate(n_partnerships=5, organisations=(3, 4), respondents=(3, 4), partner_ratings=True,
...                     random_state=1)
>>> net = km.network(study.partner_ratings)
>>> sorted(net.pairs.columns)[:3]
['frequency', 'influence', 'n_raters']

See ``docs/NETWORK.md`` for what is asked, how it is scored and what each number means.
"""

from ._network import Network, network
from ._ratings import PartnerRatings, partner_ratings
from ._read import read_partner_ratings

__all__ = ["Network", "PartnerRatings", "network", "partner_ratings", "read_partner_ratings"]
