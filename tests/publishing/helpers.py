"""Small builders for the publishing tests: recognitions beside tests.factories."""

from vigil.dates import PartialDate
from vigil.registry import models as m


def recognise(person, organisation=None, since="2021-01-01", status="recognised", until=None,
              visibility=None):
    record = m.Recognition(person=person, organisation=organisation or person.organisation,
                           visibility=visibility or person.visibility, status=status)
    record.set_partial("since", PartialDate.parse(since))
    record.set_partial("until", PartialDate.parse(until) if until else None)
    record.save()
    return record
