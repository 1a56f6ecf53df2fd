"""What can be done to a statement, and what stands in the way: live figures, the checks
before circulating or publishing, signing, publication (every figure frozen into a release),
corrections and withdrawal. Views and the demo call these; they never write models directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.accounts.actors import Actor, acting_for
from vigil.accounts.models import Role
from vigil.figures import FigureDefinition, FigureError
from vigil.publishing.models import Release
from vigil.publishing.population import Scope, organisation_actor
from vigil.publishing.projection import named_persons
from vigil.publishing.service import compute, identical_release
from vigil.publishing.service import publish as publish_release
from vigil.registry import models as m
from vigil.statements import phrasing as rules
from vigil.statements.checks import hand_typed, nearest
from vigil.statements.models import (
    LANGUAGES,
    Decision,
    FigureFlag,
    Revision,
    Signatory,
    Statement,
    StatementFigure,
    Status,
)
from vigil.statements.text import figure_keys, person_keys, plain

WORDS = {
    rules.EXACT: gettext_lazy("%(n)s"),
    rules.MORE_THAN: gettext_lazy("more than %(n)s"),
    rules.OVER: gettext_lazy("over %(n)s"),
    rules.ABOUT: gettext_lazy("about %(n)s"),
}
NUMBER_AT_START = re.compile(r"[\d,.\u00a0 ]*\d")
SEPARATORS = {"en": ",", "ru": "\u00a0", "be": "\u00a0"}
FILTER_VOCABULARIES = {"occupations": m.Occupation, "region": m.Region}


class StatementError(Exception):
    """Something in the way of a step, said so that the author can fix it."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# --- permissions -------------------------------------------------------------------------


def may_edit(actor: Actor, statement: Statement) -> bool:
    """The author organisation's documenters, reviewers and administrators."""
    return actor.may_edit(statement.author_id)


def may_sign(actor: Actor, signatory: Signatory) -> bool:
    """The signatory organisation's administrator, or the member it delegated."""
    if actor.organisation_id != signatory.organisation_id:
        return False
    return actor.role == Role.ADMINISTRATOR or (
        actor.user_id is not None and actor.user_id == signatory.delegate_id)


def may_delegate(actor: Actor, signatory: Signatory) -> bool:
    return actor.organisation_id == signatory.organisation_id and actor.may_administer


# --- figures ----------------------------------------------------------------------------


def definition_of(figure: StatementFigure) -> FigureDefinition:
    """The figure's definition (stored as a release stores it)."""
    return Release(definition=figure.definition).figure_definition()


def check_filters(definition: FigureDefinition) -> None:
    """A filter value that is gone from its vocabulary (an occupation deleted) is an error,
    not a silent zero."""
    for name, values in definition.where:
        model = FILTER_VOCABULARIES.get(name)
        if model is None:
            continue
        known = set(model.objects.filter(slug__in=values).values_list("slug", flat=True))
        gone = sorted(set(values) - known)
        if gone:
            raise FigureError(_("the %(field)s %(values)s no longer exists") % {
                "field": name, "values": ", ".join(map(repr, gone))})


@dataclass
class Live:
    """A figure as the text shows it: its count (live, or frozen in its release), the
    phrased number and whether the phrase is true, or what is wrong with its definition."""

    figure: StatementFigure
    count: int | None
    citation: str
    phrased: rules.Phrased | None
    error: str = ""

    def shown(self, language: str) -> str:
        if self.phrased is None or self.phrased.number is None:
            return "?"
        number = rules.group(self.phrased.number, SEPARATORS.get(language, ","))
        return str(WORDS[self.figure.phrasing]) % {"n": number}

    @property
    def problem(self) -> str:
        if self.error:
            return _("Figure %(key)s: %(error)s.") % {"key": self.figure.key,
                                                     "error": self.error}
        if self.phrased is not None and not self.phrased.true:
            return _("Figure %(key)s: %(message)s.") % {"key": self.figure.key,
                                                       "message": self.phrased.message}
        return ""


def live(figure: StatementFigure, scope: Scope | None = None) -> Live:
    """The figure frozen in its release when it has one, else counted now over `scope`
    (the author organisation's records)."""
    if figure.release_id is not None:
        release = figure.release
        return Live(figure, release.count, release.full_citation,
                    rules.phrase(figure.phrasing, release.count, figure.stated))
    try:
        definition = definition_of(figure)
        check_filters(definition)
        result = compute(scope or author_scope(figure.statement), definition)
    except (FigureError, KeyError, ValueError) as exc:
        return Live(figure, None, "", None, str(exc))
    count = result.figure.count
    return Live(figure, count, result.figure.citation,
                rules.phrase(figure.phrasing, count, figure.stated))


