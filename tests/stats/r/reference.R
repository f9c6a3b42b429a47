## Reference values for tests/stats/test_reliability.py and tests/stats/test_agreement.py,
## computed with R's psych and multilevel packages.
##
## Run from the repository root (after `python tests/stats/r/make_data.py` has written the CSVs):
##   Rscript tests/stats/r/reference.R > tests/stats/r/reference_output.txt 2>&1
##
## Every value is printed as one line
##   REF | <test function> | <statistic> | <value, %.15g>
## Lines tagged CHECK are behaviour checks for tests that cite psych/multilevel behaviour but
## hold no R number.

suppressPackageStartupMessages({
  library(psych)
  library(multilevel)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script)) dirname(normalizePath(script)) else "tests/stats/r"
rd <- function(name) read.csv(file.path(here, name))

fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.15g", v))
out <- function(tag, test, stat, value) {
  for (i in seq_along(value)) {
    label <- if (length(value) > 1) sprintf("%s[%s]", stat, names(value)[i] %||% i) else stat
    cat(sprintf("%s | %s | %s | %s\n", tag, test, label, fmt(value[[i]])))
  }
}
`%||%` <- function(a, b) if (is.null(a) || !nzchar(a)) b else a
ref <- function(test, stat, value) out("REF", test, stat, value)
chk <- function(test, stat, value) out("CHECK", test, stat, value)

cat("VERSION | R |", R.version.string, "\n")
cat("VERSION | psych |", as.character(packageVersion("psych")), "\n")
cat("VERSION | multilevel |", as.character(packageVersion("multilevel")), "\n")
cat("VERSION | GPArotation |", as.character(packageVersion("GPArotation")), "\n")
cat("\n")

## ---------------------------------------------------------------------------------------------
## test_reliability.py (psych)
## ---------------------------------------------------------------------------------------------
sf_wide <- rd("shrout_fleiss_wide.csv")
x <- rd("psych_items.csv")          # PSYCH_ITEMS_TEXT, "." -> NA
heywood <- rd("heywood.csv")        # exact_correlation_data(R_heywood, n_rows = 300), seed 0
flip <- rd("flip.csv")              # exact_correlation_data(one_factor(.8,.7,.6,.5)), seed 0

t <- "test_alpha_equals_published_icc3k_of_shrout_fleiss"
ref(t, "psych::alpha(sf)$total$raw_alpha", psych::alpha(sf_wide)$total$raw_alpha)

t <- "test_alpha_matches_psych_with_pairwise_missing_data"
a <- psych::alpha(x)                 # use = "pairwise" is psych's default
ref(t, "psych::alpha(x)$total$raw_alpha", a$total$raw_alpha)
ref(t, "psych::alpha(x)$total$std.alpha", a$total$std.alpha)

t <- "test_alpha_listwise_matches_psych_on_complete_cases"
ref(t, "psych::alpha(na.omit(x))$total$raw_alpha", psych::alpha(na.omit(x))$total$raw_alpha)

t <- "test_item_total_statistics_match_psych"
is <- a$item.stats
ref(t, "item.stats$n", setNames(is$n, rownames(is)))
ref(t, "item.stats$mean", setNames(is$mean, rownames(is)))
ref(t, "item.stats$sd", setNames(is$sd, rownames(is)))
ref(t, "item.stats$r.drop", setNames(is$r.drop, rownames(is)))
ref(t, "alpha.drop$raw_alpha", setNames(a$alpha.drop$raw_alpha, rownames(a$alpha.drop)))

t <- "test_omega_matches_psych_with_pairwise_missing_data"
om <- suppressWarnings(psych::omega(x, nfactors = 1, plot = FALSE))
ref(t, "psych::omega(x, nfactors = 1)$omega.tot", om$omega.tot)

t <- "test_omega_heywood_case_is_bounded_and_warned"
cat("# cor(heywood) (should be the target matrix):\n"); print(cor(heywood), digits = 15)
hw_msgs <- character(0)
om_h <- withCallingHandlers(
  psych::omega(heywood, nfactors = 1, plot = FALSE),
  warning = function(w) { hw_msgs <<- c(hw_msgs, conditionMessage(w)); invokeRestart("muffleWarning") }
)
ref(t, "psych::omega(heywood, nfactors = 1)$omega.tot", om_h$omega.tot)
chk(t, "omega loadings (g)", setNames(om_h$schmid$sl[, 1], rownames(om_h$schmid$sl)))
cat("# warnings from psych::omega on the Heywood data:\n")
for (m in unique(hw_msgs)) cat("#   ", gsub("\n", " ", m), "\n")

t <- "test_omega_reverses_negatively_loading_items_as_psych_flip"
flipped <- flip; flipped$x2 <- -flipped$x2
chk(t, "omega.tot(original)", suppressWarnings(psych::omega(flip, nfactors = 1, plot = FALSE))$omega.tot)
chk(t, "omega.tot(x2 reversed)", suppressWarnings(psych::omega(flipped, nfactors = 1, plot = FALSE))$omega.tot)

