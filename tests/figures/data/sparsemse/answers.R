# SparseMSE 2.0.1 (CRAN) on resampled tables: estimate and chosen terms per replicate.
# Rscript answers.R TABLES.csv OUT.csv N, with SparseMSE's R/routines.R at /tmp/routines.R.
suppressMessages(library(lpSolve))
source("/tmp/routines.R")
d <- read.csv(commandArgs(trailingOnly=TRUE)[1])
out <- c()
for (r in 0:(as.integer(commandArgs(trailingOnly=TRUE)[3])-1)) {
  z <- as.matrix(d[d$rep == r, -1])
  z <- z[z[, ncol(z)] > 0, , drop=FALSE]
  e <- tryCatch(estimatepopulation.0(z, quantiles=NULL)$estimate, error=function(e) NA)
  fit <- tryCatch(stepwisefit(z)$fit, error=function(e) NULL)
  terms <- if (is.null(fit)) "ERR" else paste(attr(terms(fit), "term.labels")[grepl(":", attr(terms(fit), "term.labels"))], collapse=" ")
  out <- rbind(out, c(r, e, terms))
}
write.table(out, commandArgs(trailingOnly=TRUE)[2], sep=",", row.names=FALSE, col.names=FALSE, quote=FALSE)