def author_scope(statement: Statement) -> Scope:
    return Scope.for_actor(organisation_actor(statement.author))


def live_figures(statement: Statement) -> dict[str, Live]:
    scope = None if statement.is_public else author_scope(statement)
    return {f.key: live(f, scope) for f in statement.figures.select_related("release")}


def count_now(figure: StatementFigure) -> int | None:
    """What the figure's definition counts today over its release's scope."""
    from vigil.publishing.service import release_scope

    if figure.release_id is None:
        return None
    release = figure.release
    return compute(release_scope(release), release.figure_definition()).figure.count


# --- the checks -------------------------------------------------------------------------


def problems(statement: Statement) -> list[str]:
    """Everything that must be fixed before the statement circulates or is published."""
    found = []
    if not any(getattr(statement, f"title_{lang}") for lang in LANGUAGES):
        found.append(_("Give the statement a title in at least one language."))
    figures = live_figures(statement)
    found += [f.problem for f in figures.values() if f.problem]
    mentions = {mention.key: mention for mention in statement.mentions.select_related("person")}
    for lang in LANGUAGES:
        body = getattr(statement, f"body_{lang}")
        for key in sorted(set(figure_keys(body)) - set(figures)):
            found.append(_("The %(language)s text cites [[figure:%(key)s]], which is not "
                           "one of the statement's figures.") % {"language": lang, "key": key})
        for key in sorted(set(person_keys(body)) - set(mentions)):
            found.append(_("The %(language)s text names [[person:%(key)s|…]], which is not "
                           "one of the statement's mentions.") % {"language": lang, "key": key})
    found += mention_problems(statement, mentions.values())
    open_flags = statement.flags.filter(decision=Decision.OPEN).count()
    if open_flags:
        found.append(_("%(n)s hand-typed numbers are not checked yet: bind each to a figure "
                       "or dismiss it.") % {"n": open_flags})
    return found


def mention_problems(statement: Statement, mentions) -> list[str]:
    found = []
    mentions = list(mentions)
    ids = [x.person_id for x in mentions]
    named = set(named_persons().filter(pk__in=ids).values_list("pk", flat=True))
    seen_by = {s.organisation: set(m.Person.objects.for_actor(acting_for(
        s.organisation_id, Role.VIEWER)).filter(pk__in=ids).values_list("pk", flat=True))
        for s in statement.signatories.select_related("organisation")}  # one query each
    for mention in mentions:
        if mention.person_id not in named:
            found.append(_("%(key)s: the person is not published on the public registry (or "
                           "the name is withheld); only published persons can be named.")
                         % {"key": mention.key})
        blind = [str(org) for org, seen in seen_by.items() if mention.person_id not in seen]
        if blind:
            found.append(_("%(key)s: not every signatory may see this person's record "
                           "(%(orgs)s).") % {"key": mention.key, "orgs": ", ".join(blind)})
    return found


def run_figure_check(statement: Statement) -> list[FigureFlag]:
    """Flag every hand-typed number next to a figure-like phrase (a flag already decided
    stays decided), with what the registry says for the nearest figure."""
    figures = live_figures(statement)
    candidates = [(f"{key}: {f.count} ({f.citation})", f.count)
                  for key, f in figures.items() if f.count is not None]
    candidates += [(f"{r.slug}: {r.count} ({r.citation})", r.count)
                   for r in Release.objects.order_by("-created_at")[:50]]
    flags = []
    for lang in LANGUAGES:
        for found in hand_typed(plain(getattr(statement, f"body_{lang}"), {})):
            best = nearest(found.number, candidates)
            says = best[0] if best else _("no figure to compare with")
            flag, _created = FigureFlag.objects.get_or_create(
                statement=statement, language=lang, phrase=found.phrase,
                defaults={"number": found.number, "registry_says": says})
            flags.append(flag)
    return flags


def decide_flag(flag: FigureFlag, user, figure: StatementFigure | None) -> FigureFlag:
    """Bind the flag's number to `figure` (its first occurrence in the text becomes the
    figure's token) or, with no figure, dismiss it. Either way the decision is kept."""
    statement = flag.statement
    if figure is not None:
        field = f"body_{flag.language}"
        number = NUMBER_AT_START.match(flag.phrase).group(0)
        bound = f"[[figure:{figure.key}]]" + flag.phrase[len(number):]
        setattr(statement, field, getattr(statement, field).replace(flag.phrase, bound, 1))
        edit(statement, {field: getattr(statement, field)})
    flag.decision = Decision.BOUND if figure else Decision.DISMISSED
    flag.figure = figure
    flag.decided_by = user
    flag.decided_at = timezone.now()
    flag.save()
    return flag