t <- "test_constant_item_is_dropped_with_a_warning_as_psych_does"
const_msgs <- character(0)
a_flat <- withCallingHandlers(
  psych::alpha(cbind(x, flat = 3)),
  warning = function(w) { const_msgs <<- c(const_msgs, conditionMessage(w)); invokeRestart("muffleWarning") }
)
chk(t, "psych::alpha(cbind(x, flat = 3))$total$raw_alpha", a_flat$total$raw_alpha)
chk(t, "items kept", length(rownames(a_flat$item.stats)))
cat("# warnings:", paste(gsub("\n", " ", unique(const_msgs)), collapse = " / "), "\n")

t <- "test_item_total_statistics_with_two_items_warns_for_alpha_if_deleted"
a2 <- suppressWarnings(psych::alpha(x[, c("q1", "q3")]))
chk(t, "item.stats$r.drop", setNames(a2$item.stats$r.drop, rownames(a2$item.stats)))
chk(t, "cov2cor(cov(q1, q3, pairwise))[1,2]", cov2cor(cov(x[, c("q1", "q3")], use = "pairwise"))[1, 2])

## ---------------------------------------------------------------------------------------------
## test_agreement.py (multilevel)
## ---------------------------------------------------------------------------------------------
sf <- rd("shrout_fleiss_long.csv")  # SF_VALUES, SF_TARGETS
ml <- rd("multilevel.csv")          # MULTILEVEL_TEXT, "." -> NA
cat("\n")

t <- "test_icc_reproduces_shrout_fleiss_published_values"
fit_sf <- aov(v ~ as.factor(target), data = sf)
ref(t, "multilevel::ICC1(aov)", multilevel::ICC1(fit_sf))
ref(t, "multilevel::ICC2(aov)", multilevel::ICC2(fit_sf))

t <- "test_oneway_anova_mean_squares_match_shrout_fleiss_table_3"
tab <- summary(fit_sf)[[1]]
ref(t, "Sum Sq between", tab[1, "Sum Sq"])
ref(t, "Sum Sq within", tab[2, "Sum Sq"])
ref(t, "Mean Sq between (msb)", tab[1, "Mean Sq"])
ref(t, "Mean Sq within (msw)", tab[2, "Mean Sq"])

t <- "test_icc_matches_multilevel_with_unequal_groups_singletons_and_missing"
fit_ml <- aov(v ~ as.factor(group), data = ml)
ref(t, "multilevel::ICC1(aov)", multilevel::ICC1(fit_ml))
ref(t, "multilevel::ICC2(aov)", multilevel::ICC2(fit_ml))
chk(t, "N used by aov", nrow(model.frame(fit_ml)))

t <- "test_rwg_matches_multilevel_by_group"
r1 <- multilevel::rwg(ml$v, ml$group, ranvar = 2)
ref(t, "multilevel::rwg(v, group, 2)$rwg", setNames(r1$rwg, r1$grpid))
chk(t, "gsize", setNames(r1$gsize, r1$grpid))

t <- "test_rwg_j_matches_multilevel_by_group"
r2 <- multilevel::rwg.j(ml[, c("i1", "i2", "i3")], ml$group, ranvar = 2)
ref(t, "multilevel::rwg.j(i1:i3, group, 2)$rwg.j", setNames(r2$rwg.j, r2$grpid))

## behaviour checks
t <- "test_rwg_hand_computed"
chk(t, "rwg(4 5 5 4 3, ranvar = 2)", multilevel::rwg(c(4, 5, 5, 4, 3), rep(1, 5), 2)$rwg)
chk(t, "rwg(4 5 5 4 3, ranvar = 4)", multilevel::rwg(c(4, 5, 5, 4, 3), rep(1, 5), 4)$rwg)
chk(t, "rwg(3 3 3)", multilevel::rwg(c(3, 3, 3), rep(1, 3), 2)$rwg)
t <- "test_rwg_is_truncated_at_zero_as_multilevel"
chk(t, "rwg(1 5 1 5)", multilevel::rwg(c(1, 5, 1, 5), rep(1, 4), 2)$rwg)
t <- "test_rwg_j_hand_computed"
chk(t, "rwg.j([[3,4,2],[4,3,3]])", multilevel::rwg.j(rbind(c(3, 4, 2), c(4, 3, 3)), rep(1, 2), 2)$rwg.j)
t <- "test_rwg_j_is_zero_when_mean_variance_exceeds_null_as_multilevel"
chk(t, "rwg.j([[1,5],[5,1]])", multilevel::rwg.j(rbind(c(1, 5), c(5, 1)), rep(1, 2), 2)$rwg.j)
chk(t, "rwg.j([[1,1],[3,3],[4,4]])", multilevel::rwg.j(rbind(c(1, 1), c(3, 3), c(4, 4)), rep(1, 3), 2)$rwg.j)
t <- "test_rwg_j_uses_every_available_answer"
chk(t, "multilevel rwg.j (listwise)", multilevel::rwg.j(rbind(c(3, 4, 2), c(4, 3, 3), c(NA, 5, 2)), rep(1, 3), 2)$rwg.j)
t <- "test_icc2_with_equal_group_means_is_nan"
fit_eq <- aov(v ~ g, data = data.frame(v = c(1, 3, 3, 1), g = factor(c("a", "a", "b", "b"))))
chk(t, "multilevel::ICC1 (equal group means)", multilevel::ICC1(fit_eq))
chk(t, "multilevel::ICC2 (equal group means)", multilevel::ICC2(fit_eq))
