"""What a list may be called: its name is written into CSV files (decisions.csv, `vigil
export-decisions`) and shown on pages, so it is checked once, when a list is imported."""

from django.utils.translation import gettext as _

from vigil.csv_cells import FORMULA_STARTS
from vigil.lists.reading import ListError

MAX_LIST_NAME = 200


def check_list_name(name: str) -> str:
    """The name, stripped; ListError naming the problem when it cannot be a list's name."""
    name = name.strip()
    if not name:
        raise ListError(_("The list needs a name."))
    if len(name) > MAX_LIST_NAME:
        raise ListError(_("The list name is %(n)d characters long; the limit is %(max)d.")
                        % {"n": len(name), "max": MAX_LIST_NAME})
    if name.startswith(FORMULA_STARTS):
        raise ListError(_("The list name “%(name)s” starts with “%(first)s”, which a "
                          "spreadsheet would run as a formula; start it with a letter or "
                          "a digit.") % {"name": name, "first": name[0]})
    if any(not ch.isprintable() for ch in name):
        raise ListError(_("The list name holds a control character; use letters, digits, "
                          "spaces and punctuation."))
    return name
