"""How an organisation's files name Vigil's columns, remembered per organisation."""

from __future__ import annotations

from vigil.accounts.models import Organisation
from vigil.lists.models import ColumnMapping


def saved_mapping(organisation: Organisation) -> dict[str, str]:
    """{Vigil's column: the file's header} of the organisation's last import ({} if none)."""
    saved = ColumnMapping.objects.filter(organisation=organisation).first()
    return dict(saved.mapping) if saved else {}
