import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_render(client, documenter_a, person_a, source_a):
    client.force_login(documenter_a)
    for url in [reverse("person-list"), reverse("person-detail", args=[person_a.pk]),
                reverse("person-history", args=[person_a.pk]), reverse("source-list"),
                reverse("source-detail", args=[source_a.pk]), reverse("person-create"),
                reverse("record-create", args=[person_a.pk, "case"])]:
        assert client.get(url).status_code == 200, url
