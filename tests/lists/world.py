"""List objects of organisation A for the access matrix (tests/test_access_matrix.py)."""

from tests.factories import make_person
from tests.lists.helpers import VIASNA, csv_bytes, pending_of, run_import
from vigil.accounts.actors import actor_for
from vigil.lists.merging import merge_persons
from vigil.lists.models import ImportJob, NameOnlyConfirmation, ReviewPair


def lists_world(w: dict) -> dict:
    if "lists" in w:
        return w["lists"]
    admin = w["users"]["admin_a"]
    org = w["person"].organisation
    v1, _ = run_import(csv_bytes(VIASNA), org, admin)
    v2, _ = run_import(csv_bytes(VIASNA[:2]), org, admin, file_name="viasna-2.csv")
    pending = pending_of(
        organisation=org, uploaded_by=admin, list_name="cpj", file_name="cpj.csv",
        content=csv_bytes([{"id": "a1", "name": "Ales Bialiatski", "birth_year": "1962"}]))
    entry = v1.entries.get(external_id="4")
    pair = ReviewPair.objects.create(organisation=org, person_a=w["person"],
                                     person_b=entry.person, entry=entry, score=0.7,
                                     explanation=["name: …"])
    merge = merge_persons(make_person(org, name="Іван Іваноў"),
                          make_person(org, name="Ivan Ivanou"), admin, actor_for(admin))
    job = ImportJob.objects.create(organisation=org, pending=pending, started_by=admin,
                                   list_name="cpj", file_name="cpj.csv", state="done",
                                   message="imported as version 1 of the list", version=v1)
    confirmation = NameOnlyConfirmation.objects.create(organisation=org, confirmed_by=admin,
                                                       confirmed_at=job.created_at)
    w["lists"] = {"v1": v1, "v2": v2, "pending": pending, "pair": pair, "merge": merge,
                  "job": job, "entry": entry, "confirmation": confirmation}
    return w["lists"]
