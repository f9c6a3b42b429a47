## Reference values of the HTMT ratios for tests/validity/test_reference.py, from R's semTools.
##
## Run from the repository root:
##   Rscript tests/validity/r/htmt.R > tests/validity/r/htmt_output.txt 2>&1
##
## semTools::htmt as Henseler, Ringle & Sarstedt (2015) define it, which is km.validity's HTMT:
## the arithmetic mean of the correlations (htmt2 = FALSE; semTools 0.5.6 defaults to the
## geometric-mean HTMT2) of the correlations as they are (absolute = FALSE; its default takes
## absolute values); Pearson correlations (lavCor, listwise; the data have no missing answers).
## Every value is one line: REF | htmt | <scale>~~<other> | <value, %.15g>

suppressPackageStartupMessages(library(semTools))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script)) dirname(normalizePath(script)) else "tests/validity/r"
d <- read.csv(file.path(here, "validity_items.csv"))

cat("VERSION | R |", R.version.string, "\n")
cat("VERSION | semTools |", as.character(packageVersion("semTools")), "\n")
cat("VERSION | lavaan |", as.character(packageVersion("lavaan")), "\n\n")

items <- setdiff(names(d), c("partnership", "language"))
scales <- unique(sub("_[0-9]+$", "", items))
model <- paste(sapply(scales, function(s) paste(s, "=~", paste(grep(paste0("^", s, "_[0-9]+$"), items, value = TRUE), collapse = " + "))), collapse = "\n")
h <- htmt(model, data = d[, items], htmt2 = FALSE, absolute = FALSE)
for (a in seq_along(scales)) for (b in seq_along(scales)) if (a < b) {
  cat(sprintf("REF | htmt | %s~~%s | %.15g\n", scales[a], scales[b], h[scales[b], scales[a]]))
}
