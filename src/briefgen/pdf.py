"""PDF copies of the documents through LibreOffice, when it is installed.

LibreOffice runs headless with a throw-away profile (two conversions at once
with a shared profile block each other), writes into a temporary folder, and
the PDFs are then written beside the documents through `output`, so the
no-overwrite rule holds for them too.

Hardening (see docs/reliability.md):
- The profile is written before LibreOffice starts with links never updated, macros off, and
  BlockUntrustedRefererLinks on: without it, a picture *linked* in a document was fetched from its
  address and a local file's picture was embedded in the PDF (tried).  (briefgen's templates are
  also refused when they hold such links: see render/template_check.)
- LibreOffice is started as `soffice.bin` itself where it can be (the `soffice` script execs
  `oosplash`, which starts `soffice.bin` as its own child and restarts it when a new profile asks
  for it: exit code 81), in a process group of its own, and asks the kernel for SIGKILL when the
  process that started it ends; on any interruption the whole group is killed.
- Temporary folders carry the pid of the run that made them; one whose run no longer exists (it
  was killed outright) is removed by the next conversion.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

from briefgen.errors import OutputError
from briefgen.interrupts import hold_interrupts, release_interrupts
from briefgen.lifetime import child_setup
from briefgen.output import write_new

TIMEOUT_SECONDS = 180
RESTART_CODE = 81  # soffice.bin: "restart me" (after setting up a new profile); oosplash does it, so do we
MAX_STARTS = 3
TEMP_PREFIX = "briefgen-pdf-"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-")

# The settings of the throw-away profile: nothing is fetched, no link updated, no macro run.
PROFILE_SETTINGS = {
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks"): "true",
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution"): "true",
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel"): "3",
    ("/org.openoffice.Office.Writer/Content/Update", "Link"): "0",  # Writer: 0 never, 1 on request, 2 always
    ("/org.openoffice.Office.Calc/Content/Update", "Link"): "1",  # Calc: 0 always, 1 never, 2 on request
}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_program(found: str) -> str:
    """`soffice.bin` next to the real `soffice` (the script), when it is there; else what was found."""
    real = Path(os.path.realpath(found))
    binary = real.with_name("soffice.bin")
    return str(binary) if binary.is_file() and os.access(binary, os.X_OK) else found


def write_profile(profile: Path) -> None:
    """A LibreOffice user profile holding only PROFILE_SETTINGS."""
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
        for (path, name), value in PROFILE_SETTINGS.items()
    )
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n",
        encoding="utf-8",
    )


def remove_stale_folders(directory: str | None = None) -> list[Path]:
    """Remove this user's briefgen-pdf-PID-* folders whose process no longer exists; returns them."""
    directory = directory or tempfile.gettempdir()
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or _alive(int(match.group(1))):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL does not take this long
        pass


def _run_office(command: list[str], deadline: float, tmp: str) -> subprocess.CompletedProcess:
    """Run LibreOffice in a process group of its own, restarting it when it asks; the group is killed
    when the deadline passes or anything interrupts the wait (Ctrl-C, SIGTERM turned into Terminated)."""
    for _ in range(MAX_STARTS):
        # A preexec_fn runs the interpreter's at-fork callbacks, where a SIGTERM or Ctrl-C would be dropped
        # (see briefgen.interrupts): held until LibreOffice is started, and then raised, which stops it.
        held = hold_interrupts()
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
                preexec_fn=child_setup(os.getpid()),
                env={**os.environ, "TMPDIR": tmp},
            )  # its own temporary files go with ours
        except BaseException:
            release_interrupts(held)
            raise
        try:
            release_interrupts(held)
            stdout, stderr = process.communicate(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired as exc:
            _kill_group(process)
            raise OutputError(f"LibreOffice took more than {TIMEOUT_SECONDS} s to convert to PDF") from exc
        except BaseException:
            _kill_group(process)
            raise
        if process.returncode != RESTART_CODE:
            break
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def convert_to_pdf(documents: list[Path], out_dir: Path, *, force: bool = False) -> list[Path]:
    soffice = soffice_path()
    if soffice is None:
        raise OutputError("LibreOffice (soffice) is not installed")
    remove_stale_folders()
    written = []
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as tmp:
        profile = Path(tmp, "profile")
        write_profile(profile)
        command = [
            office_program(soffice),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            *map(str, documents),
        ]
        result = _run_office(command, time.monotonic() + TIMEOUT_SECONDS, tmp)
        for document in documents:
            pdf = Path(tmp, document.stem + ".pdf")
            if not pdf.is_file():
                detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
                raise OutputError(f"LibreOffice did not convert {document.name} to PDF ({detail[0]})")
            written.append(write_new(out_dir, document.stem, ".pdf", pdf.read_bytes(), force=force))
    return written
