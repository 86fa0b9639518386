"""Who may use the page, and what every answer carries: secrets, sessions, anti-forgery tokens, headers.

Nothing here is kept in the server's memory between requests: a session is a cookie signed with the
server's secret (HMAC-SHA256), and an anti-forgery token is derived from the session with the same
secret.  So several worker processes behind a reverse proxy, given the same secret, accept each
other's sessions, and a restart with a new secret signs everybody out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from briefgen.errors import BadInputError

SESSION_COOKIE = "bg_session"
PRE_COOKIE = "bg_pre"  # an anonymous visitor's random id: what the sign-in form's token is bound to
LANG_COOKIE = "bg_lang"
SESSION_SECONDS = 12 * 3600  # a working day; then sign in again
MIN_TOKEN_LENGTH = 32

# scrypt's cost: 2**15 * 8 * 128 bytes = 32 MiB of memory and about 0.1 s per password tried.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1
_SCRYPT_MAXMEM = 64 * 2**20

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def new_token() -> str:
    """A secret for the printed address: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash`: what the server keeps instead of the password (BRIEFGEN_SERVE_PASSWORD_HASH)."""
    if not password:
        raise BadInputError("the password is empty")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, maxmem=_SCRYPT_MAXMEM, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def check_password_hash(stored: str) -> str:
    """`stored` when it is a hash `hash_password` makes (with sane costs); BadInputError otherwise."""
    parts = stored.strip().split("$")
    try:
        if len(parts) != 6 or parts[0] != "scrypt":
            raise ValueError
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        if not (2**14 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError
        if len(_unb64(parts[4])) < 16 or len(_unb64(parts[5])) != 32:
            raise ValueError
    except ValueError:
        raise BadInputError(
            "the password hash is not one `briefgen serve --hash-password` writes (scrypt$N$r$p$salt$hash)"
        ) from None
    return stored.strip()


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` (from hash_password) was made of; compared in constant time."""
    _, n, r, p, salt, expected = stored.split("$")
    digest = hashlib.scrypt(
        password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), maxmem=4 * 128 * int(r) * int(n), dklen=32
    )
    return hmac.compare_digest(digest, _unb64(expected))


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or "localhost") is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


@dataclass(frozen=True)
class Keys:
    """What the server signs with: one secret, several purposes kept apart by a prefix."""

    secret: bytes

    def mac(self, purpose: str, text: str) -> str:
        return _b64(hmac.new(self.secret, f"{purpose}\0{text}".encode(), hashlib.sha256).digest())

    def session_cookie(self, now: float | None = None) -> str:
        """A new signed session: `id.expiry.mac`."""
        sid = secrets.token_urlsafe(18)
        expiry = int((now or time.time()) + SESSION_SECONDS)
        return f"{sid}.{expiry}.{self.mac('session', f'{sid}.{expiry}')}"

    def session_id(self, cookie: str | None, now: float | None = None) -> str | None:
        """The session's id when `cookie` is one this server signed and it has not expired; None otherwise."""
        if not cookie or cookie.count(".") != 2:
            return None
        sid, expiry, mac = cookie.split(".")
        if not hmac.compare_digest(mac, self.mac("session", f"{sid}.{expiry}")):
            return None
        if not expiry.isdigit() or int(expiry) < (now or time.time()):
            return None
        return sid

    def csrf_token(self, bound_to: str) -> str:
        """The anti-forgery token of a session (or of an anonymous visitor's id, on the sign-in form)."""
        return self.mac("csrf", bound_to)

    def csrf_ok(self, bound_to: str | None, token: str | None) -> bool:
        return bool(bound_to) and bool(token) and hmac.compare_digest(self.csrf_token(bound_to or ""), token or "")


# Wrong passwords a server takes in a window before it stops trying any: scrypt makes each guess cost
# 0.1 s, this makes a thousand guesses cost about 100 windows (the passwords' own strength does the rest).
# One count for the whole process, not per client: behind a reverse proxy every client has the proxy's
# address; an officer who is refused waits a minute.
SIGN_IN_FAILURES = 10
SIGN_IN_WINDOW = 60.0


class SignInThrottle:
    """Counts wrong passwords in the last `window` seconds; while `limit` are counted, no password is tried
    (not even the right one, or the throttle would tell a guesser when it is right)."""

    def __init__(
        self, limit: int = SIGN_IN_FAILURES, window: float = SIGN_IN_WINDOW, clock: Callable[[], float] = time.monotonic
    ):
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    def _forget_old(self, now: float) -> None:
        while self._failures and self._failures[0] <= now - self.window:
            self._failures.popleft()

    def open(self) -> bool:
        """Whether a password may be tried now."""
        with self._lock:
            self._forget_old(self.clock())
            return len(self._failures) < self.limit

    def failed(self) -> None:
        with self._lock:
            now = self.clock()
            self._forget_old(now)
            self._failures.append(now)
