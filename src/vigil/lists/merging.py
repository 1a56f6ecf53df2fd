"""Reviewer decisions, and the reversible merge of two persons.

A merge folds `merged` into `survivor`: every record about the merged person (names, cases,
custody, recognitions, conditions, affiliations, citations of the person, list entries,
statements naming them, occupations) is re-pointed to the survivor and its id kept in the
`PersonMerge`; fields the survivor lacks (birth date, gender, region) are filled from the
merged person, their old values kept; the merged person is soft-deleted. Nothing is removed.
Undo re-points exactly those records back, restores the survivor's fields and the merged
person, and withdraws the reviewer's "same" decision.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vigil.accounts.actors import Actor
from vigil.lists.models import ListEntry, MatchDecision, PairStatus, PersonMerge, ReviewPair
from vigil.registry import models as m

CHILDREN = [
    (m.NameVariant, "person"), (m.Affiliation, "person"), (m.Case, "person"),
    (m.CustodyPeriod, "person"), (m.Recognition, "person"), (m.ConditionReport, "person"),
    (ListEntry, "person"),
]
FILLABLE = ["birth_date", "birth_date_precision", "gender", "region_id"]


def survivors() -> dict[int, int]:
    """merged person → the person it now lives in (following chains of merges)."""
    merges = PersonMerge.objects.filter(undone_at__isnull=True)
    direct = dict(merges.values_list("merged_id", "survivor_id"))
    out = {}
    for merged in direct:
        target, hops = direct[merged], 0
        while target in direct and hops < 100:
            target, hops = direct[target], hops + 1
        out[merged] = target
    return out


def survivor_of(person_id: int) -> int | None:
    """The person an absorbed person now lives in (following chains of merges), or None
    when no merge in force absorbed it."""
    merges = PersonMerge.objects.filter(undone_at__isnull=True)
    target = None
    for _hop in range(100):
        kept = merges.filter(merged_id=person_id).values_list("survivor_id", flat=True).first()
        if kept is None:
            break
        target = person_id = kept
    return target


WIDTH = {m.Visibility.ORGANISATION: 0, m.Visibility.COALITION: 1, m.Visibility.PUBLIC: 2}


def _absorbs(kept: m.NameVariant, twin: m.NameVariant) -> bool:
    """Whether `kept` may stand for `twin`: seen by everyone who saw the twin."""
    if kept.visibility == m.Visibility.PUBLIC:
        return True
    return (kept.organisation_id == twin.organisation_id
            and WIDTH[kept.visibility] >= WIDTH[twin.visibility])


def _fold_names(survivor: m.Person, moved_ids: list[int], user) -> dict[str, list]:
    """Fold each moved spelling identical (text, script, kind) to one the survivor already
    had into that one: its citations re-pointed there, itself soft-deleted. Returns
    folded name → [name kept, its citations moved]."""
    live = m.NameVariant.objects.filter(person_id=survivor.pk, deleted_at__isnull=True)
    own = {}
    for name in live.exclude(pk__in=moved_ids):
        own.setdefault((name.text, name.script, name.kind), []).append(name)
    name_type = ContentType.objects.get_for_model(m.NameVariant)
    folded = {}
    for twin in live.filter(pk__in=moved_ids):
        kept = next((k for k in own.get((twin.text, twin.script, twin.kind), [])
                     if _absorbs(k, twin)), None)
        if kept is None:
            continue
        cited = m.Citation.objects.filter(content_type=name_type, object_id=twin.pk)
        folded[str(twin.pk)] = [kept.pk, list(cited.values_list("pk", flat=True))]
        cited.update(object_id=kept.pk)
        twin.soft_delete(user)
    return folded


def _unfold_names(moved: dict) -> None:
    folded = moved.get("folded_names", {})
    name_type = ContentType.objects.get_for_model(m.NameVariant)
    for twin_pk, (kept_pk, citations) in folded.items():
        m.Citation.objects.filter(pk__in=citations, content_type=name_type,
                                  object_id=kept_pk).update(object_id=int(twin_pk))
        m.NameVariant.objects.get(pk=int(twin_pk)).restore()


def _label(model) -> str:
    return model._meta.label_lower


def merge_persons(survivor: m.Person, merged: m.Person, user, actor: Actor,
                  decision: MatchDecision | None = None) -> PersonMerge:
    if survivor.pk == merged.pk:
        raise ValueError("a person cannot be merged into themselves")
    if not actor.may_edit(merged.organisation_id):
        raise PermissionDenied
    with transaction.atomic():
        moved: dict[str, list[int]] = {}
        for model, field in CHILDREN:
            rows = model.objects.filter(**{f"{field}_id": merged.pk})
            ids = list(rows.values_list("pk", flat=True))
            if ids:
                moved[f"{_label(model)}:{field}"] = ids
                model.objects.filter(pk__in=ids).update(**{f"{field}_id": survivor.pk})
        primaries = list(m.NameVariant.objects.filter(
            pk__in=moved.get("registry.namevariant:person", []), is_primary=True
        ).values_list("pk", flat=True))
        m.NameVariant.objects.filter(pk__in=primaries).update(is_primary=False)
        moved["primary_names"] = primaries
        moved["folded_names"] = _fold_names(
            survivor, moved.get("registry.namevariant:person", []), user)
        person_type = ContentType.objects.get_for_model(m.Person)
        cited = m.Citation.objects.filter(content_type=person_type, object_id=merged.pk)
        moved["registry.citation:object_id"] = list(cited.values_list("pk", flat=True))
        cited.update(object_id=survivor.pk)
        named = m.Statement.persons_named.through.objects
        statements = set(named.filter(person_id=merged.pk).values_list("statement_id",
                                                                        flat=True))
        already = set(named.filter(person_id=survivor.pk).values_list("statement_id", flat=True))
        moved["statements_named"] = sorted(statements)
        moved["statements_added"] = sorted(statements - already)
        named.filter(person_id=merged.pk).delete()
        named.bulk_create([named.model(statement_id=s, person_id=survivor.pk)
                           for s in statements - already])
        occupations = set(merged.occupations.values_list("pk", flat=True))
        added = occupations - set(survivor.occupations.values_list("pk", flat=True))
        moved["occupations_added"] = sorted(added)
        survivor.occupations.add(*added)

        filled = {}
        fill = actor.may_edit(survivor.organisation_id)  # never another's record
        if fill and survivor.birth_date is None and merged.birth_date is not None:
            filled["birth_date"] = [None, survivor.birth_date_precision]
            survivor.birth_date = merged.birth_date
            survivor.birth_date_precision = merged.birth_date_precision
        if fill and survivor.gender == m.Gender.UNKNOWN and merged.gender != m.Gender.UNKNOWN:
            filled["gender"] = survivor.gender
            survivor.gender = merged.gender
        if fill and survivor.region_id is None and merged.region_id is not None:
            filled["region_id"] = None
            survivor.region_id = merged.region_id
        if filled:
            survivor.save()
        merged.soft_delete(user)
        return PersonMerge.objects.create(
            organisation_id=actor.organisation_id, survivor=survivor, merged=merged,
            moved=moved, filled=filled,
            decision=decision, merged_by=user,
        )


def undo_merge(merge: PersonMerge, user) -> None:
    if merge.undone_at is not None:
        return
    with transaction.atomic():
        survivor = m.Person.objects.get(pk=merge.survivor_id)
        merged = m.Person.objects.get(pk=merge.merged_id)
        moved = merge.moved
        for model, field in CHILDREN:
            ids = moved.get(f"{_label(model)}:{field}", [])
            model.objects.filter(pk__in=ids, **{f"{field}_id": survivor.pk}).update(
                **{f"{field}_id": merged.pk})
        m.NameVariant.objects.filter(pk__in=moved.get("primary_names", [])).update(
            is_primary=True)
        _unfold_names(moved)
        m.Citation.objects.filter(pk__in=moved.get("registry.citation:object_id", []),
                                  object_id=survivor.pk).update(object_id=merged.pk)
        named = m.Statement.persons_named.through.objects
        named.filter(person_id=survivor.pk,
                     statement_id__in=moved.get("statements_added", [])).delete()
        named.bulk_create([named.model(statement_id=s, person_id=merged.pk)
                           for s in moved.get("statements_named", [])], ignore_conflicts=True)
        survivor.occupations.remove(*moved.get("occupations_added", []))
        filled = merge.filled
        if filled:
            if "birth_date" in filled:
                survivor.birth_date = None
                survivor.birth_date_precision = filled["birth_date"][1]
            if "gender" in filled:
                survivor.gender = filled["gender"]
            if "region_id" in filled:
                survivor.region_id = None
            survivor.save()
        merged.restore()
        now = timezone.now()
        merge.undone_at, merge.undone_by = now, user
        merge.save(update_fields=["undone_at", "undone_by"])
        if merge.decision_id:
            MatchDecision.objects.filter(pk=merge.decision_id).update(withdrawn_at=now)
        _reopen(merge)


def _reopen(merge: PersonMerge) -> None:
    """Reopen the pair whose *same* the merge carried out: the decision's own pair (in a
    cluster decision it may join persons other than the two merged), else the merged and
    the survivor in either order."""
    decision = merge.decision
    a, b = ((decision.a_person_id, decision.b_person_id) if decision is not None
            else (merge.merged_id, merge.survivor_id))
    ReviewPair.objects.filter(
        Q(person_a_id=a, person_b_id=b) | Q(person_a_id=b, person_b_id=a),
        status=PairStatus.SAME,
    ).update(status=PairStatus.OPEN, decided_by=None, decided_at=None)


def list_key(person_id: int, organisation_id: int) -> tuple[str, str]:
    """The (list, id) of the organisation's latest list entry for a person, or ("", "")."""
    entry = (ListEntry.objects.filter(person_id=person_id,
                                      version__organisation_id=organisation_id)
             .select_related("version").order_by("-version__imported_at", "-pk").first())
    return (entry.version.list_name, entry.external_id) if entry else ("", "")


