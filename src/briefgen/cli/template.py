"""`briefgen template export`: copy the default Word templates out, to adapt them."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer

from briefgen.cli.app import app, fail, out
from briefgen.cli.options import QuietOption, apply
from briefgen.errors import BadInputError, BriefgenError, OutputError
from briefgen.resources import templates_dir

template_app = typer.Typer(help="The default Word templates: export them to restyle or reword the brief.",
                           no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.command("export")
def export(
    directory: Path = typer.Argument(..., metavar="DIR", help="Folder to copy the templates into (created if missing)."),
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
    existing = [directory / s.name for s in sources if (directory / s.name).exists()]
    if existing and not force:
        fail(BadInputError(f"not overwriting {', '.join(str(p) for p in existing)}; use --force to replace them"))
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for source in sources:
            shutil.copyfile(source, directory / source.name)
            out.print(f"wrote {directory / source.name}", markup=False)
    except OSError as exc:
        fail(OutputError(f"cannot write to {directory}: {exc.strerror or exc}"))
