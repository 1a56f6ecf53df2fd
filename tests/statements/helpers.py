"""A small world for statement tests: organisation A writes, B co-signs, one published person
held since 2021 and recognised by A, and a statement citing A's stock of that day."""

import datetime as dt

from tests.conftest import make_user
from tests.factories import make_custody
from tests.public.helpers import public_person, publish
from tests.publishing.helpers import recognise
from vigil.accounts.models import Role
from vigil.figures import FigureDefinition
from vigil.statements.models import Mention, Signatory, Statement, StatementFigure

DAY = dt.date(2023, 4, 30)


def held_person(organisation, name="Алесь Бяляцкі", latin="Ales Bialiatski"):
    person = public_person(organisation, name=name, latin=latin)
    make_custody(person, "2021-07-14")
    recognise(person, since="2021-08-01")
    publish(person)
    return person


def draft_statement(author, signatories=(), person=None, body=None) -> Statement:
    statement = Statement.objects.create(
        slug="solidarity", author=author, dated=dt.date(2023, 5, 21),
        title_en="Solidarity with political prisoners", title_ru="Солидарность",
        body_en=body or ("There are [[figure:held]] political prisoners, among them "
                         "[[person:ales|Ales Bialiatski]]."))
    for organisation in (author, *signatories):
        Signatory.objects.create(statement=statement, organisation=organisation)
    StatementFigure.objects.create(
        statement=statement, key="held",
        definition=FigureDefinition.stock(DAY, recognised_by=(author.slug,)).as_dict())
    if person is not None:
        Mention.objects.create(statement=statement, key="ales", person=person,
                               claims="sentenced to 10 years")
    return statement


def admin_of(organisation, username):
    return make_user(username, organisation, Role.ADMINISTRATOR)
