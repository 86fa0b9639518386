"""Imports every command module so that each registers its commands on the app (what `--help` lists; a run that
names a command imports that command's module alone: cli.main.COMMAND_MODULES, which a test holds to this list)."""

from briefgen.cli import data, ingest, matrix, people, refresh, serve, template, visit

__all__ = ["data", "ingest", "matrix", "people", "refresh", "serve", "template", "visit"]
