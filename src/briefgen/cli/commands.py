"""Imports every command module so that each registers its commands on the app."""

from briefgen.cli import data, ingest, matrix, people, refresh, serve, template, visit

__all__ = ["data", "ingest", "matrix", "people", "refresh", "serve", "template", "visit"]
