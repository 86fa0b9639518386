"""`briefgen serve`: the department's page, on this machine (default) or a server (docs/serve.md)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Optional

import typer

from briefgen import process
from briefgen.cli.app import DataOption, app, err, fail, out
from briefgen.errors import BadInputError, BriefgenError
from briefgen.lifetime import Terminated


@app.command()
def serve(
    data: Optional[Path] = DataOption,
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Address to listen on."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    renders: int = typer.Option(
        0, "--renders", min=0, help="Documents made at once (default: one per core); more requests wait."
    ),
    hash_password: bool = typer.Option(
        False,
        "--hash-password",
        help="Read a password (typed, or one line of standard input) and print its hash for "
        "BRIEFGEN_SERVE_PASSWORD_HASH, then exit.",
    ),
) -> None:
    """Serve the department's page: find a counterpart, preview and download the brief, refresh an edited one.

    Prints the address to open (with a one-time secret in it). On an address other than this machine's
    it refuses to start without a password or token (see docs/serve.md).

    Example: briefgen serve --data my-dataset
    """
    from briefgen.web.security import hash_password as make_hash

    if hash_password:
        try:
            password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
            out.print(make_hash(password), markup=False)
        except BriefgenError as exc:
            fail(exc)
        return
    import uvicorn

    from briefgen.web.app import create_app
    from briefgen.web.config import build_config

    try:
        if data is not None and not data.is_dir():
            raise BadInputError(f"dataset folder not found: {data}")
        config = build_config(host, data=data, renders=renders)
        application = create_app(config)
        loaded = application.state.dataset.current()
    except BriefgenError as exc:
        fail(exc)
    if loaded.dataset is None:
        err.print(f"note: the dataset cannot be used now ({loaded.error}); the page shows why", markup=False)
    else:
        err.print(f"using dataset: {loaded.dataset.manifest.name} ({loaded.dataset.root})", markup=False)
    shown = f"[{host}]" if ":" in host else host
    out.print(f"open http://{shown}:{port}/login?token={config.token}", markup=False)
    out.print("stop with Ctrl-C", markup=False)
    process.for_server()
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False)
    except (KeyboardInterrupt, Terminated):
        pass  # uvicorn finished the requests under way and stopped; the signal comes back to us afterwards
    err.print("stopped", markup=False)
