"""Every CSV file Vigil writes goes through here, so that no cell is run by a spreadsheet.

A cell starting with = + - @ tab or CR is a formula to Excel, LibreOffice and Google Sheets
(`=HYPERLINK(...)` in a list name sends a click, with data, anywhere); such text is prefixed
with an apostrophe, as OWASP advises ("CSV Injection"). Numbers are written as they are.
Pure Python: the command-line cores use it too.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer with every cell made safe."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)
