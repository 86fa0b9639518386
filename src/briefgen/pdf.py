"""PDF copies of the documents through LibreOffice, when it is installed.

LibreOffice runs headless with a throw-away profile (two conversions at once
with a shared profile block each other), writes into a temporary folder, and
the PDFs are then written beside the documents through `output`, so the
no-overwrite rule holds for them too.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from briefgen.errors import OutputError
from briefgen.output import write_new

TIMEOUT_SECONDS = 180


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(documents: list[Path], out_dir: Path, *, force: bool = False) -> list[Path]:
    soffice = soffice_path()
    if soffice is None:
        raise OutputError("LibreOffice (soffice) is not installed")
    written = []
    with tempfile.TemporaryDirectory(prefix="briefgen-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", tmp, *map(str, documents)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise OutputError(f"LibreOffice took more than {TIMEOUT_SECONDS} s to convert to PDF") from exc
        for document in documents:
            pdf = Path(tmp, document.stem + ".pdf")
            if not pdf.is_file():
                detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
                raise OutputError(f"LibreOffice did not convert {document.name} to PDF ({detail[0]})")
            written.append(write_new(out_dir, document.stem, ".pdf", pdf.read_bytes(), force=force))
    return written
