"""How a server is configured, from options or the environment, and the rule that guards a wider address.

Shared by `briefgen serve` (one process) and `app_from_environment` (the factory a process manager
runs in each of several workers: `uvicorn --factory briefgen.web.config:app_from_environment`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from starlette.applications import Starlette

from briefgen.errors import BadInputError
from briefgen.web.app import ServeConfig, create_app
from briefgen.web.security import MIN_TOKEN_LENGTH, check_password_hash, is_loopback, new_token

PASSWORD_HASH_VARIABLE = "BRIEFGEN_SERVE_PASSWORD_HASH"
TOKEN_VARIABLE = "BRIEFGEN_SERVE_TOKEN"
SECRET_VARIABLE = "BRIEFGEN_SERVE_SECRET"
HOSTS_VARIABLE = "BRIEFGEN_SERVE_ALLOWED_HOSTS"
SECURE_VARIABLE = "BRIEFGEN_SERVE_SECURE_COOKIES"


def build_config(
    host: str,
    *,
    data: Path | None = None,
    renders: int = 0,
    allowed_hosts: list[str] | None = None,
    environ: dict[str, str] | None = None,
) -> ServeConfig:
    """The configuration for listening on `host`; BadInputError when it would let anybody in.

    On a loopback address the printed token is enough (only this machine's users can connect, and they
    need the token).  On any other address a configured secret is required: a password (its scrypt hash
    in BRIEFGEN_SERVE_PASSWORD_HASH) or a long fixed token (BRIEFGEN_SERVE_TOKEN)."""
    env = os.environ if environ is None else environ
    password_hash = env.get(PASSWORD_HASH_VARIABLE) or None
    if password_hash:
        password_hash = check_password_hash(password_hash)
    token = env.get(TOKEN_VARIABLE) or ""
    if token and len(token) < MIN_TOKEN_LENGTH:
        raise BadInputError(f"{TOKEN_VARIABLE} must be at least {MIN_TOKEN_LENGTH} characters")
    loopback = is_loopback(host)
    if not loopback and not (password_hash or token):
        raise BadInputError(
            f"refusing to listen on {host}, which other machines can reach, without a secret: set "
            f"{PASSWORD_HASH_VARIABLE} (from `briefgen serve --hash-password`) or {TOKEN_VARIABLE} "
            f"(at least {MIN_TOKEN_LENGTH} random characters), or keep the default 127.0.0.1"
        )
    secret = env.get(SECRET_VARIABLE, "")
    hosts = allowed_hosts or [h.strip() for h in env.get(HOSTS_VARIABLE, "").split(",") if h.strip()]
    if not hosts:
        hosts = ["127.0.0.1", "localhost", "[::1]"] if loopback else ["*"]
    return ServeConfig(
        data=data,
        token=token or new_token(),
        password_hash=password_hash,
        secret=hashlib.sha256(secret.encode()).digest() if secret else b"",
        renders=renders,
        allowed_hosts=tuple(hosts),
        secure_cookies=env.get(SECURE_VARIABLE, "") == "1",
    )


def app_from_environment() -> Starlette:
    """The application for one of several worker processes, configured by the environment only.

    Every worker must sign sessions with the same secret (BRIEFGEN_SERVE_SECRET) and accept the same
    password or token; the host is taken as not loopback, so one of them is required."""
    if not os.environ.get(SECRET_VARIABLE):
        raise BadInputError(f"set {SECRET_VARIABLE}: every worker must sign sessions with the same secret")
    data = os.environ.get("BRIEFGEN_DATA")
    return create_app(build_config("0.0.0.0", data=Path(data) if data else None))
