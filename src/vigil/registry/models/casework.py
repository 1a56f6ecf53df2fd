"""What happens to a person: cases, custody, recognitions and conditions of detention."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigil.dates import periods_certainly_overlap
from vigil.names import search_index
from vigil.registry.encryption import EncryptedTextField
from vigil.registry.models.base import Record, Sensitivity, partial_date_fields
from vigil.registry.models.people import Person
from vigil.registry.models.vocabulary import Article, ConditionType, Facility
from vigil.web.templatetags.localise import partial_date

PUBLIC, INTERNAL, RESTRICTED = Sensitivity.PUBLIC, Sensitivity.INTERNAL, Sensitivity.RESTRICTED


def _public(*fields: str) -> dict[str, Sensitivity]:
    return dict.fromkeys(fields, PUBLIC)


def check_period_order(record: Record, start: str, end: str) -> None:
    began, ended = record.partial(start), record.partial(end)
    if began and ended and ended.last_day < began.first_day:
        label = record._meta.get_field(end).verbose_name
        raise ValidationError({end: _("%(label)s %(ended)s is before the start, %(began)s.")
                               % {"label": label, "ended": ended, "began": began}})


class Verdict(models.TextChoices):
    PENDING = "pending", _("pending")
    CONVICTED = "convicted", _("convicted")
    ACQUITTED = "acquitted", _("acquitted")
    DISMISSED = "dismissed", _("case closed")


class SentenceKind(models.TextChoices):
    IMPRISONMENT = "imprisonment", _("imprisonment")
    LIFE = "life", _("life imprisonment")
    RESTRICTED_FREEDOM = "restricted_freedom", _("restriction of freedom")
    SUSPENDED = "suspended", _("suspended sentence")
    FINE = "fine", _("fine")
    COMPULSORY_TREATMENT = "compulsory_treatment", _("compulsory psychiatric treatment")
    ARREST = "arrest", _("arrest")


class Regime(models.TextChoices):
    GENERAL = "general", _("general regime colony")
    ENHANCED = "enhanced", _("enhanced regime colony")
    STRICT = "strict", _("strict regime colony")
    SPECIAL = "special", _("special regime colony")
    PRISON = "prison", _("prison")
    SETTLEMENT = "settlement", _("colony-settlement")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("pending")
    UPHELD = "upheld", _("upheld")
    REDUCED = "reduced", _("sentence reduced")
    OVERTURNED = "overturned", _("overturned")


class OfficialRole(models.TextChoices):
    JUDGE = "judge", _("judge")
    PROSECUTOR = "prosecutor", _("prosecutor")


class CourtOfficial(Record):
    """A judge or a prosecutor: named in cases, never a documented person themselves."""

    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=12, choices=OfficialRole.choices)
    court = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("court or office"),
    )
    search_keys = models.TextField(editable=False, default="")

    sensitivity = _public("name", "role", "court", "search_keys")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("court official")
        indexes = [models.Index(fields=["role", "name"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name and, when known, the court: what the case form's field shows and takes."""
        return f"{self.name} ({self.court})" if self.court_id else self.name

    def save(self, *args, **kwargs):
        self.search_keys = search_index(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_keys"}
        super().save(*args, **kwargs)


class Case(Record):
    """One prosecution of one person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cases")
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    charges = models.ManyToManyField(Article, blank=True, verbose_name=_("charges"))
    court = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("court"),
    )
    judge = models.ForeignKey(
        CourtOfficial, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("judge"),
    )
    prosecutor = models.ForeignKey(
        CourtOfficial, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("prosecutor"),
    )
    opened, opened_precision = partial_date_fields(_("case opened"))
    trial_started, trial_started_precision = partial_date_fields(_("trial started"))
    closed_door = models.BooleanField(_("closed-door trial"), default=False)
    in_absentia = models.BooleanField(_("tried in absentia"), default=False)
    verdict = models.CharField(
        _("verdict"), max_length=12, choices=Verdict.choices, default=Verdict.PENDING
    )
    verdict_date, verdict_date_precision = partial_date_fields(_("verdict date"))
    sentence_kind = models.CharField(
        _("sentence"), max_length=24, choices=SentenceKind.choices, blank=True
    )
    sentence_months = models.PositiveIntegerField(_("sentence length (months)"), null=True,
                                                  blank=True)
    regime = models.CharField(_("regime"), max_length=12, choices=Regime.choices, blank=True)
    appeal_date, appeal_date_precision = partial_date_fields(_("appeal decided"))
    appeal_outcome = models.CharField(
        _("appeal outcome"), max_length=12, choices=AppealOutcome.choices, blank=True
    )
    lawyer = EncryptedTextField(_("lawyer and contacts"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    scope_parents = ("person",)
    sensitivity = {
        **_public(
            "person", "charges", "court", "judge", "prosecutor", "opened", "opened_precision",
            "trial_started", "trial_started_precision", "closed_door", "in_absentia", "verdict",
            "verdict_date", "verdict_date_precision", "sentence_kind", "sentence_months",
            "regime", "appeal_date", "appeal_date_precision", "appeal_outcome",
        ),
        "case_number": INTERNAL,
        "notes": INTERNAL,
        "lawyer": RESTRICTED,
    }
    _history_m2m_fields = ["charges"]  # each version keeps the charges it had

    def __str__(self) -> str:
        return self.case_number or _("case #%(id)s") % {"id": self.pk}

    @property
    def heading(self) -> str:
        """Articles, court and verdict: what a reader needs to tell one case from another."""
        articles = ", ".join(a.reader_label for a in self.charges.all()) or _("no charge recorded")
        parts = [articles, str(self.court) if self.court_id else _("court not recorded"),
                 self.get_verdict_display()]
        return " · ".join(str(part) for part in parts)

    def clean(self):
        check_period_order(self, "opened", "verdict_date")
        check_period_order(self, "verdict_date", "appeal_date")
        if self.sentence_months is not None and not self.sentence_kind:
            raise ValidationError({"sentence_kind": _("Say what kind of sentence this is.")})


class CustodyKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("administrative arrest")
    PRETRIAL = "pretrial", _("pre-trial detention")
    SENTENCE = "sentence", _("serving a sentence")
    HOUSE_ARREST = "house_arrest", _("house arrest")
    PSYCHIATRIC = "psychiatric", _("psychiatric confinement")


class EndReason(models.TextChoices):
    SERVED = "served", _("sentence served")
    PARDONED = "pardoned", _("pardoned")
    AMNESTIED = "amnestied", _("amnestied")
    ACQUITTED = "acquitted", _("acquitted")
    RELEASED = "released", _("released pending trial")
    # A pre-trial period ends with the verdict; the sentence goes on in the next period.
    SENTENCED = "sentenced", _("sentenced")
    SENTENCE_CHANGED = "sentence_changed", _("sentence changed to a non-custodial one")
    EXCHANGED = "exchanged", _("exchanged")
    DIED = "died", _("died in custody")
    EXILED = "exiled", _("released to exile")
    OTHER = "other", _("other")


class CustodyPeriod(Record):
    """One continuous deprivation of liberty; open while `ended` is empty."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="custody_periods")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="custody_periods",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CustodyKind.choices)
    started, started_precision = partial_date_fields(_("from"), required=True)
    ended, ended_precision = partial_date_fields(_("to"))
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    notes = models.TextField(_("internal notes"), blank=True)

    scope_parents = ("person",)
    sensitivity = {
        **_public("person", "case", "kind", "started", "started_precision", "ended",
                  "ended_precision", "end_reason"),
        "notes": INTERNAL,
    }

    class Meta:
        ordering = ["started", "pk"]

    def __str__(self) -> str:
        """"pre-trial detention 30 April 2023 – …", the dates in the reader's language."""
        ended = partial_date(self, "ended")
        return f"{self.get_kind_display()} {partial_date(self, 'started')} – {ended or '…'}"

    def clean(self):
        if self.started is None:
            return
        check_period_order(self, "started", "ended")
        if self.end_reason and not self.ended:
            raise ValidationError({"ended": _("A period with an end reason needs its end date.")})
        if self.ended and not self.end_reason:
            raise ValidationError({"end_reason": _("Say how this period ended.")})

    def check_no_overlap(self, periods) -> None:
        """Refuse a period that certainly overlaps another live one of the same person.

        `periods` are those the person saving may see (their organisation's and those shared
        with it), never more: a message about a period one may not see would describe it.
        A period of another organisation that stays hidden is not checked. It corrupts
        nothing: figures merge a person's overlapping periods before counting (each person
        counts once), and each organisation's own periods are always checked together,
        since its members see them all. See docs/security.md.
        """
        others = periods.filter(person_id=self.person_id, deleted_at__isnull=True).exclude(
            pk=self.pk)
        for other in others:
            if periods_certainly_overlap(
                self.partial("started"), self.partial("ended"),
                other.partial("started"), other.partial("ended"),
            ):
                raise ValidationError({"started": _(
                    "This period overlaps another custody period of this person (%(other)s)."
                ) % {"other": other}})


class Placement(Record):
    """Where a detained person was held, within one custody period."""

    custody = models.ForeignKey(CustodyPeriod, on_delete=models.CASCADE, related_name="placements")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, verbose_name=_("facility"))
    since, since_precision = partial_date_fields(_("since"))
    until, until_precision = partial_date_fields(_("until"))

    scope_parents = ("custody", "custody__person")
    sensitivity = _public("custody", "facility", "since", "since_precision", "until",
                          "until_precision")

    class Meta:
        ordering = ["since", "pk"]

    def clean(self):
        check_period_order(self, "since", "until")