def decide(pair: ReviewPair, status: str, user, actor: Actor) -> PersonMerge | None:
    """Record a reviewer's judgement on a pair; "same" merges (reversibly) when allowed."""
    if status not in (PairStatus.SAME, PairStatus.NOT_SAME, PairStatus.SKIPPED):
        raise ValueError(status)
    with transaction.atomic():
        decision = _record(pair, status, user, timezone.now())
        if status != PairStatus.SAME:
            return None
        return _merge_pair(pair.person_a_id, pair.person_b_id, user, actor, decision)


def decide_cluster(pairs: list[ReviewPair], group_of: dict[int, int], user,
                   actor: Actor) -> list[PersonMerge]:
    """A reviewer's judgement on a whole cluster of open pairs at once: `group_of` puts each
    person (id) in a group, one group being one person. Every pair is decided — *same* when
    its two persons are in one group, *not the same* otherwise — as `decide` would, and each
    group's persons are merged into one, each merge undoable on its own. The pairs are taken
    most probable first; a pair whose persons an earlier merge of this decision already
    joined is recorded without a merge."""
    if any(p.status != PairStatus.OPEN for p in pairs):
        raise ValueError("a pair of the cluster is already decided")
    merged_into: dict[int, int] = {}

    def now_in(person_id: int) -> int:
        while person_id in merged_into:
            person_id = merged_into[person_id]
        return person_id

    merges = []
    with transaction.atomic():
        now = timezone.now()
        for pair in sorted(pairs, key=lambda p: (-p.score, p.pk)):
            same = group_of[pair.person_a_id] == group_of[pair.person_b_id]
            decision = _record(pair, PairStatus.SAME if same else PairStatus.NOT_SAME, user,
                               now)
            a, b = now_in(pair.person_a_id), now_in(pair.person_b_id)
            if not same or a == b:
                continue
            merge = _merge_pair(a, b, user, actor, decision)
            if merge is not None:
                merged_into[merge.merged_id] = merge.survivor_id
                merges.append(merge)
    return merges


