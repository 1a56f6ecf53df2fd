"""How an organisation's files name Vigil's columns, remembered per organisation, and the
mapping form's choices (one of Vigil's columns, or none, for each of the file's columns)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vigil.accounts.models import Organisation
from vigil.lists.models import DEFAULT_COLUMNS, NAME_COLUMNS, ColumnMapping
from vigil.lists.reading import ListError


def saved_mapping(organisation: Organisation) -> dict[str, str]:
    """{Vigil's column: the file's header} of the organisation's last import ({} if none)."""
    saved = ColumnMapping.objects.filter(organisation=organisation).first()
    return dict(saved.mapping) if saved else {}


def initial_choices(header: list[str], mapping: dict[str, str]) -> list[str]:
    """Vigil's column first offered for each of the file's columns: as `mapping` says (the
    organisation's last), else the column of the same name, else none ("")."""
    by_header = {theirs: ours for ours, theirs in mapping.items()}
    return [by_header.get(h, h if h in DEFAULT_COLUMNS else "") for h in header]


def mapping_of(header: list[str], choices: list[str]) -> dict[str, str]:
    """{Vigil's column: the file's header} from one choice per file column ("" for a column
    not imported); ListError when a column is chosen twice or id or every name is missing."""
    mapping: dict[str, str] = {}
    for theirs, ours in zip(header, choices, strict=True):
        if not ours:
            continue
        if ours not in DEFAULT_COLUMNS:
            raise ListError(_("“%(col)s” is not one of Vigil's columns.") % {"col": ours})
        if ours in mapping:
            raise ListError(_("The columns “%(a)s” and “%(b)s” are both mapped to %(col)s; "
                              "choose it for one of them.") % {
                "a": mapping[ours], "b": theirs, "col": ours})
        mapping[ours] = theirs
    if "id" not in mapping:
        raise ListError(_("Choose the column that holds the list's own id (id)."))
    if not any(c in mapping for c in NAME_COLUMNS):
        raise ListError(_("Choose the column that holds the name (name, name_be, name_ru or "
                          "name_en)."))
    return mapping
