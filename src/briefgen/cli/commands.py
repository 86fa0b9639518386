"""Imports every command module so that each registers its commands on the app."""

import briefgen.cli.data  # noqa: F401
import briefgen.cli.ingest  # noqa: F401
import briefgen.cli.matrix  # noqa: F401
import briefgen.cli.people  # noqa: F401
import briefgen.cli.template  # noqa: F401
import briefgen.cli.visit  # noqa: F401
