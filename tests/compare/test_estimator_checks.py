"""PartnershipClustering follows scikit-learn's estimator contract (``parametrize_with_checks``).

Checks that cannot apply to a clustering of a portfolio are named with the reason; everything else
(cloning, refitting on arrays after frames, feature names, NaN handling, pickling, ...) must pass.
"""

from __future__ import annotations

from sklearn.utils.estimator_checks import parametrize_with_checks

from kompasmetrics.compare import PartnershipClustering

ONE_CLUSTER = (
    "the check fits with n_clusters=1; a single cluster says nothing about a portfolio, so "
    "PartnershipClustering refuses it with its own error"
)
TOO_SMALL = (
    "the check fits on one sample or one feature; clustering needs at least 10 partnerships and "
    "says so in its own words, not in scikit-learn's ('1 sample')"
)
NOT_APPLICABLE = {
    "check_dont_overwrite_parameters": ONE_CLUSTER,
    "check_methods_subset_invariance": ONE_CLUSTER,
    "check_fit2d_predict1d": ONE_CLUSTER,
    "check_fit2d_1sample": TOO_SMALL,
    "check_fit2d_1feature": TOO_SMALL,
}


@parametrize_with_checks(
    [PartnershipClustering(n_clusters=3, random_state=0), PartnershipClustering(method="ward", random_state=0)],
    expected_failed_checks=lambda estimator: NOT_APPLICABLE,
)
def test_scikit_learn_estimator_contract(estimator, check):
    check(estimator)