# --- the steps --------------------------------------------------------------------------


def edit(statement: Statement, changes: dict) -> Statement:
    """Change the text or its parts; a circulating statement goes back to draft and every
    signature is cleared, since it was for another text."""
    if not statement.is_editable:
        raise StatementError([_("A published statement is changed by a correction.")])
    for name, value in changes.items():
        setattr(statement, name, value)
    with transaction.atomic():
        statement.version += 1
        if statement.status == Status.CIRCULATING:
            statement.status = Status.DRAFT
        statement.save()
        reset_signatures(statement)
    return statement


def reset_signatures(statement: Statement) -> None:
    statement.signatories.update(signed_by=None, signed_by_name="", signed_at=None,
                                 signed_version=None)


def circulate(statement: Statement) -> Statement:
    if statement.status != Status.DRAFT:
        raise StatementError([_("Only a draft can be sent for signature.")])
    found = problems(statement)
    if not statement.signatories.exists():
        found.append(_("Add at least one signatory organisation."))
    if found:
        raise StatementError(found)
    statement.status = Status.CIRCULATING
    statement.save(update_fields=["status", "updated_at"])
    return statement


def sign(signatory: Signatory, actor: Actor, user) -> Signatory:
    statement = signatory.statement
    if not may_sign(actor, signatory):
        raise PermissionDenied
    if statement.status != Status.CIRCULATING:
        raise StatementError([_("Only a statement circulating for signature can be signed.")])
    signatory.signed_by = user
    signatory.signed_by_name = user.get_username() if user else ""
    signatory.signed_at = timezone.now()
    signatory.signed_version = statement.version
    signatory.save()
    return signatory


def remove_holdouts(statement: Statement) -> int:
    """Take off the signatories that have not signed; returns how many."""
    if statement.status != Status.CIRCULATING:
        raise StatementError([_("Only a circulating statement has holdouts.")])
    removed, _by_model = statement.signatories.filter(signed_at__isnull=True).delete()
    return removed


def holdouts(statement: Statement) -> list[Signatory]:
    return [s for s in statement.signatories.select_related("organisation")
            if not s.has_signed or s.signed_version != statement.version]


def publish(statement: Statement, user) -> Statement:
    """Publish a statement every signatory signed: each figure is frozen into a release of
    the author organisation (or the identical release it already made), so the published
    numbers never change."""
    if statement.status != Status.CIRCULATING:
        raise StatementError([_("Only a circulating statement can be published.")])
    waiting = holdouts(statement)
    if waiting:
        raise StatementError([_("Not signed yet by %(orgs)s: wait, or remove them.") % {
            "orgs": ", ".join(str(s.organisation) for s in waiting)}])
    found = problems(statement)
    if found:
        raise StatementError(found)
    with transaction.atomic():
        for figure in statement.figures.filter(release__isnull=True):
            freeze(figure, user)
        statement.status = Status.PUBLISHED
        statement.published_at = timezone.now()
        statement.save()
    return statement


def freeze(figure: StatementFigure, user) -> Release:
    statement = figure.statement
    result = compute(author_scope(statement), definition_of(figure))
    release = identical_release(result, statement.author) or publish_release(
        result, statement.author, user, title=f"{statement.title_in('en')}: {figure.key}"[:300])
    figure.release = release
    figure.save(update_fields=["release"])
    return release


def texts_of(statement: Statement) -> dict:
    return {f"{part}_{lang}": getattr(statement, f"{part}_{lang}")
            for part in ("title", "body") for lang in LANGUAGES}


def correct(statement: Statement, changes: dict, note: str, user) -> Statement:
    """A new text for a published statement; the old one stays readable with the note."""
    if statement.status not in (Status.PUBLISHED, Status.CORRECTED):
        raise StatementError([_("Only a published statement can be corrected.")])
    if not note.strip():
        raise StatementError([_("Say what the correction changes: the note is public.")])
    with transaction.atomic():
        Revision.objects.create(statement=statement, texts=texts_of(statement),
                                note=note.strip(), replaced_by=user)
        for name, value in changes.items():
            setattr(statement, name, value)
        statement.status = Status.CORRECTED
        statement.status_note = note.strip()
        statement.status_changed_at = timezone.now()
        statement.version += 1
        statement.save()
    return statement


def withdraw(statement: Statement, note: str) -> Statement:
    if not statement.is_public or statement.status == Status.WITHDRAWN:
        raise StatementError([_("Only a published statement can be withdrawn.")])
    if not note.strip():
        raise StatementError([_("Say why the statement is withdrawn: the note is public.")])
    statement.status = Status.WITHDRAWN
    statement.status_note = note.strip()
    statement.status_changed_at = timezone.now()
    statement.save()
    return statement
