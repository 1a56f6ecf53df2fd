"""The drafting pages (behind login): a statement's text, its figures with their live
numbers, the persons it names beside the records' facts, the figure check, the signatures
and each step of its life. Members of the author organisation edit; members of a signatory
organisation read and sign; anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigil.accounts.access import actor_of, require, visible_or_404
from vigil.registry import models as m
from vigil.registry.timeline import PersonRecords
from vigil.statements import service
from vigil.statements.forms import (
    CorrectionForm,
    DelegateForm,
    MentionForm,
    SignatoryForm,
    StatementFigureForm,
    StatementForm,
)
from vigil.statements.models import LANGUAGES, Signatory, Statement, StatementFigure
from vigil.statements.text import render as render_text


def _statement(request, pk) -> tuple:
    actor = actor_of(request)
    return actor, visible_or_404(Statement, actor, pk)


def _require_author(actor, statement) -> None:
    require(actor, "may_edit", statement.author_id)


def _require_editable(actor, statement) -> None:
    """403 for a non-author, or for a statement past circulation (corrected instead)."""
    _require_author(actor, statement)
    if not statement.is_editable:
        raise PermissionDenied


def _editable_statement(request, pk) -> tuple:
    """The statement for its author's members to change (404 for one the user may not see)."""
    actor, statement = _statement(request, pk)
    _require_editable(actor, statement)
    return actor, statement


@login_required
def draft_list(request):
    actor = actor_of(request)
    statements = Statement.objects.for_actor(actor).select_related("author")
    if actor.is_anonymous:
        statements = statements.none()
    return render(request, "statements/draft_list.html", {
        "statements": statements, "may_create": actor.may_create})


@login_required
def draft_new(request):
    actor = actor_of(request)
    require(actor, "may_create")
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        statement = form.save(commit=False)
        statement.author_id = actor.organisation_id
        statement.created_by = request.user
        statement.save()
        Signatory.objects.create(statement=statement, organisation_id=actor.organisation_id)
        return redirect("statement-draft", pk=statement.pk)
    return render(request, "statements/draft_new.html", {"form": form},
                  status=400 if form.errors else 200)


def preview(statement, figures, language) -> str:
    """The text as it would read, with live numbers and links to the records' pages."""
    numbers = {key: (f.shown(language), f"#figure-{key}") for key, f in figures.items()}
    people = {x.key: reverse("person-detail", args=[x.person_id])
              for x in statement.mentions.all()}
    return render_text(getattr(statement, f"body_{language}"), numbers, people)


def mention_rows(actor, statement) -> list[dict]:
    """Each mention with the record's facts the viewer may see, beside the statement's claims."""
    rows = []
    mentions = list(statement.mentions.all())
    names = Prefetch("names", queryset=m.NameVariant.objects.for_actor(actor))  # only those
    visible = m.Person.objects.for_actor(actor).prefetch_related(names).in_bulk(  # one may see
        [x.person_id for x in mentions])
    for mention in mentions:
        person = visible.get(mention.person_id)
        facts = PersonRecords.load(person, actor).timeline() if person else []
        rows.append({"mention": mention, "person": person, "facts": facts})
    return rows


@login_required
def draft(request, pk):
    actor, statement = _statement(request, pk)
    editable = service.may_edit(actor, statement) and statement.is_editable
    form = StatementForm(request.POST or None, instance=statement)
    if request.method == "POST":
        _require_editable(actor, statement)
        if form.is_valid():
            service.edit(statement, {name: form.cleaned_data[name] for name in form.changed_data})
            messages.success(request, _("Saved. Any signatures were cleared: the text changed."))
            return redirect("statement-draft", pk=statement.pk)
    figures = service.live_figures(statement)
    signatories = list(statement.signatories.select_related("organisation", "delegate"))
    return render(request, "statements/draft.html", {
        "statement": statement, "form": form, "editable": editable,
        "may_edit": service.may_edit(actor, statement),
        "figures": figures.values(), "figure_form": StatementFigureForm(),
        "mention_form": MentionForm(), "mentions": mention_rows(actor, statement),
        "previews": [(lang, preview(statement, figures, lang)) for lang in LANGUAGES
                     if getattr(statement, f"body_{lang}")],
        "flags": statement.flags.select_related("figure", "decided_by"),
        "problems": service.problems(statement) if statement.is_editable else [],
        "signatories": [(s, service.may_sign(actor, s), service.may_delegate(actor, s),
                         DelegateForm(organisation_id=s.organisation_id,
                                      initial={"delegate": s.delegate_id}))
                        for s in signatories],
        "signatory_form": SignatoryForm(), "correction_form": CorrectionForm(instance=statement),
    }, status=400 if form.errors else 200)


def _back(statement):
    return redirect("statement-draft", pk=statement.pk)


def _removed(request, statement, rows, missing: str):
    """Delete `rows` (a changed statement needs new signatures), or say that there is nothing
    to remove and change nothing."""
    if not rows.delete()[0]:
        messages.error(request, missing)
    else:
        service.edit(statement, {})
    return _back(statement)


def _failed(request, error: service.StatementError) -> None:
    for problem in error.problems:
        messages.error(request, problem)


