"""Small cells of a release's breakdown, suppressed for readers who may not see their persons.

A release counts its publisher's records, and every member of every organisation may open it.
A reader knows their own persons, so a row's count minus the persons they may see in it is the
number of the others in that row: with one or two, "one person of another organisation's is
held in facility X" — exactly what the publisher keeps to itself. So a row is shown to a
reader only when it holds no person hidden from them, or at least k of them (setting
`VIGIL_SUPPRESS_CELLS_BELOW`, 5 by default). When the rows do not overlap, a single suppressed
row could be worked out from the others and the total, so the row with the next fewest hidden
persons is suppressed with it (secondary suppression, as statistical offices do).
"""

from __future__ import annotations

from django.conf import settings


def hidden_in(row: dict, visible: set[int]) -> int:
    return row["count"] - len(visible.intersection(row["person_ids"]))


def suppressed_breakdown(breakdown: dict | None, visible: set[int],
                         k: int | None = None) -> dict | None:
    """The breakdown as this reader may see it: each row with `count` None and `suppressed`
    True where it would tell too much, and without its person ids."""
    if not breakdown:
        return breakdown
    k = settings.VIGIL_SUPPRESS_CELLS_BELOW if k is None else k
    hidden = [hidden_in(row, visible) for row in breakdown["rows"]]
    suppressed = {i for i, h in enumerate(hidden) if 0 < h < k}
    if len(suppressed) == 1 and not breakdown.get("overlapping"):
        others = [(h, i) for i, h in enumerate(hidden) if h > 0 and i not in suppressed]
        if others:
            suppressed.add(min(others)[1])
    rows = [{"value": row["value"], "count": None if i in suppressed else row["count"],
             "suppressed": i in suppressed} for i, row in enumerate(breakdown["rows"])]
    return {**{key: value for key, value in breakdown.items() if key != "rows"},
            "rows": rows, "k": k, "any_suppressed": bool(suppressed)}
