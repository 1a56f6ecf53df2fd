"""Forms for every record: partial dates, citations of sources, optimistic locking."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vigil.accounts.actors import Actor
from vigil.accounts.models import Organisation, OrganisationKind
from vigil.dates import PartialDate, PartialDateError
from vigil.registry import models as m
from vigil.registry.history_m2m import one_version


class PartialDateField(forms.CharField):
    """Text in one of the forms YYYY, YYYY-MM, YYYY-MM-DD, cleaned to a PartialDate."""

    def __init__(self, *, allow_future: bool = False, **kwargs):
        self.allow_future = allow_future
        kwargs.setdefault("help_text", _("YYYY, YYYY-MM or YYYY-MM-DD"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 10, "size": 10}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except PartialDateError as exc:
            raise forms.ValidationError(self._not_a_date(text, exc), code="invalid_date") from None

    def _not_a_date(self, text: str, exc: PartialDateError) -> str:
        """The field, what was typed and the forms taken; a calendar's reason ("February
        2023 has 28 days") when the form was right."""
        reason = str(exc).partition(" is not a date: ")[2]
        if reason.startswith("write "):
            return _("%(label)s: “%(text)s” is not a date. Write a year (2021), a month "
                     "(2021-02) or a day (2021-02-14).") % {"label": self.label, "text": text}
        return _("%(label)s: “%(text)s” is not a date: %(reason)s.") % {
            "label": self.label, "text": text, "reason": reason}

    def validate(self, value):
        super().validate(value)
        if value and not self.allow_future and value.first_day > timezone.localdate():
            raise forms.ValidationError(
                _("%(label)s: %(date)s is in the future; give a date that has passed.")
                % {"label": self.label, "date": value}, code="future_date")

    def prepare_value(self, value):
        return str(value) if isinstance(value, PartialDate) else value


class DayField(forms.DateField):
    """One day typed as text, YYYY-MM-DD: not the browser's date picker, whose mm/dd/yyyy
    follows the browser's locale rather than the page's language."""

    input_formats = ["%Y-%m-%d"]

    def __init__(self, **kwargs):
        kwargs["help_text"] = kwargs.get("help_text") or _("YYYY-MM-DD, e.g. 2023-04-30")
        kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d", attrs={
            "inputmode": "numeric", "maxlength": 10, "size": 10}))
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("%(label)s: “%(text)s” is not a day. Write it as YYYY-MM-DD, e.g. 2023-04-30.")
                % {"label": self.label, "text": value}, code="invalid") from None


