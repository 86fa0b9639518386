"""The `briefgen` command line: thin, and the only place that prints or exits.

`app` holds the typer application; each module of this package registers its
commands on it, and `commands` imports them all.
"""

from briefgen.cli.app import app
from briefgen.cli.main import main

__all__ = ["app", "main"]