def _record(pair: ReviewPair, status: str, user, now) -> MatchDecision | None:
    """The pair's new status, and the decision kept for later imports (none for a skip)."""
    pair.status, pair.decided_by, pair.decided_at = status, user, now
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    if status == PairStatus.SKIPPED:
        return None
    if pair.entry_id:
        a_list, a_id = pair.entry.version.list_name, pair.entry.external_id
    else:
        a_list, a_id = list_key(pair.person_a_id, pair.organisation_id)
    b_list, b_id = list_key(pair.person_b_id, pair.organisation_id)
    return MatchDecision.objects.create(
        organisation_id=pair.organisation_id, a_list=a_list, a_id=a_id,
        a_person_id=pair.person_a_id, b_list=b_list, b_id=b_id,
        b_person_id=pair.person_b_id, same=status == PairStatus.SAME, decided_by=user,
        decided_at=now,
    )


def _merge_pair(a_id: int, b_id: int, user, actor: Actor,
                decision: MatchDecision) -> PersonMerge | None:
    """Merge a into b (a is usually the new person), or b into a when only b is the actor's;
    None when either is gone or neither is the actor's to merge (the decision is kept)."""
    a = m.Person.objects.filter(pk=a_id, deleted_at__isnull=True).first()
    b = m.Person.objects.filter(pk=b_id, deleted_at__isnull=True).first()
    if a is None or b is None:
        return None
    if actor.may_edit(a.organisation_id):
        return merge_persons(b, a, user, actor, decision)
    if actor.may_edit(b.organisation_id):
        return merge_persons(a, b, user, actor, decision)
    return None


def decisions_csv_rows(actor: Actor) -> list[list[str]]:
    """Decisions with list keys on both sides, as `vigil link --decisions` reads them."""
    rows = [["list_a", "id_a", "list_b", "id_b", "decision", "who", "when"]]
    for d in (MatchDecision.objects.for_actor(actor).filter(withdrawn_at__isnull=True)
              .select_related("decided_by")):
        if d.a_list and d.a_id and d.b_list and d.b_id:
            rows.append([d.a_list, d.a_id, d.b_list, d.b_id,
                         "same" if d.same else "different",
                         d.decided_by.get_username() if d.decided_by else "",
                         d.decided_at.date().isoformat()])
    return rows
