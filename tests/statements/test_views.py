"""The drafting pages, route by route: who may do what (the author organisation's members
edit, a signatory's members read and sign, anyone else gets 404), bad input named in a message
with nothing changed, the figure check's decisions recorded, an edit restarting the
signatures, and publication refused until everyone has signed."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.factories import make_person
from tests.statements.helpers import DAY, admin_of, draft_statement, held_person
from vigil.accounts.models import Organisation, Role
from vigil.statements import service
from vigil.statements.models import Decision, Statement, Status

pytestmark = pytest.mark.django_db

ROUTES = ["figures", "mentions", "check", "signatories", "step"]


@pytest.fixture
def org_c(db):
    return Organisation.objects.create(slug="org-c", name_en="Organisation C",
                                       kind="documenting")


@pytest.fixture
def world(org_a, org_b, org_c, documenter_a, documenter_b):
    person = held_person(org_a)
    return {"statement": draft_statement(org_a, [org_b], person), "person": person,
            "documenter_a": documenter_a, "documenter_b": documenter_b,
            "admin_a": admin_of(org_a, "adm-a"), "admin_b": admin_of(org_b, "adm-b"),
            "outsider": make_user("doc-c", org_c, Role.DOCUMENTER)}


def url(statement, route=""):
    return f"/drafting/{statement.pk}/" + (f"{route}/" if route else "")


def post(client, user, statement, route, data):
    """POST as `user`; returns the response and the messages this request left."""
    client.force_login(user)
    client.cookies.pop("messages", None)  # those of earlier requests, never shown
    response = client.post(url(statement, route), data)
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def snapshot(statement) -> dict:
    """What a refused request must leave as it was."""
    statement = Statement.objects.get(pk=statement.pk)
    return {"version": statement.version, "status": statement.status,
            "texts": service.texts_of(statement),
            "figures": sorted(statement.figures.values_list("key", "phrasing", "stated")),
            "mentions": sorted(statement.mentions.values_list("key", "person_id", "claims")),
            "signatories": sorted(statement.signatories.values_list(
                "organisation__slug", "signed_at", "delegate_id")),
            "flags": sorted(statement.flags.values_list("phrase", "decision"))}


def sign(client, user, statement):
    response, said = post(client, user, statement, "step", {"step": "sign"})
    assert response.status_code == 302, said
    return said


def circulate(client, world):
    statement = world["statement"]
    response, said = post(client, world["documenter_a"], statement, "step",
                          {"step": "circulate"})
    assert Statement.objects.get(pk=statement.pk).status == Status.CIRCULATING, said


# --- who may see and change a draft ---------------------------------------------------------


def test_the_author_edits_a_signatory_reads_anyone_else_gets_404(client, world):
    statement = world["statement"]
    client.force_login(world["documenter_a"])
    page = client.get(url(statement))
    assert page.status_code == 200 and page.context["editable"]
    assert "Solidarity with political prisoners" in client.get("/drafting/").content.decode()
    client.force_login(world["documenter_b"])
    page = client.get(url(statement))
    assert page.status_code == 200 and not page.context["editable"]
    client.force_login(world["outsider"])
    assert client.get(url(statement)).status_code == 404
    assert "Solidarity" not in client.get("/drafting/").content.decode()
    client.logout()
    assert client.get(url(statement)).status_code == 302  # to the login page


@pytest.mark.parametrize("route", ["", *ROUTES])
def test_a_non_author_may_not_change_it_and_another_organisation_learns_nothing(
        client, world, route):
    statement, before = world["statement"], snapshot(world["statement"])
    data = {"title_en": "Changed", "key": "x", "remove": "held", "step": "publish",
            "organisation": "org-c", "person": world["person"].pk, "slug": "solidarity",
            "dated": "2023-05-21"}
    response, _ = post(client, world["documenter_b"], statement, route, data)
    assert response.status_code == 403
    response, _ = post(client, world["outsider"], statement, route, data)
    assert response.status_code == 404
    assert snapshot(statement) == before


def test_a_member_without_the_right_to_create_gets_403_and_bad_input_creates_nothing(
        client, world, viewer_a):
    client.force_login(viewer_a)
    assert client.get("/drafting/new/").status_code == 403
    client.force_login(world["documenter_a"])
    response = client.post("/drafting/new/", {"slug": "not a slug!", "dated": "21 May"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"slug", "dated"}
    assert Statement.objects.count() == 1
    response = client.post("/drafting/new/", {"slug": "second", "dated": "2023-05-22",
                                              "title_en": "Second"})
    second = Statement.objects.get(slug="second")
    assert response.status_code == 302 and second.author == world["documenter_a"].membership \
        .organisation
    assert list(second.signatories.values_list("organisation__slug", flat=True)) == ["org-a"]


# --- the text --------------------------------------------------------------------------------


def test_a_bad_edit_is_named_and_changes_nothing(client, world):
    statement, before = world["statement"], snapshot(world["statement"])
    client.force_login(world["documenter_a"])
    response = client.post(url(statement), {"slug": "", "dated": "2023-13-01"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"slug", "dated"}
    assert snapshot(statement) == before


def test_an_edit_while_circulating_takes_it_back_to_draft_and_clears_signatures(
        client, world):
    statement = world["statement"]
    circulate(client, world)
    sign(client, world["admin_b"], statement)
    assert statement.signatories.filter(signed_at__isnull=False).count() == 1
    data = {"slug": "solidarity", "dated": "2023-05-21",
            "title_en": "Solidarity with political prisoners", "title_ru": "Солидарность",
            "body_en": statement.body_en + " We ask for their release."}
    response, said = post(client, world["documenter_a"], statement, "", data)
    statement.refresh_from_db()
    assert response.status_code == 302 and said == [
        "Saved. Any signatures were cleared: the text changed."]
    assert statement.status == Status.DRAFT and statement.version == 2
    assert not statement.signatories.filter(signed_at__isnull=False).exists()
    assert statement.body_en.endswith("We ask for their release.")


def test_a_published_statement_is_not_edited_in_place(client, world):
    statement = world["statement"]
    circulate(client, world)
    for user in (world["admin_a"], world["admin_b"]):
        sign(client, user, statement)
    post(client, world["documenter_a"], statement, "step", {"step": "publish"})
    before = snapshot(statement)
    assert before["status"] == Status.PUBLISHED
    data = {"slug": "solidarity", "dated": "2023-05-21", "title_en": "Changed"}
    response, _ = post(client, world["documenter_a"], statement, "", data)
    assert response.status_code == 403
    for route in ("figures", "mentions", "check", "signatories"):
        response, _ = post(client, world["documenter_a"], statement, route,
                           {"remove": "held", "key": "x", "organisation": "org-c"})
        assert response.status_code == 403, route
    assert snapshot(statement) == before


# --- figures and named persons ------------------------------------------------------------


def test_a_figure_is_added_and_bad_input_is_named(client, world):
    statement, before = world["statement"], snapshot(world["statement"])
    bad = {"key": "Not A Slug", "kind": "stock", "as_of": "2023-04-30", "phrasing": "often"}
    response, said = post(client, world["documenter_a"], statement, "figures", bad)
    assert response.status_code == 302
    assert sorted(message.split(":")[0] for message in said) == ["key", "phrasing"]
    response, said = post(client, world["documenter_a"], statement, "figures",
                          {"remove": "no-such-figure"})
    assert said == ["No figure with the key no-such-figure."]
    assert snapshot(statement) == before
    good = {"key": "held-2022", "kind": "during", "start": "2022-01-01", "end": "2022-12-31",
            "recognised_by": ["org-a"], "phrasing": "more_than", "stated": "0"}
    post(client, world["documenter_a"], statement, "figures", good)
    figure = statement.figures.get(key="held-2022")
    assert (figure.phrasing, figure.stated, figure.definition["kind"]) == ("more_than", 0,
                                                                         "during")
    assert service.live(figure).count == 1  # the one person held since 2021
    post(client, world["documenter_a"], statement, "figures", {"remove": "held-2022"})
    assert not statement.figures.filter(key="held-2022").exists()


def test_a_person_is_named_only_when_the_author_may_see_them(client, world, org_b):
    statement, before = world["statement"], snapshot(world["statement"])
    hidden = make_person(org_b, name="Хтосьці Іншы")  # B's organisation-only record
    for person, error in ((hidden.pk, "person: No person with this number that you may see."),
                          ("abc", "person: Enter a whole number.")):
        response, said = post(client, world["documenter_a"], statement, "mentions",
                              {"key": "other", "person": person})
        assert said == [error]
    response, said = post(client, world["documenter_a"], statement, "mentions",
                          {"remove": "nobody"})
    assert said == ["No named person with the key nobody."]
    assert snapshot(statement) == before
    post(client, world["documenter_a"], statement, "mentions",
         {"key": "ales", "person": world["person"].pk, "claims": "sentenced to 10 years"})
    page = client.get(url(statement)).content.decode()
    assert "sentenced to 10 years" in page and "2021-07-14" in page  # beside the record
    post(client, world["documenter_a"], statement, "mentions", {"remove": "ales"})
    assert not statement.mentions.exists()


# --- the figure check ------------------------------------------------------------------------


def test_the_figure_check_records_each_binding_and_dismissal(client, world):
    statement = world["statement"]
    statement.body_en += " BAJ counts 33 media workers; 2 journalists were freed."
    statement.save()
    response, said = post(client, world["documenter_a"], statement, "check", {})
    assert said == ["2 hand-typed numbers found."]
    flags = {f.phrase: f for f in statement.flags.all()}
    assert set(flags) == {"33 media workers", "2 journalists"}
    assert flags["33 media workers"].registry_says.startswith("held: 1 ")
    before = snapshot(statement)
    _, said = post(client, world["documenter_a"], statement, "check",
                   {"flag": flags["33 media workers"].pk, "bind": "nope"})
    assert said == ["No figure with the key nope: add it first."]
    assert snapshot(statement) == before
    client.force_login(world["documenter_a"])
    assert client.post(url(statement, "check"), {"flag": 999999}).status_code == 404
    post(client, world["documenter_a"], statement, "check",
         {"flag": flags["33 media workers"].pk, "bind": "held"})
    post(client, world["documenter_a"], statement, "check", {"flag": flags["2 journalists"].pk})
    bound, dismissed = (statement.flags.get(pk=f.pk) for f in flags.values())
    assert (bound.decision, bound.figure.key, bound.decided_by) == (
        Decision.BOUND, "held", world["documenter_a"])
    assert (dismissed.decision, dismissed.figure, dismissed.decided_by) == (
        Decision.DISMISSED, None, world["documenter_a"])
    assert bound.decided_at and dismissed.decided_at
    statement.refresh_from_db()
    assert "[[figure:held]] media workers" in statement.body_en
    assert "2 journalists" in statement.body_en


# --- signatories and the steps -------------------------------------------------------------


def test_signatories_are_added_removed_and_delegated(client, world, org_c):
    statement, before = world["statement"], snapshot(world["statement"])
    _, said = post(client, world["documenter_a"], statement, "signatories",
                   {"organisation": "no-such-org"})
    assert said == ["Choose an organisation."]
    _, said = post(client, world["documenter_a"], statement, "signatories",
                   {"remove": "no-such-org"})
    assert said == ["no-such-org is not a signatory."]
    assert snapshot(statement) == before
    post(client, world["documenter_a"], statement, "signatories", {"organisation": "org-c"})
    assert statement.signatories.filter(organisation=org_c).exists()
    post(client, world["documenter_a"], statement, "signatories", {"remove": "org-c"})
    assert not statement.signatories.filter(organisation=org_c).exists()
    b = statement.signatories.get(organisation__slug="org-b")
    response, _ = post(client, world["documenter_a"], statement, "signatories",
                       {"delegate_for": b.pk, "delegate": world["documenter_b"].pk})
    assert response.status_code == 403  # only B's administrator delegates for B
    before = snapshot(statement)
    _, said = post(client, world["admin_b"], statement, "signatories",
                   {"delegate_for": b.pk, "delegate": world["documenter_a"].pk})
    assert said == ["delegate: choose a member of Organisation B."]
    assert snapshot(statement) == before
    post(client, world["admin_b"], statement, "signatories",
         {"delegate_for": b.pk, "delegate": world["documenter_b"].pk})
    b.refresh_from_db()
    assert b.delegate == world["documenter_b"]
    circulate(client, world)
    assert sign(client, world["documenter_b"], statement) == [
        "Signed in the name of Organisation B."]


def test_a_bad_step_is_named_and_only_a_signatory_signs(client, world):
    statement, before = world["statement"], snapshot(world["statement"])
    _, said = post(client, world["documenter_a"], statement, "step", {"step": "launch"})
    assert said == ["step: choose one of circulate, correct, publish, remove_holdouts, sign, "
                    "withdraw."]
    _, said = post(client, world["admin_a"], statement, "step", {"step": "sign"})
    assert said == ["Only a statement circulating for signature can be signed."]
    assert snapshot(statement) == before
    circulate(client, world)
    response, _ = post(client, world["documenter_b"], statement, "step", {"step": "sign"})
    assert response.status_code == 403  # a documenter who was not delegated


def test_publication_waits_for_every_signature_or_the_removal_of_holdouts(client, world):
    statement = world["statement"]
    _, said = post(client, world["documenter_a"], statement, "step", {"step": "publish"})
    assert said == ["Only a circulating statement can be published."]
    circulate(client, world)
    sign(client, world["admin_a"], statement)
    before = snapshot(statement)
    _, said = post(client, world["documenter_a"], statement, "step", {"step": "publish"})
    assert said == ["Not signed yet by Organisation B: wait, or remove them."]
    assert snapshot(statement) == before
    _, said = post(client, world["documenter_a"], statement, "step",
                   {"step": "remove_holdouts"})
    assert said == ["The signatories that had not signed were removed."]
    assert list(statement.signatories.values_list("organisation__slug", flat=True)) == [
        "org-a"]
    _, said = post(client, world["documenter_a"], statement, "step", {"step": "publish"})
    statement.refresh_from_db()
    assert said == ["Published. Every figure is frozen into a release."]
    assert statement.status == Status.PUBLISHED
    release = statement.figures.get(key="held").release
    assert release.count == 1 and release.figure_definition().as_of == DAY


def test_correction_and_withdrawal_need_a_public_note(client, world):
    statement = world["statement"]
    circulate(client, world)
    for user in (world["admin_a"], world["admin_b"]):
        sign(client, user, statement)
    post(client, world["documenter_a"], statement, "step", {"step": "publish"})
    before = snapshot(statement)
    _, said = post(client, world["documenter_a"], statement, "step",
                   {"step": "correct", "title_en": "Corrected", "note": ""})
    assert said == ["note: This field is required."]
    _, said = post(client, world["documenter_a"], statement, "step",
                   {"step": "withdraw", "note": " "})
    assert said == ["Say why the statement is withdrawn: the note is public."]
    assert snapshot(statement) == before
    texts = {**service.texts_of(statement), "title_en": "Corrected"}
    post(client, world["documenter_a"], statement, "step",
         {"step": "correct", "note": "The title was wrong.", **texts})
    statement.refresh_from_db()
    assert (statement.status, statement.title_en) == (Status.CORRECTED, "Corrected")
    assert statement.revisions.get().texts["title_en"] == "Solidarity with political prisoners"


# --- queries ---------------------------------------------------------------------------------


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_public_list_takes_the_same_queries_for_one_statement_or_four(client, org_a):
    def published(n):
        Statement.objects.create(slug=f"s-{n}", author=org_a, dated=DAY, title_en=f"S {n}",
                                 status=Status.PUBLISHED)

    published(0)
    one = queries_for(client, "/en/statements/")
    for n in (1, 2, 3):
        published(n)
    assert queries_for(client, "/en/statements/") == one


def test_the_drafting_page_takes_two_queries_more_per_signatory_whatever_it_names(
        client, world, org_c):
    statement = world["statement"]
    for key in ("ales-2", "ales-3"):
        statement.mentions.create(key=key, person=world["person"])
    client.force_login(world["documenter_a"])
    two = queries_for(client, url(statement))
    for n in (1, 2):
        extra = Organisation.objects.create(slug=f"org-x{n}", name_en=f"X {n}",
                                            kind="documenting")
        statement.signatories.create(organisation=extra)
    statement.signatories.create(organisation=org_c)
    # Per signatory: its coalitions, then which named persons it may see (not one per mention:
    # the three mentions here made that 18 more).
    assert queries_for(client, url(statement)) <= two + 2 * 3
