"""``python -m foedus``: the command line."""

from foedus.cli.main import run

run()
