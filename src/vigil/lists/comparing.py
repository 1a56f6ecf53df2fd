"""Two versions of a list compared row by row (the comparison page)."""

from __future__ import annotations

from vigil.lists.models import ListVersion


def compare_versions(old: ListVersion, new: ListVersion) -> dict[str, list]:
    """Rows added, removed and changed (column by column) between two versions."""
    before = {e.external_id: e for e in old.entries.all()}
    after = {e.external_id: e for e in new.entries.all()}
    changed = []
    for key in after.keys() & before.keys():
        a, b = before[key].values, after[key].values
        diffs = [(c, a.get(c, ""), b.get(c, "")) for c in sorted(a.keys() | b.keys())
                 if a.get(c) != b.get(c)]
        if diffs:
            changed.append((after[key], diffs))
    return {
        "added": sorted((after[k] for k in after.keys() - before.keys()), key=lambda e: e.row),
        "removed": sorted((before[k] for k in before.keys() - after.keys()),
                          key=lambda e: e.row),
        "changed": sorted(changed, key=lambda c: c[0].row),
    }
