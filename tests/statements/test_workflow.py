"""A statement's life: the checks at drafting time, signatures reset by any edit, publication
freezing every figure, corrections and withdrawal keeping the old text."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.statements.helpers import admin_of, draft_statement, held_person
from vigil.accounts.actors import actor_for
from vigil.statements import service
from vigil.statements.models import Decision, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_a, org_b, documenter_a):
    person = held_person(org_a)
    statement = draft_statement(org_a, [org_b], person)
    return {"statement": statement, "person": person, "admin_a": admin_of(org_a, "adm-a"),
            "admin_b": admin_of(org_b, "adm-b"), "documenter_a": documenter_a}


def sign_all(statement, *users):
    for user in users:
        actor = actor_for(user)
        signatory = statement.signatories.get(organisation_id=actor.organisation_id)
        service.sign(signatory, actor, user)


def test_a_clean_draft_has_no_problems_and_shows_the_live_count(world):
    statement = world["statement"]
    assert service.problems(statement) == []
    live = service.live_figures(statement)["held"]
    assert (live.count, live.phrased.number, live.shown("en")) == (1, 1, "1")


def test_signatures_reset_on_any_edit(world):
    statement = service.circulate(world["statement"])
    sign_all(statement, world["admin_a"], world["admin_b"])
    assert service.holdouts(statement) == []
    service.edit(statement, {"body_en": statement.body_en + " Free them."})
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT
    assert not statement.signatories.filter(signed_at__isnull=False).exists()
    with pytest.raises(service.StatementError, match="Only a circulating"):
        service.publish(statement, world["documenter_a"])


def test_only_the_administrator_or_the_delegate_signs(world, documenter_b):
    statement = service.circulate(world["statement"])
    signatory = statement.signatories.get(organisation__slug="org-b")
    with pytest.raises(PermissionDenied):
        service.sign(signatory, actor_for(documenter_b), documenter_b)
    signatory.delegate = documenter_b
    signatory.save()
    signed = service.sign(signatory, actor_for(documenter_b), documenter_b)
    assert signed.signed_by == documenter_b and signed.signed_at is not None
    with pytest.raises(PermissionDenied):  # A's administrator cannot sign in B's name
        service.sign(signatory, actor_for(world["admin_a"]), world["admin_a"])


def test_publication_waits_for_every_signature_or_removes_holdouts(world):
    statement = service.circulate(world["statement"])
    sign_all(statement, world["admin_a"])
    with pytest.raises(service.StatementError, match="Not signed yet by Organisation B"):
        service.publish(statement, world["documenter_a"])
    assert service.remove_holdouts(statement) == 1
    service.publish(statement, world["documenter_a"])
    assert statement.status == Status.PUBLISHED


def test_figures_freeze_at_publication_and_later_records_change_nothing(world, org_a):
    statement = service.circulate(world["statement"])
    sign_all(statement, world["admin_a"], world["admin_b"])
    service.publish(statement, world["documenter_a"])
    figure = statement.figures.get()
    assert figure.release.count == 1 and figure.release.person_ids == [world["person"].pk]
    late = held_person(org_a, "Марына Золатава", "Maryna Zolatava")  # learned late, back-dated
    assert late.pk not in figure.release.person_ids
    live = service.live_figures(statement)["held"]
    assert (live.count, live.shown("en")) == (1, "1")
    assert service.count_now(figure) == 2


def test_a_phrase_contradicting_the_count_is_a_problem(world):
    figure = world["statement"].figures.get()
    figure.phrasing, figure.stated = "more_than", 1
    figure.save()
    found = service.problems(world["statement"])
    assert found == ["Figure held: 'more than 1' is not true of the count 1; "
                     "'more than 0' would be true."]
    with pytest.raises(service.StatementError):
        service.circulate(world["statement"])


def test_a_definition_that_no_longer_resolves_is_a_problem(world):
    figure = world["statement"].figures.get()
    figure.definition = {**figure.definition, "recognised_by": ["gone-org"]}
    figure.save()
    assert "no organisation 'gone-org'" in service.problems(world["statement"])[0]
    figure.definition = {**figure.definition, "recognised_by": [],
                         "where": {"occupation": ["deleted-occupation"]}}
    figure.save()
    assert "'deleted-occupation' no longer exists" in service.problems(world["statement"])[0]


def test_a_person_not_published_cannot_be_named(world, org_a):
    person = world["person"]
    person.publication.name_withheld = True
    person.publication.save()
    found = service.problems(world["statement"])
    assert found == ["ales: the person is not published on the public registry (or the name "
                     "is withheld); only published persons can be named."]


def test_a_person_some_signatory_may_not_see_is_a_problem(world, org_a):
    from tests.factories import make_person

    private = make_person(org_a, name="Private Person")
    world["statement"].mentions.create(key="private", person=private)
    found = service.problems(world["statement"])
    assert any("not every signatory may see this person's record (Organisation B)" in p
               for p in found)


def test_unknown_tokens_are_problems(world):
    statement = world["statement"]
    statement.body_ru = "[[figure:gone]] и [[person:nobody|Кто-то]]"
    statement.save()
    found = service.problems(statement)
    assert "The ru text cites [[figure:gone]], which is not one of the statement's figures." \
        in found
    assert any("[[person:nobody|…]]" in p for p in found)


def test_the_figure_check_flags_binds_and_dismisses(world, org_a):
    statement = world["statement"]
    statement.body_en += " BAJ counts 33 media workers and over 100 people were detained."
    statement.save()
    flags = {f.phrase: f for f in service.run_figure_check(statement)}
    assert set(flags) == {"33 media workers", "100 people"}
    assert flags["33 media workers"].registry_says.startswith("held: 1 (")
    assert service.problems(statement)[-1].startswith("2 hand-typed numbers")
    service.decide_flag(flags["33 media workers"], world["documenter_a"],
                        statement.figures.get())
    service.decide_flag(flags["100 people"], world["documenter_a"], None)
    statement.refresh_from_db()
    assert "BAJ counts [[figure:held]] media workers" in statement.body_en
    decisions = {f.phrase: (f.decision, f.decided_by) for f in statement.flags.all()}
    assert decisions == {"33 media workers": (Decision.BOUND, world["documenter_a"]),
                         "100 people": (Decision.DISMISSED, world["documenter_a"])}
    assert service.run_figure_check(statement)[0].decision == Decision.DISMISSED  # kept


def test_correction_keeps_the_old_text_and_withdrawal_its_note(world):
    statement = service.circulate(world["statement"])
    sign_all(statement, world["admin_a"], world["admin_b"])
    service.publish(statement, world["documenter_a"])
    old = statement.body_en
    with pytest.raises(service.StatementError, match="Say what the correction changes"):
        service.correct(statement, {"body_en": "new"}, " ", world["documenter_a"])
    service.correct(statement, {"body_en": "New text."}, "A typo fixed.", world["documenter_a"])
    assert statement.status == Status.CORRECTED
    assert statement.revisions.get().texts["body_en"] == old
    service.withdraw(statement, "Superseded by a later statement.")
    assert statement.status == Status.WITHDRAWN and statement.status_note.startswith("Super")
    with pytest.raises(service.StatementError):
        service.edit(statement, {"body_en": "x"})


def test_a_release_made_before_is_reused_when_identical(world, org_a):
    from vigil.publishing.service import compute, publish
    from vigil.statements.service import author_scope, definition_of

    figure = world["statement"].figures.get()
    release = publish(compute(author_scope(world["statement"]), definition_of(figure)), org_a)
    statement = service.circulate(world["statement"])
    sign_all(statement, world["admin_a"], world["admin_b"])
    service.publish(statement, world["documenter_a"])
    assert statement.figures.get().release == release
