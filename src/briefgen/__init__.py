"""briefgen: briefings for bilateral visits from a curated, source-cited dataset."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("briefgen")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