@login_required
@require_POST
def draft_figures(request, pk):
    """Add a figure (the figures page's definition, a key and a phrasing) or remove one."""
    actor, statement = _editable_statement(request, pk)
    if request.POST.get("remove"):
        key = request.POST["remove"]
        return _removed(request, statement, statement.figures.filter(key=key),
                        _("No figure with the key %(key)s.") % {"key": key})
    form = StatementFigureForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return _back(statement)
    data = form.cleaned_data
    StatementFigure.objects.update_or_create(
        statement=statement, key=data["key"],
        defaults={"definition": data["definition"].as_dict(), "phrasing": data["phrasing"],
                  "stated": data.get("stated")})
    service.edit(statement, {})
    return _back(statement)


@login_required
@require_POST
def draft_mentions(request, pk):
    actor, statement = _editable_statement(request, pk)
    if request.POST.get("remove"):
        key = request.POST["remove"]
        return _removed(request, statement, statement.mentions.filter(key=key),
                        _("No named person with the key %(key)s.") % {"key": key})
    form = MentionForm(request.POST)
    person = None
    if form.is_valid():
        person = m.Person.objects.for_actor(actor).filter(pk=form.cleaned_data["person"]).first()
        if person is None:
            form.add_error("person", _("No person with this number that you may see."))
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return _back(statement)
    statement.mentions.update_or_create(key=form.cleaned_data["key"], defaults={
        "person": person, "claims": form.cleaned_data["claims"]})
    service.edit(statement, {})
    return _back(statement)


@login_required
@require_POST
def draft_check(request, pk):
    """Run the figure check, or decide one flag: bind it to a figure (its key) or dismiss."""
    actor, statement = _editable_statement(request, pk)
    flag_id = request.POST.get("flag")
    if not flag_id:
        found = service.run_figure_check(statement)
        messages.info(request, _("%(n)s hand-typed numbers found.") % {"n": len(found)})
        return _back(statement)
    flag = statement.flags.filter(pk=flag_id).first()
    if flag is None:
        raise Http404
    figure = None
    if request.POST.get("bind"):
        figure = statement.figures.filter(key=request.POST["bind"]).first()
        if figure is None:
            messages.error(request, _("No figure with the key %(key)s: add it first.")
                           % {"key": request.POST["bind"]})
            return _back(statement)
    service.decide_flag(flag, request.user, figure)
    return _back(statement)


@login_required
@require_POST
def draft_signatories(request, pk):
    """The author adds or removes a signatory; a signatory's administrator delegates."""
    actor, statement = _statement(request, pk)
    if request.POST.get("delegate_for"):
        signatory = statement.signatories.filter(pk=request.POST["delegate_for"]).first()
        if signatory is None:
            raise Http404
        require(actor, "may_administer")
        if not service.may_delegate(actor, signatory):
            raise PermissionDenied
        form = DelegateForm(request.POST, organisation_id=signatory.organisation_id)
        if not form.is_valid():
            messages.error(request, _("delegate: choose a member of %(org)s.") % {
                "org": signatory.organisation})
            return _back(statement)
        signatory.delegate = form.cleaned_data["delegate"]
        signatory.save(update_fields=["delegate"])
        return _back(statement)
    _require_editable(actor, statement)
    if request.POST.get("remove"):
        slug = request.POST["remove"]
        return _removed(request, statement, statement.signatories.filter(
            organisation__slug=slug), _("%(org)s is not a signatory.") % {"org": slug})
    form = SignatoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an organisation."))
        return _back(statement)
    statement.signatories.get_or_create(organisation=form.cleaned_data["organisation"])
    service.edit(statement, {})
    return _back(statement)


STEPS = {"circulate", "sign", "remove_holdouts", "publish", "correct", "withdraw"}


@login_required
@require_POST
def draft_step(request, pk):
    actor, statement = _statement(request, pk)
    step = request.POST.get("step", "")
    if step not in STEPS:
        messages.error(request, _("step: choose one of %(steps)s.") % {
            "steps": ", ".join(sorted(STEPS))})
        return _back(statement)
    if step == "sign":
        signatory = statement.signatories.filter(organisation_id=actor.organisation_id).first()
        if signatory is None:
            raise PermissionDenied
        return _run(request, statement, lambda: service.sign(signatory, actor, request.user),
                    _("Signed in the name of %(org)s.") % {"org": signatory.organisation})
    _require_author(actor, statement)
    actions = {
        "circulate": (lambda: service.circulate(statement),
                      _("Sent for signature. The text is frozen: an edit clears the "
                        "signatures.")),
        "remove_holdouts": (lambda: service.remove_holdouts(statement),
                            _("The signatories that had not signed were removed.")),
        "publish": (lambda: service.publish(statement, request.user),
                    _("Published. Every figure is frozen into a release.")),
        "withdraw": (lambda: service.withdraw(statement, request.POST.get("note", "")),
                     _("Withdrawn. The text stays readable with your note.")),
        "correct": (lambda: _correct(request, statement),
                    _("Corrected. The old text stays readable with your note.")),
    }
    action, done = actions[step]
    return _run(request, statement, action, done)


def _correct(request, statement):
    form = CorrectionForm(request.POST, instance=Statement.objects.get(pk=statement.pk))
    if not form.is_valid():
        raise service.StatementError([f"{f}: {' '.join(e)}" for f, e in form.errors.items()])
    changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "note"}
    return service.correct(statement, changes, form.cleaned_data["note"], request.user)


def _run(request, statement, action, done):
    try:
        action()
    except service.StatementError as error:
        _failed(request, error)
    else:
        messages.success(request, done)
    return _back(statement)

