"""Linking records of several lists into persons (pure Python, no Django).

See docs/linkage.md. The public surface:

- `Record`, `Decision`, `Policy`, `Model` — plain data in (`Model`: learnt weights to reuse);
- `link(records, decisions=(), policy=Policy()) -> LinkResult` — blocking, Fellegi–Sunter
  with EM, clustering under the merge policy of DESIGN §5;
- `vigil.linkage.cli.run_link(argv, stdout, stderr) -> int` — the `vigil link` command.
"""

from .fields import FIELDS, Decision, LinkResult, Merging, Model, PairResult, Policy, Rule, Status
from .link import link
from .records import Record, parse_articles, parse_date, parse_gender, parse_year
from .regions import region_id

__all__ = [
    "FIELDS",
    "Decision",
    "LinkResult",
    "Merging",
    "Model",
    "PairResult",
    "Policy",
    "Record",
    "Rule",
    "Status",
    "link",
    "parse_articles",
    "parse_date",
    "parse_gender",
    "parse_year",
    "region_id",
]
