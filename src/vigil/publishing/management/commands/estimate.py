from vigil.figures.cli import run_estimate
from vigil.pure_command import PureCommand


class Command(PureCommand):
    help = "Estimate the undocumented total from overlapping lists (multiple systems estimation)."
    runner = run_estimate
