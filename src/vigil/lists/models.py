"""List imports, the review of uncertain matches, reviewer decisions and person merges.

None of these are registry records: they belong to one organisation and are reached only
through `for_actor` helpers that keep them to the actor's own organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigil.accounts.actors import Actor

DEFAULT_COLUMNS = (
    "id", "name", "name_be", "name_ru", "name_en", "birth_date", "birth_year", "gender",
    "region", "occupation", "articles", "detained_on", "released_on", "died_on",
    "recognised_on", "facility", "sentence", "source_url",
)
NAME_COLUMNS = ("name", "name_be", "name_ru", "name_en")


class OwnQuerySet(models.QuerySet):
    """Objects of the actor's own organisation; nobody else may see list work."""

    def for_actor(self, actor: Actor) -> OwnQuerySet:
        if actor.is_anonymous:
            return self.none()
        return self.filter(organisation_id=actor.organisation_id)


class ColumnMapping(models.Model):
    """How an organisation's files name the default columns: {default column: file header}."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE,
                                        related_name="+")
    mapping = models.JSONField(default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnQuerySet.as_manager()

    def __str__(self) -> str:
        return f"column mapping of organisation #{self.organisation_id}"


class PendingImport(models.Model):
    """An uploaded file waiting for its dry run to be confirmed on the upload page.

    The file itself is kept under settings.UPLOAD_DIR (vigil.lists.uploads), not in the
    database: the upload request only stores it; the job reads it."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    list_name = models.CharField(max_length=200)
    file_name = models.CharField(max_length=300)
    stored_as = models.CharField(max_length=100, default="")  # the file's name under UPLOAD_DIR
    size = models.PositiveBigIntegerField(default=0)
    mapping = models.JSONField(default=dict)
    as_of = models.DateField(null=True, blank=True)  # the list's own date, if given
    # values typed on the import page in place of bad cells: {row: {column: text}}
    corrections = models.JSONField(default=dict, blank=True)

    objects = OwnQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.file_name} (waiting)"

    @property
    def row_corrections(self) -> dict[int, dict[str, str]]:
        return {int(row): dict(cells) for row, cells in self.corrections.items()}

    @property
    def content(self) -> bytes:
        from vigil.lists.uploads import read_upload

        return read_upload(self.stored_as)


class ListVersion(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    list_name = models.CharField(_("list"), max_length=200)
    number = models.PositiveIntegerField(_("version"))
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)
    row_count = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)  # outcome → number of rows
    weights = models.JSONField(default=dict, blank=True)  # linkage.Model learnt, if learnt
    source = models.ForeignKey("registry.Source", null=True, on_delete=models.PROTECT,
                               related_name="+")

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["list_name", "-number"]
        constraints = [models.UniqueConstraint(fields=["organisation", "list_name", "number"],
                                               name="unique_list_version")]

    def __str__(self) -> str:
        return f"{self.list_name} v{self.number}"


class Outcome(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    MATCHED = "matched", _("matched to an existing person")
    REVIEW = "review", _("sent to review")
    UNCHANGED = "unchanged", _("unchanged")


class ListEntry(models.Model):
    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="entries")
    row = models.PositiveIntegerField()
    external_id = models.CharField(max_length=200)
    values = models.JSONField(default=dict)  # the row's values under the default columns
    person = models.ForeignKey("registry.Person", null=True, on_delete=models.PROTECT,
                               related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # a row matched by the linker: the rule that carried the link (`vigil.linkage.Rule`) and
    # its explanation, so that merges the name carried alone can be listed and confirmed
    match_rule = models.CharField(max_length=60, blank=True)
    explanation = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["row"]
        verbose_name_plural = "list entries"
        constraints = [models.UniqueConstraint(fields=["version", "external_id"],
                                               name="unique_entry_id")]
        indexes = [models.Index(fields=["external_id"])]

    def __str__(self) -> str:
        return f"{self.version}: {self.external_id}"

    @property
    def name(self) -> str:
        return next((self.values[c] for c in NAME_COLUMNS if self.values.get(c)), "")


class PairStatus(models.TextChoices):
    OPEN = "open", _("open")
    SAME = "same", _("the same person")
    NOT_SAME = "not_same", _("not the same person")
    SKIPPED = "skipped", _("skipped")


class ReviewPair(models.Model):
    """Two persons the matcher could not decide about; `entry` is the list row behind
    `person_a` when the pair came from an import."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    person_a = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(ListEntry, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="review_pairs")
    score = models.FloatField()
    reason = models.CharField(max_length=300, blank=True)
    explanation = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=PairStatus.choices, default=PairStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # a merge proposed by hand on the duplicates page: someone else confirms it
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]

    def __str__(self) -> str:
        return f"#{self.person_a_id} ? #{self.person_b_id}"


class MatchDecision(models.Model):
    """A reviewer's judgement, by stable keys: a list and an id in it, and/or a person.

    Every later import of the organisation respects it; those with list keys on both sides
    are exported as a `--decisions` file for `vigil link`.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    a_list = models.CharField(max_length=200, blank=True)
    a_id = models.CharField(max_length=200, blank=True)
    a_person = models.ForeignKey("registry.Person", null=True, on_delete=models.PROTECT,
                                 related_name="+")
    b_list = models.CharField(max_length=200, blank=True)
    b_id = models.CharField(max_length=200, blank=True)
    b_person = models.ForeignKey("registry.Person", null=True, on_delete=models.PROTECT,
                                 related_name="+")
    same = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)  # a merge undone

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        verdict = "same" if self.same else "not the same"
        return f"{self.a_list}/{self.a_id} {verdict} {self.b_list}/{self.b_id}"


