from vigil.linkage.cli import run_link
from vigil.pure_command import PureCommand


class Command(PureCommand):
    help = "Link CSV lists of persons across spellings; write cluster_id,list,id."
    runner = run_link