def https_by_default(db_field, **kwargs):
    """A typed address without a scheme is taken as https:// (Django 6's default already)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


CITATION_FIELDS = ("cite_sources", "citation_field", "citation_claim", "citation_locator",
                   "new_source_title", "new_source_url")


class RecordMeta:
    formfield_callback = https_by_default


class RecordForm(forms.ModelForm):
    """A record's form: partial dates mapped to their two columns, a version to lock on,
    and the sources the documenter cites for the record."""

    partial_dates: tuple[str, ...] = ()
    required_dates: tuple[str, ...] = ()
    # Dates that may lie ahead (a scheduled hearing); every other date must have passed.
    future_dates: tuple[str, ...] = ()

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    cite_sources = forms.ModelMultipleChoiceField(
        queryset=m.Source.objects.none(), required=False, label=_("Sources for this record"),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    citation_field = forms.ChoiceField(
        required=False, label=_("Fact the source gives"),
        help_text=_("Leave empty when the source supports the whole record."),
    )
    citation_claim = forms.CharField(
        required=False, max_length=300, label=_("Value the source gives for that fact"),
        help_text=_("When sources disagree (a birth year, a sentence), cite each with its "
                    "value: both are kept and shown side by side."),
    )
    citation_locator = forms.CharField(
        required=False, max_length=500, label=_("Page, paragraph or quote in the source")
    )
    new_source_title = forms.CharField(
        required=False, max_length=500, label=_("A new source to cite as well: title")
    )
    new_source_url = forms.URLField(required=False, max_length=1000, assume_scheme="https",
                                    label=_("New source: address (URL)"))

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        for name in self.partial_dates:
            self.fields[name] = PartialDateField(
                label=self.Meta.model._meta.get_field(name).verbose_name.capitalize(),
                required=name in self.required_dates,
                allow_future=name in self.future_dates,
                initial=self.instance.partial(name) if self.instance.pk else None,
            )
        self._drop_fields_hidden_from_actor()
        self._scope_record_choices()
        self.fields["cite_sources"].queryset = m.Source.objects.for_actor(actor)
        self.fields["citation_field"].choices = [("", "—")] + [
            (name, self.fields[name].label) for name in self.Meta.fields
            if name in self.fields and name != "visibility"
        ]
        self.fields["version"].initial = self.instance.version
        # Keep the typed fields in the order they were declared, citation fields last.
        citation = [*CITATION_FIELDS]
        order = [f for f in self.Meta.fields if f in self.fields] + citation + ["version"]
        self.order_fields(order)

    def _drop_fields_hidden_from_actor(self):
        """A form never shows (nor takes) a field its user may not read."""
        owner = self.instance.organisation_id or self.actor.organisation_id
        model_fields = {f.name for f in self.Meta.model._meta.get_fields()}
        for name in [n for n in self.fields if n in model_fields]:
            if not self.actor.may_see(self.instance.field_sensitivity(name), owner):
                del self.fields[name]

    def _scope_record_choices(self):
        """Choices of linked records offer only records the user may see, so that neither a
        menu nor a "not a valid choice" message reveals another organisation's record."""
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, m.Record):
                field.queryset = queryset.for_actor(self.actor)

    def _post_clean(self):
        # The model keeps the first day in the field and the precision beside it.
        for name in self.partial_dates:
            if name in self.cleaned_data:
                value = self.cleaned_data[name]
                self.instance.set_partial(name, value)
                self.cleaned_data[name] = value.first_day if value else None
        super()._post_clean()

    def save_record(self, user, organisation_id: int) -> m.Record:
        """Create or update the record and its citations in one transaction.

        Raises VersionConflict, writing nothing, when someone saved the record meanwhile.
        """
        record = self.instance
        with transaction.atomic():
            if record.pk is None:
                record.organisation_id = organisation_id
                record.created_by = user
                record.save()
            else:
                record.save_versioned(self.cleaned_data.get("version") or 0)
            self._save_m2m()
            self._save_citations(record, user)
        return record

    def _save_m2m(self):
        with one_version(self.instance):  # one history row a save, its sets included
            super()._save_m2m()

    def clean(self):
        cleaned = super().clean()
        cites = cleaned.get("cite_sources") or cleaned.get("new_source_title")
        if (cleaned.get("citation_field") or cleaned.get("citation_claim")) and not cites:
            self.add_error("cite_sources", _("Choose the source that gives this fact."))
        if cleaned.get("new_source_url") and not cleaned.get("new_source_title"):
            self.add_error("new_source_title", _("Give the new source a title."))
        return cleaned

    def _save_citations(self, record: m.Record, user) -> None:
        sources = list(self.cleaned_data.get("cite_sources") or [])
        title = self.cleaned_data.get("new_source_title")
        if title:
            sources.append(
                m.Source.objects.create(
                    organisation_id=record.organisation_id,
                    visibility=record.visibility,
                    kind=m.SourceKind.OTHER,
                    title=title,
                    url=self.cleaned_data.get("new_source_url") or "",
                    created_by=user,
                )
            )
        content_type = ContentType.objects.get_for_model(record)
        for source in sources:
            m.Citation.objects.create(
                organisation_id=record.organisation_id,
                visibility=record.visibility,
                source=source,
                content_type=content_type,
                object_id=record.pk,
                locator=self.cleaned_data.get("citation_locator") or "",
                field=self.cleaned_data.get("citation_field") or "",
                claimed_value=self.cleaned_data.get("citation_claim") or "",
                created_by=user,
            )


SPELLINGS = {
    # form field: (language, script, kind) of the name variant it makes
    "name_be": (m.Language.BE, m.Script.CYRILLIC, m.NameKind.BELARUSIAN),
    "name_ru": (m.Language.RU, m.Script.CYRILLIC, m.NameKind.RUSSIAN),
    "name_latin": (m.Language.EN, m.Script.LATIN, m.NameKind.LATIN),
}


