"""`briefgen template export`: copy the default Word templates out, to adapt them."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from briefgen.cli.app import app, fail, out
from briefgen.cli.options import QuietOption, apply
from briefgen.errors import BadInputError, BriefgenError, OutputError
from briefgen.output import write_file
from briefgen.resources import templates_dir

template_app = typer.Typer(
    help="The default Word templates: export them to restyle or reword the brief.", no_args_is_help=True
)
app.add_typer(template_app, name="template")


@template_app.command("export")
def export(
    directory: Path = typer.Argument(
        ..., metavar="DIR", help="Folder to copy the templates into (created if missing)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite templates already in DIR."),
    quiet_: bool = QuietOption,
) -> None:
    """Copy the default templates (brief-en.docx, brief-vi.docx) into DIR; edit them in Word and pass one with --template.

    Existing files are never overwritten unless --force is given.

    Example: briefgen template export my-templates
    """
    apply("template export", quiet=quiet_)
    sources = sorted(p for p in templates_dir().glob("*") if p.is_file() and not p.name.startswith("."))
    if not sources:
        fail(BriefgenError(f"no default templates found in {templates_dir()}"))
    if directory.exists() and not directory.is_dir():
        fail(BadInputError(f"{directory} exists and is not a folder"))
    # lexists: a symbolic link in DIR counts as taken even when it points nowhere; with --force the link
    # itself is replaced (write_file), never the file it points to outside DIR.
    existing = [directory / s.name for s in sources if os.path.lexists(directory / s.name)]
    if existing and not force:
        fail(BadInputError(f"not overwriting {', '.join(str(p) for p in existing)}; use --force to replace them"))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(OutputError(f"cannot create the folder {directory}: {exc.strerror or exc}"))
    for source in sources:
        try:
            written = write_file(directory / source.name, source.read_bytes(), force=force)
        except OSError as exc:
            fail(BriefgenError(f"cannot read the bundled template {source}: {exc.strerror or exc}"))
        except BriefgenError as exc:
            fail(exc)
        out.print(f"wrote {written}", markup=False)
