"""Figures you can cite: counting semantics and estimates of the undocumented total.

Pure Python, no Django: plain data in (`Person`, `CustodyPeriod`, `Recognition`,
`ListVersion`), plain data out (`Figure`, `Breakdown`, `Series`, `Reconciliation`).
`count`, `breakdown` and `series` are the reference semantics, person by person; a
`Population` compiles the same persons once and answers the same figures with numpy, for many
figures over large lists. The estimators live in `vigil.figures.mse` (log-linear, with
`bootstrap`), `vigil.figures.bma` (model averaging) and `vigil.figures.lcmcr` (Bayesian latent
class), side by side in `comparison`; imported on demand because they pull in scipy.
The rules are written out for coalition members in `docs/figures.md`.
"""

from vigil.figures.counting import (
    Breakdown,
    BreakdownRow,
    Figure,
    FigureDefinition,
    FigureError,
    Frequency,
    Kind,
    Match,
    Series,
    UnknownFieldError,
    breakdown,
    citation,
    count,
    custody_state,
    local_date,
    series,
)
from vigil.figures.model import (
    FIELDS,
    CustodyKind,
    CustodyPeriod,
    EndReason,
    ListVersion,
    Person,
    PersonStatus,
    Recognition,
    RecognitionStatus,
)
from vigil.figures.population import Population
from vigil.figures.reconcile import Flow, FlowCheck, FlowKind, Reconciliation, reconcile

__all__ = [
    "FIELDS",
    "Breakdown",
    "BreakdownRow",
    "CustodyKind",
    "CustodyPeriod",
    "EndReason",
    "Figure",
    "FigureDefinition",
    "FigureError",
    "Flow",
    "FlowCheck",
    "FlowKind",
    "Frequency",
    "Kind",
    "ListVersion",
    "Match",
    "Person",
    "PersonStatus",
    "Population",
    "Recognition",
    "RecognitionStatus",
    "Reconciliation",
    "Series",
    "UnknownFieldError",
    "breakdown",
    "citation",
    "count",
    "custody_state",
    "local_date",
    "reconcile",
    "series",
]