class RecognitionStatus(models.TextChoices):
    RECOGNISED = "recognised", _("recognised as a political prisoner")
    UNDER_REVIEW = "under_review", _("under review")
    NOT_RECOGNISED = "not_recognised", _("documented but not recognised")
    WITHDRAWN = "withdrawn", _("recognition withdrawn")


class Recognition(Record):
    """Organisation X recognises person P (the owning organisation is the one that decides)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="recognitions")
    status = models.CharField(_("status"), max_length=16, choices=RecognitionStatus.choices)
    since, since_precision = partial_date_fields(_("since"), required=True)
    until, until_precision = partial_date_fields(_("until"))
    statement = models.ForeignKey(
        "registry.Statement", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="recognitions", verbose_name=_("statement"),
    )
    grounds = models.TextField(_("grounds"), blank=True)

    scope_parents = ("person",)
    sensitivity = _public("person", "status", "since", "since_precision", "until",
                          "until_precision", "statement", "grounds")

    class Meta:
        ordering = ["since", "pk"]

    def clean(self):
        if self.since:
            check_period_order(self, "since", "until")


class ConditionReport(Record):
    """A dated act against a detained person; its description carries its own sensitivity."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="condition_reports")
    custody = models.ForeignKey(
        CustodyPeriod, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="condition_reports", verbose_name=_("custody period"),
    )
    condition = models.ForeignKey(ConditionType, on_delete=models.PROTECT,
                                  verbose_name=_("condition"))
    started, started_precision = partial_date_fields(_("date or start"), required=True)
    ended, ended_precision = partial_date_fields(_("until"))
    # Encrypted whatever its class: a description can be made restricted at any time.
    description = EncryptedTextField(_("description"), blank=True)
    description_sensitivity = models.CharField(
        _("sensitivity of the description"), max_length=12, choices=Sensitivity.choices,
        default=Sensitivity.RESTRICTED,
    )

    scope_parents = ("person",)
    sensitivity = _public("person", "custody", "condition", "started", "started_precision",
                          "ended", "ended_precision", "description_sensitivity")
    sensitivity_columns = {"description": "description_sensitivity"}

    class Meta:
        ordering = ["started", "pk"]

    @classmethod
    def sensitivity_of(cls, field: str) -> Sensitivity:
        # Without an instance, assume the strictest class the description can have.
        if field == "description":
            return RESTRICTED
        return super().sensitivity_of(field)

    def clean(self):
        if self.started:
            check_period_order(self, "started", "ended")
