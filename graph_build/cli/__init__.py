"""The ``sdgkg`` command: one module per command, each a thin wrapper around a stage."""
