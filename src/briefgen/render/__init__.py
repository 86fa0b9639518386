"""Output formats as plug-ins.

A renderer turns the computed view of a visit into the bytes of one file; it
never writes files itself (`output` does, atomically).  Renderers are found
through the `briefgen.renderers` entry-point group, so a department can add a
format (a slide deck, an ODT) in its own package:

    [project.entry-points."briefgen.renderers"]
    pptx = "mypackage.slides:SlidesRenderer"
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from briefgen.errors import BadInputError

if TYPE_CHECKING:
    from briefgen.viewmodel import Brief, MatrixView

ENTRY_POINT_GROUP = "briefgen.renderers"


@dataclass(frozen=True)
class VisitViews:
    """What a renderer gets for one visit: the brief and the cooperation matrix in its scope."""

    brief: Brief
    matrix: MatrixView


class Renderer(ABC):
    """One output format. Subclasses set the class attributes and implement `render`."""

    name: ClassVar[str]  # short name used on the command line, e.g. "docx"
    suffix: ClassVar[str]  # file suffix, e.g. ".docx"
    kind: ClassVar[str]  # what the file is, for its name, e.g. "brief" or "matrix"
    description: ClassVar[str] = ""
    accepts_template: ClassVar[bool] = False  # True when --template applies to this format

    @abstractmethod
    def render(self, views: VisitViews, *, template: Path | None = None) -> bytes:
        """Return the complete file; raise a BriefgenError subclass when the input is unusable."""


def available_renderers() -> dict[str, type[Renderer]]:
    """Every installed renderer by name, in a stable order (built-ins first)."""
    found: dict[str, type[Renderer]] = {}
    for ep in sorted(
        entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.value.startswith("briefgen."), e.name), reverse=False
    ):
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plug-in must not break briefgen
            raise BadInputError(f"renderer plug-in {ep.name!r} ({ep.value}) failed to load: {exc}") from exc
        if not (isinstance(cls, type) and issubclass(cls, Renderer)):
            raise BadInputError(f"renderer plug-in {ep.name!r} ({ep.value}) is not a briefgen Renderer")
        found[ep.name] = cls
    return dict(sorted(found.items(), key=lambda kv: (kv[1].__module__.split(".")[0] != "briefgen", kv[0])))
