"""``python -m graph_build.cli``: the same as the ``sdgkg`` command."""

from graph_build.cli.main import main

main()
