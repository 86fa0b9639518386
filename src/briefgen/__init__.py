"""briefgen: briefings for bilateral visits from a curated, source-cited YAML dataset.

The names a script may import from `briefgen` are listed in `__all__` and documented in docs/api.md;
everything else is internal and may change.  They are loaded when first used (PEP 562), so
`import briefgen` stays as cheap as the command line's start needs, and the package's face imports
no layer above it (tests/test_layers.py).
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("briefgen")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"

# name -> the module that defines it (one line each: the public API at a glance)
_PUBLIC = {
    "load_dataset": "briefgen.dataset",  # a dataset folder -> Dataset (checked; BadDataError lists every problem)
    "Dataset": "briefgen.dataset",
    "resolve_person": "briefgen.resolve",  # a typed name -> the one person meant, or NameNotResolvedError
    "explain": "briefgen.resolve",  # how a name resolves and why (what `briefgen who` prints)
    "select": "briefgen.selection",  # a visit's records, chosen once: (dataset, person id, visit date) -> Selection
    "Selection": "briefgen.selection",
    "Wording": "briefgen.wording",  # reader text for records, in "en" or "vi"
    "build_brief": "briefgen.briefing",  # -> Brief (viewmodel), from a Selection or chosen on the spot
    "build_matrix": "briefgen.matrix",  # -> MatrixView, of a Selection or of a scope of the dataset
    "build_views": "briefgen.visit",  # the brief and the matrix of one visit, from one selection
    "run_visit": "briefgen.visit",  # name -> documents written, as `briefgen visit` does
    "VisitOptions": "briefgen.visit",
    "BriefgenError": "briefgen.errors",  # every error the library raises derives from it
}
__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
