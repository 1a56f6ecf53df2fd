"""The birthdays page (this month's and next month's birthdays of those held, with where to
write) and the facilities page (how many are held where, small cells not shown)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_custody
from tests.public.helpers import PUBLIC, public_person, publish
from vigil.public.views import next_months
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


def held_at(org, facility, name, latin, birth=None, withheld=False, precision="D"):
    person = public_person(org, name=name, latin=latin, birth_date=birth,
                           birth_date_precision=precision)
    custody = make_custody(person, "2021-07-14")
    m.Placement.objects.create(custody=custody, facility=facility, organisation=org,
                               visibility=PUBLIC)
    return publish(person, withheld=withheld)


@pytest.fixture
def colony(db):
    return m.Facility.objects.create(slug="ik-3", name_en="Penal colony No. 3", kind="colony",
                                     address="211322, г. Витебск, ИК-3")


def test_next_months_wraps_the_year():
    assert next_months(dt.date(2026, 12, 2)) == ((2026, 12), (2027, 1))
    assert next_months(dt.date(2026, 3, 31)) == ((2026, 3), (2026, 4))


def test_birthdays_this_month_and_next_with_the_address(client, org_a, colony):
    today = timezone.localdate()
    (_y1, this), (_y2, following) = next_months(today)
    held_at(org_a, colony, "Алесь Бяляцкі", "Ales Bialiatski", dt.date(1962, this, 1))
    held_at(org_a, colony, "Марына Золатава", "Maryna Zolatava", dt.date(1977, following, 2))
    held_at(org_a, colony, "Наста Лойка", "Nasta Loika", dt.date(1990, this, 3), withheld=True)
    held_at(org_a, colony, "Ксенія Луцкіна", "Ksenia Lutskina", dt.date(1985, this, 1),
            precision="Y")  # the day is not known: no birthday to celebrate
    page = client.get("/en/birthdays/").content.decode()
    assert "Ales Bialiatski" in page and "Maryna Zolatava" in page
    assert page.index("Ales Bialiatski") < page.index("Maryna Zolatava")
    assert "211322, г. Витебск, ИК-3" in page
    assert "Loika" not in page and "Lutskina" not in page


def test_a_facility_holding_fewer_than_k_is_not_named(client, org_a, colony, settings):
    settings.VIGIL_SUPPRESS_CELLS_BELOW = 3
    small = m.Facility.objects.create(slug="sizo-1", name_en="SIZO-1", kind="pretrial")
    for i in range(3):
        held_at(org_a, colony, f"Асоба {i}", f"Person {i}", withheld=i == 0)
    held_at(org_a, small, "Алесь Бяляцкі", "Ales Bialiatski")
    page = client.get("/en/facilities/").content.decode()
    assert "<td>Penal colony No. 3</td><td>3</td>" in page  # a withheld person counts
    assert "SIZO-1" not in page
    assert "1 held in 1 facility holding fewer than 3" in page
    assert "4 persons held" in page