class PersonForm(RecordForm):
    """A new person with every spelling known at once; the first one given is shown first.

    `primary_name` (one spelling whose language is guessed from its letters) is still taken,
    for the API and for callers that know one spelling only.
    """

    partial_dates = ("birth_date",)
    name_be = forms.CharField(required=False, max_length=300,
                              label=_("Name in Belarusian (Cyrillic)"))
    name_ru = forms.CharField(required=False, max_length=300,
                              label=_("Name in Russian (Cyrillic)"))
    name_latin = forms.CharField(required=False, max_length=300, label=_("Name in Latin letters"),
                                 help_text=_("A transliteration or Łacinka, e.g. Ales Bialiatski."))

    class Meta(RecordMeta):
        model = m.Person
        fields = ["name_be", "name_ru", "name_latin", "birth_date", "gender", "region",
                  "occupations", "tracking_status", "summary", "notes", "health", "relatives",
                  "visibility"]
        widgets = {"occupations": forms.CheckboxSelectMultiple}

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(_spelling_from_primary_name(data), *args, **kwargs)
        if self.instance.pk:
            # Renaming happens on the name variants themselves.
            for name in SPELLINGS:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            return cleaned
        for name in SPELLINGS:
            text = cleaned.get(name) or ""
            cyrillic = bool(set(text.lower()) & CYRILLIC_LETTERS)
            if text and cyrillic != (name != "name_latin"):
                self.add_error(name, _("%(label)s: “%(text)s” is not in that script.")
                               % {"label": self.fields[name].label, "text": text})
        if not any(cleaned.get(name) for name in SPELLINGS):
            self.add_error("name_be", _("Give the person's name in at least one spelling."))
        return cleaned

    def save_record(self, user, organisation_id):
        with transaction.atomic():
            person = super().save_record(user, organisation_id)
            if not self.fields.get("name_be"):
                return person
            spellings = [(name, self.cleaned_data[name]) for name in SPELLINGS
                         if self.cleaned_data.get(name)]
            for n, (name, text) in enumerate(spellings):
                language, script, kind = SPELLINGS[name]
                if name == "name_latin" and set(text.lower()) & LACINKA_LETTERS:
                    kind = m.NameKind.LACINKA
                m.NameVariant.objects.create(
                    person=person, organisation_id=organisation_id,
                    visibility=person.visibility, text=text, language=language, script=script,
                    kind=kind, is_primary=n == 0, created_by=user)
        return person


def _spelling_from_primary_name(data):
    """Data naming one `primary_name`, put in the spelling field its letters suggest."""
    if data is None or not data.get("primary_name") or any(data.get(n) for n in SPELLINGS):
        return data
    data = data.copy()
    tags = guess_name_tags(data["primary_name"])
    field = {m.Language.BE: "name_be", m.Language.RU: "name_ru"}.get(tags["language"],
                                                                      "name_latin")
    data[field] = data["primary_name"]
    return data


def guess_name_tags(text: str) -> dict[str, str]:
    """Language, script and kind of a spelling, from its letters (the documenter can fix them)."""
    letters = set(text.lower())
    if not letters & CYRILLIC_LETTERS:
        kind = m.NameKind.LACINKA if letters & LACINKA_LETTERS else m.NameKind.LATIN
        return {"language": m.Language.EN, "script": m.Script.LATIN, "kind": kind}
    if letters & set("іў’'"):
        return {"language": m.Language.BE, "script": m.Script.CYRILLIC,
                "kind": m.NameKind.BELARUSIAN}
    return {"language": m.Language.RU, "script": m.Script.CYRILLIC, "kind": m.NameKind.RUSSIAN}


CYRILLIC_LETTERS = {chr(c) for c in range(0x0430, 0x0460)}
LACINKA_LETTERS = set("čšžłŭćńśź")


