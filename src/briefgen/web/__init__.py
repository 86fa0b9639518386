"""`briefgen serve`: the department's page, a thin web layer over the same jobs as the command line.

Like `briefgen.cli`, this package sits above every library layer: it calls resolve, briefing, visit,
refresh and the dataset's check, and adds only what a web page needs (sessions, anti-forgery tokens,
uploads, HTML).  No library module imports it (tests/test_layers.py).
"""

from briefgen.web.app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
