"""Commands of the pure cores: they parse their own arguments and need no database."""

import sys
from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.utils.translation import get_language

from vigil.core_errors import translator

Runner = Callable[..., int]


class PureCommand(BaseCommand):
    runner: Runner
    # The runner takes `translate=` and renders its errors in the command's language.
    translated = False

    def run_from_argv(self, argv: list[str]) -> None:
        options = {"translate": translator(get_language() or "en")} if self.translated else {}
        sys.exit(type(self).runner(argv[2:], sys.stdout, sys.stderr, **options))

    def print_help(self, prog_name: str, subcommand: str) -> None:
        type(self).runner(["--help"], sys.stdout, sys.stderr)