class PersonChildForm(RecordForm):
    """A record about one person; the person is fixed by the page, not by the form."""

    def __init__(self, *args, person: m.Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        if not self.instance.pk:
            self.fields["visibility"].initial = person.visibility
        self.person = person


class NameVariantForm(PersonChildForm):
    class Meta(RecordMeta):
        model = m.NameVariant
        fields = ["text", "language", "script", "kind", "is_primary", "visibility"]


class AffiliationForm(PersonChildForm):
    partial_dates = ("since", "until")

    class Meta(RecordMeta):
        model = m.Affiliation
        fields = ["affiliated_with", "role", "since", "until", "visibility"]


class OfficialField(forms.CharField):
    """A judge or prosecutor typed by name (the picker script suggests recorded ones).

    The text is looked up among the court officials of that role the user may see: by their
    label ("Name (Court)"), then by name, then as an id (what the API and the picker send).
    One match is that official; several are refused, listing their labels to type; none
    makes a new official when the case is saved. No list of every official is ever sent.
    """

    def __init__(self, *, role: str, **kwargs):
        self.role = role
        self.officials = m.CourtOfficial.objects.none()
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("help_text", _(
            "Type the name; a name not yet recorded adds a new court official."))
        super().__init__(required=False, **kwargs)
        self.widget.attrs.update({"data-official-search": role, "autocomplete": "off"})

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        found = self._lookup(text)
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several officials are called %(name)s: type one of %(labels)s.")
                % {"name": text, "labels": "; ".join(o.label for o in found)},
                code="ambiguous_official")
        return found[0] if found else m.CourtOfficial(name=text, role=self.role)

    def _lookup(self, text: str) -> list:
        officials = self.officials.filter(role=self.role).select_related("court")
        named = [o for o in officials.filter(name__iexact=text.split(" (")[0].strip())]
        by_label = [o for o in named if o.label.casefold() == text.casefold()]
        if by_label or named:
            return by_label or named
        return list(officials.filter(pk=int(text))) if text.isdigit() else []

    def prepare_value(self, value):
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            value = self.officials.filter(pk=value).select_related("court").first() or value
        return value.label if isinstance(value, m.CourtOfficial) else value


