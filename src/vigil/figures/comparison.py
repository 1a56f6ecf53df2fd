"""One answer, every method: the chosen estimate beside what each other method gives.

Where the methods disagree, the spread is part of the answer: it shows how much the number
depends on assumptions the data cannot check. The chosen method's interval is its own
(the BCa bootstrap for log-linear methods); the others' intervals are their quicker ones,
labelled (the profile likelihood, conditional on the model each chooses)."""

from __future__ import annotations

from dataclasses import dataclass

from vigil.figures import bma, lcmcr, mse
from vigil.figures.mse import CaptureTable, Estimate, EstimationError

LOGLINEAR = {
    "stepwise": ("stepwise", False, "log-linear, stepwise (Chan, Silverman & Vincent 2021)"),
    "bic": ("bic", False, "log-linear, lowest BIC over hierarchical models"),
    "bic-two-way": ("bic", True, "log-linear, lowest BIC over two-list models"),
    "aic": ("aic", False, "log-linear, lowest AIC (a sensitivity analysis)"),
}


@dataclass(frozen=True)
class MethodResult:
    key: str
    name: str
    estimate: float | None
    interval: tuple[float, float] | None
    interval_kind: str | None
    model: str | None
    reason: str | None = None  # why the method gives no estimate
    chosen: bool = False

    def as_dict(self) -> dict:
        def num(v):
            return None if v is None or v == float("inf") else round(float(v), 1)

        return {
            "method": self.key,
            "name": self.name,
            "chosen": self.chosen,
            "estimate": num(self.estimate),
            "interval": None if self.interval is None else [num(v) for v in self.interval],
            "interval_kind": self.interval_kind,
            "model": self.model,
            "reason": self.reason,
        }


def _loglinear(table: CaptureTable, key: str) -> MethodResult:
    method, two_way_only, name = LOGLINEAR[key]
    if two_way_only and table.k > mse.MAX_TWO_WAY_LISTS + 1:
        return MethodResult(key, name, None, None, None, None, "too many lists to search")
    try:
        result = mse.estimate(table, method, two_way_only=two_way_only, replicates=0)
    except EstimationError as exc:
        return MethodResult(key, name, None, None, None, None, str(exc))
    return MethodResult(
        key, name, result.estimate, result.interval, result.interval_kind, result.model
    )


def every_method(
    table: CaptureTable, chosen: Estimate, chosen_key: str, lcmcr_options: dict
) -> tuple[MethodResult, ...]:
    """Each method's estimate; the chosen one with its own (reported) interval."""
    rows = []
    for key in LOGLINEAR:
        if key == chosen_key:
            rows.append(
                MethodResult(
                    key,
                    LOGLINEAR[key][2],
                    chosen.estimate,
                    chosen.interval,
                    chosen.interval_kind,
                    chosen.model,
                    chosen=True,
                )  # fmt: skip
            )
        else:
            rows.append(_loglinear(table, key))
    others = {
        "bma": ("model averaging over decomposable graphs (Madigan & York 1997)", bma.estimate, {}),
        "lcmcr": ("latent classes (LCMCR, Manrique-Vallier 2016)", lcmcr.estimate, lcmcr_options),
    }
    for key, (name, run, options) in others.items():
        if key == chosen_key:
            rows.append(MethodResult(key, name, chosen.estimate, chosen.interval,
                                     chosen.interval_kind, chosen.model, chosen=True))  # fmt: skip
            continue
        try:
            other = run(table, **options)
        except EstimationError as exc:
            rows.append(MethodResult(key, name, None, None, None, None, str(exc)))
            continue
        rows.append(MethodResult(key, name, other.estimate, other.interval,
                                 other.interval_kind, other.model))  # fmt: skip
    return tuple(rows)
