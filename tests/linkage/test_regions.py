import pytest

from vigil.linkage import region_id


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Гродна", "hrodna"), ("Гродно", "hrodna"), ("Hrodna", "hrodna"), ("Grodno", "hrodna"),
        ("Гродзенская вобласць", "hrodna"), ("Гродненская обл.", "hrodna"),
        ("Hrodna region", "hrodna"), ("Ліда", "hrodna"), ("Волковыск", "hrodna"),
        ("Мінск", "minsk-city"), ("г. Минск", "minsk-city"), ("Minsk", "minsk-city"),
        ("Мінская вобласць", "minsk-region"), ("Minsk region", "minsk-region"),
        ("Салігорск", "minsk-region"), ("Марьина Горка", "minsk-region"),
        ("Baranavichy", "brest"), ("Барановичи", "brest"), ("Гомельская область", "homiel"),
        ("Homiel", "homiel"), ("Mahiliou", "mahiliou"), ("Бобруйск", "mahiliou"),
        ("Віцебская вобл.", "viciebsk"), ("Новополоцк", "viciebsk"),
    ],
)
def test_known_regions(text, slug):
    assert region_id(text) == (slug, True)


def test_other_places_keep_their_key():
    rid, known = region_id("Хатынь")
    assert not known and rid == region_id("Khatyn")[0]
    assert region_id("") == (None, False)
    assert region_id(None) == (None, False)
