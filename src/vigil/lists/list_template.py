"""The list template offered on the upload page: Vigil's columns and one example row, as
CSV or XLSX, so an organisation starting a list starts with columns Vigil reads as they are."""

from __future__ import annotations

import io

from vigil.lists.models import DEFAULT_COLUMNS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXAMPLE = {
    "id": "1", "name": "Бяляцкі Алесь Віктаравіч", "name_ru": "Беляцкий Алесь Викторович",
    "name_en": "Ales Bialiatski", "birth_date": "1962-09-25", "gender": "m",
    "region": "Гомель", "occupation": "human rights defender",
    "articles": "ч. 4 ст. 228, ч. 2 ст. 342", "detained_on": "2021-07-14",
    "recognised_on": "2021-07-16", "facility": "", "sentence": "10 years",
    "source_url": "https://spring96.org/",
}
TEMPLATE_ROW = tuple(EXAMPLE.get(c, "") for c in DEFAULT_COLUMNS)


def template_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "list"
    sheet.append(list(DEFAULT_COLUMNS))
    sheet.append(list(TEMPLATE_ROW))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
