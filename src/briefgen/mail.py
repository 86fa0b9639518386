"""A ready-to-send e-mail draft (.eml) with the documents attached; nothing is sent.

Any mail client opens a .eml; `X-Unsent: 1` makes Outlook open it as a draft
to send rather than as a received message.
"""

from __future__ import annotations

import mimetypes
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, getaddresses
from pathlib import Path

from briefgen.errors import BadInputError

_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
}


def parse_recipients(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Split "a@x, b@y" and repeated options into addresses; refuse anything that is not one."""
    addresses = []
    for _, address in getaddresses([v for v in values if v]):
        if "@" not in address or any(c in address for c in "\r\n <>"):
            raise BadInputError(f"not an e-mail address: {address!r}")
        addresses.append(address)
    if not addresses:
        raise BadInputError("--email needs at least one address")
    return tuple(addresses)


def build_eml(to: tuple[str, ...] | list[str], subject: str, body: str, attachments: list[Path]) -> bytes:
    message = EmailMessage()
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(body)
    for path in attachments:
        mime = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return message.as_bytes(policy=SMTP)
