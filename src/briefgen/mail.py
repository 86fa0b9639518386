"""A ready-to-send e-mail draft (.eml) with the documents attached; nothing is sent.

Any mail client opens a .eml; `X-Unsent: 1` makes Outlook open it as a draft
to send rather than as a received message.

Addresses are checked by email-validator as RFC 5322 (and RFC 6531 for non-ASCII local parts) says
an address is written: `local@domain`, the local part a dot-atom, the domain made of labels; nothing
else on the option is accepted (a CR/LF silently added a recipient, `@b` was taken as an address).
Domains are written in IDNA 2008 (`exämple.org` → `xn--exmple-cua.org`); an address whose local part is not ASCII
can only be written as UTF-8 (RFC 6532), so such a draft is written so.  Header values from the data
(a name or a handling marking with a line feed ended the run after the documents were written) are
made one line of text.
"""

from __future__ import annotations

import mimetypes
import unicodedata
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import formatdate
from pathlib import Path

from briefgen.errors import BadInputError

_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
}
MAX_LOCAL = 64
MAX_DOMAIN = 253
MAX_HEADER = 900  # characters of one header value from the data (a subject); folded to lines by the policy


def normalize_address(text: str) -> str:
    """`text` as an address to write in a header (domain in IDNA), or BadInputError saying why it is not one.

    The syntax and the domain are judged by email-validator (maintained; IDNA 2008 with UTS #46, so
    "ß" in a domain stays "ß", where Python's IDNA 2003 codec mapped it to "ss", another domain);
    no DNS lookup is made."""
    shown = repr(text)
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        raise BadInputError(f"not an e-mail address: {shown} (it holds a control character or line break)")
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise BadInputError(f"not an e-mail address: {shown} (expected name@domain)")
    import email_validator  # here, not at the top: its tables cost every `visit` ~0.03 s to import, and few mail

    try:
        valid = email_validator.validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except email_validator.EmailNotValidError as exc:
        raise BadInputError(f"not an e-mail address: {shown} ({exc})") from None
    ascii_domain = valid.ascii_domain.lower()
    if len(valid.local_part.encode()) > MAX_LOCAL or len(ascii_domain) > MAX_DOMAIN:
        raise BadInputError(f"not an e-mail address: {shown} (too long)")
    return f"{unicodedata.normalize('NFC', valid.local_part)}@{ascii_domain}"


def parse_recipients(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Split "a@x, b@y" and repeated options into addresses; refuse anything that is not one."""
    addresses = []
    for value in values:
        if value and any(c in value for c in "\r\n\0"):
            raise BadInputError(f"not an e-mail address: {value!r} (it holds a line break)")
        for part in (value or "").split(","):
            part = part.strip()
            if part:
                addresses.append(normalize_address(part))
    if not addresses:
        raise BadInputError("--email needs at least one address")
    return tuple(dict.fromkeys(addresses))


def header_text(value: str, limit: int = MAX_HEADER) -> str:
    """`value` as one line for a header: line breaks, tabs and other control characters become spaces."""
    flat = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in value)
    flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def body_text(value: str) -> str:
    """`value` for the body: control characters other than line breaks and tabs left out."""
    return "".join(
        c
        for c in value.replace("\r\n", "\n").replace("\r", "\n")
        if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs")
    )


def build_eml(to: tuple[str, ...] | list[str], subject: str, body: str, attachments: list[Path]) -> bytes:
    addresses = [normalize_address(a) for a in to]
    international = any(not a.isascii() for a in addresses)
    message = EmailMessage(policy=SMTPUTF8 if international else SMTP)
    message["To"] = ", ".join(addresses)
    message["Subject"] = header_text(subject)
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(body_text(body))
    for path in attachments:
        mime = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return message.as_bytes(policy=SMTPUTF8 if international else SMTP)
