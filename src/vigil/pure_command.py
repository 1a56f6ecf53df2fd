"""Commands of the pure cores: they parse their own arguments and need no database."""

import sys
from collections.abc import Callable
from typing import TextIO

from django.core.management.base import BaseCommand

Runner = Callable[[list[str], TextIO, TextIO], int]


class PureCommand(BaseCommand):
    runner: Runner

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(type(self).runner(argv[2:], sys.stdout, sys.stderr))

    def print_help(self, prog_name: str, subcommand: str) -> None:
        type(self).runner(["--help"], sys.stdout, sys.stderr)
