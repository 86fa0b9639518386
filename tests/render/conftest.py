"""What the render tests share: printing documents to PDF with LibreOffice, as CI can."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice")


def to_pdf(sources: list[Path], folder: Path, *, timeout: float = 300) -> list[Path]:
    """Each of `sources` printed to a PDF in `folder` by one LibreOffice run with a throw-away profile."""
    subprocess.run(
        [
            SOFFICE or "soffice",
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return [folder / f"{source.stem}.pdf" for source in sources]
