"""List imports: dry run, atomicity, idempotence, versions, claims, matching, bad input."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.lists.helpers import VIASNA, csv_bytes, plan, run_import
from vigil.lists.comparing import compare_versions
from vigil.lists.models import ListEntry, ListVersion, ReviewPair
from vigil.lists.reading import ListError, read_rows
from vigil.registry import models as m

RECORD_MODELS = [m.Person, m.NameVariant, m.CustodyPeriod, m.Recognition, m.Source,
                 m.Citation, ListVersion, ListEntry, ReviewPair]


def snapshot():
    return {model.__name__: model.objects.count() for model in RECORD_MODELS}


@pytest.mark.django_db
def test_dry_run_writes_nothing(org_a, documenter_a):
    before = snapshot()
    p = plan(csv_bytes(VIASNA), org_a, documenter_a)
    assert p.counts["created"] == 4
    assert snapshot() == before


@pytest.mark.django_db
def test_import_creates_sourced_claims(org_a, documenter_a):
    version, _ = run_import(csv_bytes(VIASNA), org_a, documenter_a)
    assert version.number == 1 and version.row_count == 4
    assert version.counts["created"] == 4
    assert m.Person.objects.filter(organisation=org_a).count() == 4
    entry = version.entries.get(external_id="1")
    ales = entry.person
    assert ales.display_name == "Бяляцкі Алесь Віктаравіч"
    assert str(ales.partial("birth_date")) == "1962-09-25"
    assert ales.gender == "male" and ales.region.slug == "homiel"
    custody = ales.custody_periods.get()
    assert str(custody.partial("started")) == "2021-07-14" and custody.ended is None
    recognition = ales.recognitions.get()
    assert recognition.organisation == org_a and recognition.status == "recognised"
    source = version.source
    assert source.kind == "list" and source.sha256 == version.sha256
    cited = m.Citation.objects.filter(source=source)
    assert "1962-09-25" in {c.claimed_value for c in cited.filter(field="birth_date")}
    assert all(c.locator.startswith("row ") for c in cited)
    assert "spring96.org/1" in cited.filter(object_id=custody.pk).first().locator
    case = ales.cases.get()
    assert sorted(a.article for a in case.charges.all()) == ["228", "243"]
    assert cited.filter(object_id=case.pk, field="charges").exists()
    klimovich = version.entries.get(external_id="3").person.custody_periods.get()
    assert klimovich.end_reason == "other" and str(klimovich.partial("ended")) == "2023-05-05"


@pytest.mark.django_db
def test_a_bad_row_leaves_nothing(org_a, documenter_a):
    rows = [{"id": str(i), "name": f"Іваноў Іван {i}", "birth_year": "1970"}
            for i in range(1, 600)]
    rows[499]["birth_date"] = "31.02.1970"
    before = snapshot()
    with pytest.raises(ListError, match=r"row 500, column birth_date: not a date"):
        plan(csv_bytes(rows), org_a, documenter_a)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(org_a, documenter_a, monkeypatch):
    from vigil.lists import applying

    p = plan(csv_bytes(VIASNA), org_a, documenter_a)
    before = snapshot()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(applying.ReviewPair.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        applying.apply_import(p, documenter_a)
    assert snapshot() == before


@pytest.mark.django_db
def test_reimport_of_the_same_file_changes_nothing(org_a, documenter_a):
    content = csv_bytes(VIASNA)
    run_import(content, org_a, documenter_a)
    before = snapshot()
    again = plan(content, org_a, documenter_a)
    assert again.already_imported is not None
    # the same rows in another file (another order): a new version, nothing else
    version, p = run_import(csv_bytes(list(reversed(VIASNA))), org_a, documenter_a,
                            file_name="viasna-copy.csv")
    assert p.counts["unchanged"] == 4
    after = snapshot()
    assert after["Person"] == before["Person"]
    assert after["NameVariant"] == before["NameVariant"]
    assert after["CustodyPeriod"] == before["CustodyPeriod"]
    assert after["Recognition"] == before["Recognition"]
    assert after["ReviewPair"] == before["ReviewPair"]
    assert version.number == 2


@pytest.mark.django_db
def test_compare_two_versions(org_a, documenter_a):
    v1, _ = run_import(csv_bytes(VIASNA), org_a, documenter_a)
    changed = [dict(r) for r in VIASNA[:3]]
    changed[2]["released_on"] = "2023-05-06"
    changed.append({"id": "5", "name": "Чэкіна Людміла", "birth_year": "1960"})
    v2, p = run_import(csv_bytes(changed), org_a, documenter_a, file_name="viasna-2.csv")
    assert p.counts == {"created": 1, "updated": 1, "matched": 0, "review": 0,
                        "unchanged": 2}
    diff = compare_versions(v1, v2)
    assert [e.external_id for e in diff["added"]] == ["5"]
    assert [e.external_id for e in diff["removed"]] == ["4"]
    assert [(e.external_id, d) for e, d in diff["changed"]] == [
        ("3", [("released_on", "2023-05-05", "2023-05-06")])]
    # the updated row's person is the one the first version created
    assert v2.entries.get(external_id="3").person == v1.entries.get(external_id="3").person


LATIN = [
    {"id": "a1", "name": "Ales Bialiatski", "birth_year": "1962", "gender": "m"},
    {"id": "a2", "name": "Maryna Zolatava", "birth_year": "1977"},
    {"id": "a3", "name": "Mikalay Klimovich", "birth_year": "1960"},  # disagrees: 1957
    {"id": "a4", "name": "Nasta Lojka"},  # no birth data, a name that fits one person
    {"id": "a5", "name": "Mikalai Klimovich"},  # no birth data, a name two persons bear
]


@pytest.mark.django_db
def test_cyrillic_and_latin_lists_merge_where_birth_data_agree_or_the_name_is_unambiguous(
        org_a, documenter_a):
    run_import(csv_bytes(VIASNA), org_a, documenter_a)
    version, p = run_import(csv_bytes(LATIN), org_a, documenter_a, list_name="cpj",
                            file_name="cpj.csv")
    outcome = {e.external_id: e.outcome for e in version.entries.all()}
    assert outcome["a1"] == "matched" and outcome["a2"] == "matched"
    assert outcome["a3"] == "created"  # birth years disagree: namesakes, not even reviewed
    assert outcome["a4"] == "matched"  # DESIGN §5: an unambiguous full name merges
    assert outcome["a5"] == "review"  # Klimovich of 1957 and of 1960: the name is shared
    viasna = {e.external_id: e.person for e in ListEntry.objects.filter(
        version__list_name="viasna")}
    entries = {e.external_id: e for e in version.entries.all()}
    assert entries["a1"].person == viasna["1"]
    assert entries["a2"].person == viasna["2"]
    assert entries["a3"].person != viasna["3"]
    assert entries["a4"].person == viasna["4"]
    matched = next(r for r in p.rows if r.row.id == "a4")
    assert "rule: unambiguous full name" in matched.reason
    pair = ReviewPair.objects.get(entry=entries["a5"])
    assert pair.person_b == viasna["3"] and pair.status == "open"
    assert "shared by two records of this file" in pair.reason  # readable, no tag
    assert any("name" in line for line in pair.explanation)
    # the matched person gained the Latin spelling, cited to the new list
    assert viasna["1"].names.filter(text="Ales Bialiatski", script="Latn").exists()
    assert m.Citation.objects.filter(source=version.source, field="birth_date").exists()


@pytest.mark.django_db
def test_command_dry_run_and_import(org_a, tmp_path, capsys):
    path = tmp_path / "viasna.csv"
    path.write_bytes(csv_bytes(VIASNA))
    call_command("import_list", str(path), "--org", org_a.slug, "--dry-run")
    assert "nothing was written" in capsys.readouterr().out
    assert not ListVersion.objects.exists()
    call_command("import_list", str(path), "--org", org_a.slug)
    assert "created: 4" in capsys.readouterr().out
    call_command("import_list", str(path), "--org", org_a.slug)
    assert "nothing changed" in capsys.readouterr().out
    assert ListVersion.objects.count() == 1


@pytest.mark.django_db
def test_command_mapping_is_saved(org_a, tmp_path, capsys):
    path = tmp_path / "pen.csv"
    path.write_bytes(csv_bytes([{"No": "7", "Full name": "Ihar Losik", "Born": "1992"}],
                               header=["No", "Full name", "Born"]))
    with pytest.raises(CommandError, match="missing column id"):
        call_command("import_list", str(path), "--org", org_a.slug)
    call_command("import_list", str(path), "--org", org_a.slug, "--mapping",
                 '{"id": "No", "name": "Full name", "birth_year": "Born"}')
    version = ListVersion.objects.get()
    assert version.entries.get().values == {"id": "7", "name": "Ihar Losik",
                                            "birth_year": "1992"}
    path.write_bytes(path.read_bytes() + b"8,Ihar Losik Junior,2015\n")
    call_command("import_list", str(path), "--org", org_a.slug)  # the saved mapping
    assert ListVersion.objects.count() == 2


@pytest.mark.parametrize("content, name, message", [
    (b"id,name\n1,A\n1,B\n", "l.csv", "row 2, column id: duplicate id '1' (also row 1)"),
    (b"name\nA\n", "l.csv", "missing column id"),
    (b"id,birth_year\n1,1990\n", "l.csv", "missing column: one of name"),
    ("id,name\n1,Іван\n".encode("cp1251"), "l.csv", "line 2: the file is not UTF-8"),
    (b"id,name\n1,=HYPERLINK(\"x\")\n", "l.csv", "row 1, column name: starts like a spreadsheet"),
    (b"id,name,birth_year\n1,A,19x0\n", "l.csv", "row 1, column birth_year: not a birth year"),
    (b"id,name,gender\n1,A,q\n", "l.csv", "row 1, column gender: not a gender"),
    (b"id,name\n1,A,extra\n", "l.csv", "row 1: 3 fields where the header has 2"),
    (b'[{"id": 1, "name": {"x": 1}}]', "l.json", "row 1, column name: a nested value"),
    (b"{", "l.json", "not valid JSON"),
    (b"id,name\n", "l.csv", "no rows"),
    (b"x", "l.txt", "unknown file type"),
    (b"not a zip", "l.xlsx", "not a readable XLSX"),
])
def test_bad_input_names_row_and_column(content, name, message):
    with pytest.raises(ListError) as info:
        read_rows(content, name, {})
    assert message in str(info.value)


def test_bad_date_with_a_mapping_names_the_files_column():
    content = "Нумар,Імя,Дата нараджэння\n1,Алесь,1962-13-01\n".encode()
    with pytest.raises(ListError) as info:
        read_rows(content, "l.csv", {"id": "Нумар", "name": "Імя",
                                     "birth_date": "Дата нараджэння"})
    assert 'row 1, column birth_date ("Дата нараджэння"): not a date' in str(info.value)


def test_size_cap(monkeypatch):
    from vigil.lists import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 10)
    with pytest.raises(ListError, match="the limit is"):
        read_rows(b"id,name\n1,Somebody\n", "l.csv", {})


def test_xlsx_and_json_read_like_csv(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "birth_date"])
    sheet.append([1, "Алесь Бяляцкі", "25.09.1962"])
    sheet.append([2, "Марына Золатава", None])
    path = tmp_path / "l.xlsx"
    book.save(path)
    rows = read_rows(path.read_bytes(), "l.xlsx", {})
    assert [r.values for r in rows] == [
        {"id": "1", "name": "Алесь Бяляцкі", "birth_date": "25.09.1962"},
        {"id": "2", "name": "Марына Золатава"}]
    sheet.append([3, "=1+1", None])
    book.save(path)
    with pytest.raises(ListError, match="row 3, column name: starts like a spreadsheet"):
        read_rows(path.read_bytes(), "l.xlsx", {})
    rows = read_rows(b'{"rows": [{"id": 1, "name": "Ales", "birth_year": 1962}]}', "l.json", {})
    assert rows[0].values == {"id": "1", "name": "Ales", "birth_year": "1962"}


@pytest.mark.django_db
def test_rows_match_persons_a_coalition_partner_shares(org_a, org_b, coalition, documenter_a,
                                                       documenter_b):
    from tests.factories import make_person

    shared = make_person(org_b, name="Ihar Losik", visibility=m.Visibility.COALITION,
                         birth_date="1992-01-01", birth_date_precision="Y")
    hidden = make_person(org_b, name="Ihar Losik", birth_date="1992-01-01",
                         birth_date_precision="Y")  # B's own: A cannot see it
    version, _ = run_import(csv_bytes([{"id": "1", "name": "Ігар Лосік", "birth_year": "1992",
                                        "detained_on": "2020-06-25"}]),
                            org_a, documenter_a)
    entry = version.entries.get()
    assert entry.outcome == "matched" and entry.person == shared
    name = shared.names.get(text="Ігар Лосік")
    assert name.organisation == org_a  # A's claim about B's person, owned by A
    assert shared.custody_periods.get().organisation == org_a
    assert not hidden.names.filter(organisation=org_a).exists()


@pytest.mark.django_db
def test_matching_uses_only_the_spellings_the_importer_may_see(org_a, org_b, coalition,
                                                               documenter_a):
    from tests.factories import make_person

    shared = make_person(org_b, name="Ihar Losik", visibility=m.Visibility.COALITION,
                         birth_date="1992-01-01", birth_date_precision="Y")
    m.NameVariant.objects.create(person=shared, organisation=org_b, text="CANARY Secretname",
                                 language="en", script="Latn", kind="alias", is_primary=True)
    shared.names.filter(text="Ihar Losik").update(is_primary=False)  # B's spelling comes first
    p = plan(csv_bytes([{"id": "1", "name": "Ігар Лосік", "birth_year": "1992"}]), org_a,
             documenter_a)
    assert p.rows[0].person_id == shared.pk
    assert "CANARY" not in repr(p.rows) + repr(p.person_names)


@pytest.mark.django_db
def test_two_imports_of_one_list_at_once(org_a, documenter_a, monkeypatch):
    from vigil.lists.applying import ConcurrentImport, apply_import

    first = plan(csv_bytes(VIASNA), org_a, documenter_a)
    second = plan(csv_bytes(VIASNA[:2]), org_a, documenter_a, file_name="other.csv")
    apply_import(first, documenter_a)
    before = snapshot()
    # the second computes its version number as if the first had not committed yet
    monkeypatch.setattr(ListVersion.objects, "filter",
                        lambda *args, **kwargs: ListVersion.objects.none())
    with pytest.raises(ConcurrentImport, match="run it again"):
        apply_import(second, documenter_a)
    monkeypatch.undo()
    assert snapshot() == before


@pytest.mark.django_db
def test_a_small_import_reuses_the_weights_of_a_large_one(org_a, documenter_a, monkeypatch):
    from vigil.lists import planning

    monkeypatch.setattr(planning, "LEARN_FROM_ROWS", 3)
    large, p = run_import(csv_bytes(VIASNA), org_a, documenter_a)
    assert p.weights_from is None and set(large.weights) == {"m", "u", "match_rate"}
    small, p = run_import(csv_bytes([{"id": "a1", "name": "Ales Bialiatski",
                                      "birth_year": "1962"}]), org_a, documenter_a,
                          list_name="cpj", file_name="cpj.csv")
    assert p.weights_from == large and small.weights == {}
    assert small.entries.get().outcome == "matched"


@pytest.mark.django_db
def test_two_rows_for_one_person_go_to_review_with_a_readable_reason(org_a, documenter_a):
    from tests.factories import make_person

    known = make_person(org_a, name="Ihar Losik", birth_date="1992-01-01",
                        birth_date_precision="Y")
    rows = [{"id": "1", "name": "Ігар Лосік", "birth_year": "1992"},
            {"id": "2", "name": "Ihar Losik", "birth_year": "1992"}]
    version, p = run_import(csv_bytes(rows), org_a, documenter_a)  # on PostgreSQL too
    outcomes = sorted(e.outcome for e in version.entries.all())
    # DESIGN §5: a name and birth year two records of one list share never merge on their own
    assert outcomes == ["review", "review"]
    pairs = list(ReviewPair.objects.all())
    assert known in {pair.person_b for pair in pairs}
    for pair in pairs:  # the linker's list tags held a NUL, which PostgreSQL cannot store
        assert "\x00" not in pair.reason + "".join(pair.explanation)
    assert any("this file" in pair.reason for pair in pairs)
