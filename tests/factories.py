"""Small builders for the records tests need; each makes valid, saved records."""

from vigil.dates import PartialDate
from vigil.registry import models as m


def make_person(organisation, name="Алесь Бяляцкі", visibility=m.Visibility.ORGANISATION,
                **fields):
    person = m.Person.objects.create(organisation=organisation, visibility=visibility, **fields)
    m.NameVariant.objects.create(
        person=person, organisation=organisation, visibility=visibility, text=name,
        language="be", script="Cyrl", kind="belarusian", is_primary=True,
    )
    return person


def make_custody(person, started, ended=None, end_reason="", kind="pretrial"):
    period = m.CustodyPeriod(person=person, organisation=person.organisation,
                             visibility=person.visibility, kind=kind, end_reason=end_reason)
    period.set_partial("started", PartialDate.parse(started))
    period.set_partial("ended", PartialDate.parse(ended) if ended else None)
    period.full_clean()
    period.check_no_overlap(m.CustodyPeriod.objects.all())
    period.save()
    return period