class NameOnlyConfirmation(models.Model):
    """A reviewer confirmed, in one step, list rows the linker matched on the name alone: one
    *same* `MatchDecision` per row (the row's list and id, and its person). Undo withdraws
    them all, and the rows are listed again."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    decisions = models.ManyToManyField(MatchDecision, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField()
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]

    def __str__(self) -> str:
        return f"name-only matches confirmed on {self.confirmed_at:%Y-%m-%d}"


class PersonMerge(models.Model):
    """`merged` was folded into `survivor`: its records re-pointed (their ids kept in
    `moved`), empty fields of the survivor filled (old values in `filled`), and the merged
    person soft-deleted. Undo reverses exactly that."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    survivor = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=dict)  # "app.model:field" → [pk, …]
    filled = models.JSONField(default=dict)  # survivor field → value before the merge
    decision = models.ForeignKey(MatchDecision, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.merged_id} → #{self.survivor_id}"


class JobState(models.TextChoices):
    WAITING = "waiting", _("waiting to start")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class StageNumbers:
    """The share done and the time left of a stage, from `done`, `total` and `rate`."""

    done: int
    total: int
    rate: float

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def seconds_left(self) -> int | None:
        if self.rate <= 0 or self.total <= self.done:
            return None
        return round((self.total - self.done) / self.rate)


class ImportJob(StageNumbers, models.Model):
    """A dry run or an import started on the upload page, run as a task by `vigil worker`.

    The job's page reads this row: its state, attempts and outcome (the dry run's summary,
    the new version, or the error), and while it runs its `JobProgress`. The import itself
    is the same single transaction as on the command line, so a failed or interrupted job
    wrote nothing.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    pending = models.ForeignKey(PendingImport, null=True, on_delete=models.SET_NULL,
                                related_name="jobs")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    list_name = models.CharField(max_length=200)
    file_name = models.CharField(max_length=300)
    dry_run = models.BooleanField(default=False)
    summary = models.JSONField(default=dict, blank=True)  # a dry run's outcome, for its page
    rows = models.PositiveIntegerField(default=0)  # rows of the file, once read
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.WAITING)
    stage = models.CharField(max_length=100, blank=True)
    done = models.PositiveIntegerField(default=0)  # of `total`, in the current stage
    total = models.PositiveIntegerField(default=0)
    rate = models.FloatField(default=0.0)  # per second, in the current stage
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat = models.DateTimeField(null=True, blank=True)  # the last progress written
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    message = models.CharField(max_length=300, blank=True)  # how a finished job ended
    version = models.ForeignKey(ListVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    task_id = models.CharField(max_length=64, blank=True)  # its current django-tasks task
    attempts = models.PositiveSmallIntegerField(default=0)  # runs started
    retries = models.JSONField(default=list, blank=True)  # why each earlier run ended

    objects = OwnQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"import of {self.file_name} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)



class JobProgress(StageNumbers, models.Model):
    """What a running job reports every few seconds, in the `progress` store
    (vigil.lists.routers): never blocked or hidden by the import's own transaction."""

    job_id = models.BigIntegerField(unique=True)  # an ImportJob, in the other database
    attempt = models.PositiveSmallIntegerField(default=1)
    worker_id = models.CharField(max_length=64)
    stage = models.CharField(max_length=100, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    rate = models.FloatField(default=0.0)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"progress of job #{self.job_id}"



class WorkerHeartbeat(models.Model):
    """A running `vigil worker`, heard from every few seconds (in the `progress` store)."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host}"
