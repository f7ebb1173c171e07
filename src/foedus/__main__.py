"""``python -m foedus``: the command line."""

from foedus.cli.entry import main

main()
