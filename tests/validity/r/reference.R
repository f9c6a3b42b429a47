## Reference values for tests/validity/test_reference.py, from R's lavaan, psych and multilevel.
##
## Run from the repository root (after `python tests/validity/r/make_data.py`):
##   Rscript tests/validity/r/reference.R > tests/validity/r/reference_output.txt 2>&1
##
## Every value is one line: REF | <what> | <statistic> | <value, %.15g>

suppressPackageStartupMessages({
  library(lavaan)
  library(psych)
  library(multilevel)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script)) dirname(normalizePath(script)) else "tests/validity/r"
d <- read.csv(file.path(here, "validity_items.csv"))

fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.15g", v))
ref <- function(what, stat, value) {
  for (i in seq_along(value)) {
    label <- if (length(value) > 1) sprintf("%s[%s]", stat, names(value)[i]) else stat
    cat(sprintf("REF | %s | %s | %s\n", what, label, fmt(value[[i]])))
  }
}

cat("VERSION | R |", R.version.string, "\n")
for (p in c("lavaan", "psych", "multilevel")) cat("VERSION |", p, "|", as.character(packageVersion(p)), "\n")
cat("\n")

items_of <- function(scale) grep(paste0("^", scale, "_[0-9]+$"), names(d), value = TRUE)
model_of <- function(scales) paste(sapply(scales, function(s) paste(s, "=~", paste(items_of(s), collapse = " + "))), collapse = "\n")
measures <- c("chisq", "df", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr")

constructs <- list(
  trust = c("trust_interest", "trust_openness", "trust_reliability"),
  phase = c("phase1_explore", "phase2_share", "phase3_agree", "phase4_design", "phase5_execute"),
  power = c("power_asymmetry", "power_restraint")
)

## ------------------------------------------------------------------ CFA, one model per construct
for (name in names(constructs)) {
  fit <- cfa(model_of(constructs[[name]]), data = d, estimator = "ML")
  what <- paste0("cfa_", name)
  ref(what, "fitMeasures", fitMeasures(fit, measures))
  std <- standardizedSolution(fit)
  l <- std[std$op == "=~", ]
  ref(what, "std.all loading", setNames(l$est.std, l$rhs))
  r <- std[std$op == "~~" & std$lhs != std$rhs & std$lhs %in% constructs[[name]], ]
  ref(what, "factor correlation", setNames(r$est.std, paste(r$lhs, r$rhs, sep = "~~")))
}

## A misspecified model (one factor for the three trust scales), so that the fit indices are
## away from their bounds (CFI < 1, RMSEA > 0)
one <- paste("trust =~", paste(unlist(lapply(constructs$trust, items_of)), collapse = " + "))
fit <- cfa(one, data = d, estimator = "ML")
ref("cfa_trust_one_factor", "fitMeasures", fitMeasures(fit, measures))
std <- standardizedSolution(fit)
l <- std[std$op == "=~", ]
ref("cfa_trust_one_factor", "std.all loading", setNames(l$est.std, l$rhs))

## --------------------------------------------------- language invariance, lavaan multi-group
for (name in c("trust", "trust_one_factor")) {
  m <- if (name == "trust") model_of(constructs$trust) else one
  configural <- cfa(m, data = d, group = "language", estimator = "ML")
  metric <- cfa(m, data = d, group = "language", group.equal = "loadings", estimator = "ML")
  ref(paste0("invariance_", name, "_configural"), "fitMeasures", fitMeasures(configural, c("chisq", "df", "cfi", "tli", "rmsea")))
  ref(paste0("invariance_", name, "_metric"), "fitMeasures", fitMeasures(metric, c("chisq", "df", "cfi", "tli", "rmsea")))
}

## ------------------------------------------------------ polychoric correlations and ordinal alpha
x <- d[, items_of("trust_interest")]
poly <- polychoric(x)
rho <- poly$rho
ref("polychoric_trust_interest", "rho", c("1~2" = rho[1, 2], "1~3" = rho[1, 3], "2~3" = rho[2, 3]))
ref("polychoric_trust_interest", "alpha(rho)$total$raw_alpha", psych::alpha(rho)$total$raw_alpha)
## psych optimises rho with optimize()'s default tolerance (about 1e-4); the same likelihood
## (psych's polyF with psych's thresholds) maximised to 1e-10:
tau <- poly$tau
fine <- function(i, j) {
  tab <- table(x[, i], x[, j]); tab <- tab / sum(tab)
  optimize(psych:::polyF, interval = c(-1, 1), rc = tau[i, ], cc = tau[j, ], tab = tab, tol = 1e-10)$minimum
}
ref("polychoric_trust_interest", "rho at tol 1e-10", c("1~2" = fine(1, 2), "1~3" = fine(1, 3), "2~3" = fine(2, 3)))

## ------------------------------------------------------------------ alpha with Feldt's interval
for (scale in c("trust_interest", "phase3_agree")) {
  a <- psych::alpha(d[, items_of(scale)])
  ci <- psych::alpha.ci(a$total$raw_alpha, nrow(d), length(items_of(scale)))
  ref(paste0("alpha_", scale), "raw_alpha", a$total$raw_alpha)
  ref(paste0("alpha_", scale), "alpha.ci", c(lower = ci$lower.ci, upper = ci$upper.ci))
  om <- suppressWarnings(psych::omega(d[, items_of(scale)], nfactors = 1, plot = FALSE))
  ref(paste0("alpha_", scale), "omega.tot", om$omega.tot)
}

## --------------------------------------------------------- two-level reliability (partnerships)
score <- rowMeans(d[, items_of("trust_interest")])
model <- aov(score ~ as.factor(d$partnership))
ref("multilevel_trust_interest", "ICC1", multilevel::ICC1(model))
ref("multilevel_trust_interest", "ICC2", multilevel::ICC2(model))