class CaseForm(PersonChildForm):
    partial_dates = ("opened", "trial_started", "verdict_date", "appeal_date")
    future_dates = ("trial_started",)  # a trial is often scheduled before it begins
    officials = ("judge", "prosecutor")
    judge = OfficialField(role=m.OfficialRole.JUDGE, label=_("Judge"))
    prosecutor = OfficialField(role=m.OfficialRole.PROSECUTOR, label=_("Prosecutor"))

    class Meta(RecordMeta):
        model = m.Case
        fields = ["case_number", "charges", "court", "judge", "prosecutor", "opened",
                  "trial_started", "closed_door", "in_absentia", "verdict", "verdict_date",
                  "sentence_kind", "sentence_months", "regime", "appeal_date", "appeal_outcome",
                  "lawyer", "notes", "visibility"]
        widgets = {"charges": forms.SelectMultiple(attrs={"size": 8})}

    new_article_code = forms.ChoiceField(
        required=False, label=_("An article missing from the list: code"),
        choices=[("CC", _("Criminal Code")), ("CAO", _("Code of Administrative Offences"))])
    new_article_number = forms.CharField(
        required=False, max_length=10, label=_("Article"), help_text=_("e.g. 361-4 or 24.23"))
    new_article_part = forms.CharField(required=False, max_length=10, label=_("Part"))
    new_article_title = forms.CharField(
        required=False, max_length=300, label=_("Title of the article"),
        help_text=_("The charge is recorded at once; a reviewer of your organisation confirms "
                    "the article into the list everyone is offered."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charges"].queryset = m.Article.objects.offered_to(
            self.actor.organisation_id)
        names = [n for n in self.fields if not n.startswith("new_article_")]
        at = names.index("charges") + 1
        self.order_fields(names[:at] + [n for n in self.fields if n.startswith("new_article_")]
                          + names[at:])
        self.fields["court"].queryset = Organisation.objects.filter(kind=OrganisationKind.COURT)
        visible = m.CourtOfficial.objects.for_actor(self.actor)
        for name in self.officials:
            if name in self.fields:
                self.fields[name].officials = visible

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_article_number") and not cleaned.get("new_article_title"):
            self.add_error("new_article_title", _("Give the title of the new article."))
        if cleaned.get("new_article_title") and not cleaned.get("new_article_number"):
            self.add_error("new_article_number", _("Give the number of the new article."))
        return cleaned

    def proposed_article(self, user) -> m.Article | None:
        """The article typed in the form, proposed for review unless it is already known."""
        number = self.cleaned_data.get("new_article_number")
        if not number:
            return None
        article, created = m.Article.objects.get_or_create(
            country="BY", code=self.cleaned_data["new_article_code"] or "CC", article=number,
            part=self.cleaned_data.get("new_article_part") or "",
            defaults={**self._titles(self.cleaned_data["new_article_title"]), "confirmed": False,
                      "proposed_by": user, "proposed_at": timezone.now(),
                      "proposed_by_organisation_id": self.actor.organisation_id})
        return article

    @staticmethod
    def _titles(title: str) -> dict[str, str]:
        """The title as typed, in the reader's language (and in English until translated)."""
        language = (get_language() or "en")[:2]
        titles = {"title_en": title}
        if language in ("be", "ru"):
            titles[f"title_{language}"] = title
        return titles

    def save_record(self, user, organisation_id):
        with transaction.atomic():
            for name in self.officials:
                official = getattr(self.instance, name)
                if official is not None and official.pk is None:
                    official.organisation_id = organisation_id
                    official.visibility = self.instance.visibility
                    if name == "judge":  # a new judge sits in the case's court
                        official.court_id = self.instance.court_id
                    official.created_by = user
                    official.save()
                    setattr(self.instance, name, official)
            case = super().save_record(user, organisation_id)
            article = self.proposed_article(user)
            if article is not None:
                with one_version(case):
                    case.charges.add(article)
            return case


class CustodyForm(PersonChildForm):
    partial_dates = ("started", "ended")
    required_dates = ("started",)

    class Meta(RecordMeta):
        model = m.CustodyPeriod
        fields = ["kind", "started", "ended", "end_reason", "case", "notes", "visibility"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = m.Case.objects.for_actor(self.actor).filter(
            person=self.person
        )

    def _post_clean(self):
        super()._post_clean()
        if not self.errors and self.instance.started is not None:
            try:
                self.instance.check_no_overlap(m.CustodyPeriod.objects.for_actor(self.actor))
            except forms.ValidationError as exc:
                self._update_errors(exc)


class CaseCustodyForm(CustodyForm):
    """The custody period typed on the new case's page: linked to that case, shared and
    sourced as it is. Left empty, it is no period at all."""

    prefix = "custody"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [*CITATION_FIELDS, "case", "visibility", "version"]:
            self.fields.pop(name, None)
        self.fields["kind"].required = False

    def is_empty(self) -> bool:
        return self.is_bound and not any(
            self.data.get(self.add_prefix(name)) for name in ("kind", "started", "ended"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("kind"):
            self.add_error("kind", _("Say what kind of custody this is."))
        return cleaned

    def save_for(self, case: m.Case, user) -> m.CustodyPeriod:
        self.instance.case = case
        self.instance.visibility = case.visibility
        custody = self.save_record(user, case.organisation_id)
        content_type = ContentType.objects.get_for_model(custody)
        for citation in m.Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(case), object_id=case.pk):
            m.Citation.objects.create(
                organisation_id=custody.organisation_id, visibility=custody.visibility,
                source_id=citation.source_id, content_type=content_type, object_id=custody.pk,
                locator=citation.locator, created_by=user)
        return custody


class PlacementForm(PersonChildForm):
    partial_dates = ("since", "until")

    class Meta(RecordMeta):
        model = m.Placement
        fields = ["custody", "facility", "since", "until", "visibility"]

    def __init__(self, *args, person, **kwargs):
        # A placement hangs from a custody period, not directly from the person.
        RecordForm.__init__(self, *args, **kwargs)
        self.person = person
        self.fields["custody"].queryset = m.CustodyPeriod.objects.for_actor(self.actor).filter(
            person=person
        )


class RecognitionForm(PersonChildForm):
    partial_dates = ("since", "until")
    required_dates = ("since",)

    class Meta(RecordMeta):
        model = m.Recognition
        fields = ["status", "since", "until", "statement", "grounds", "visibility"]


class ConditionReportForm(PersonChildForm):
    partial_dates = ("started", "ended")
    required_dates = ("started",)

    class Meta(RecordMeta):
        model = m.ConditionReport
        fields = ["condition", "started", "ended", "custody", "description",
                  "description_sensitivity", "visibility"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["custody"].queryset = m.CustodyPeriod.objects.for_actor(self.actor).filter(
            person=self.person
        )


class SourceForm(RecordForm):
    partial_dates = ("published_on",)

    class Meta(RecordMeta):
        model = m.Source
        fields = ["kind", "title", "url", "publisher", "published_on", "reliability",
                  "archived_file", "witness_contact", "notes", "visibility"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CITATION_FIELDS:
            del self.fields[name]

    def save_record(self, user, organisation_id):
        uploaded = self.cleaned_data.get("archived_file")
        if isinstance(uploaded, UploadedFile):
            self.instance.archive(uploaded, user)
        return super().save_record(user, organisation_id)

    def _save_citations(self, record, user):
        pass


PERSON_RECORD_FORMS: dict[str, type[RecordForm]] = {
    "name": NameVariantForm,
    "affiliation": AffiliationForm,
    "case": CaseForm,
    "custody": CustodyForm,
    "placement": PlacementForm,
    "recognition": RecognitionForm,
    "condition": ConditionReportForm,
}
