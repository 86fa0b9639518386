"""A client that goes away in the middle leaves nothing behind (the server runs in a thread, as in serve)."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
import urllib.parse

import pytest
from tests.web.test_browser import free_port

from briefgen.web import ServeConfig, create_app
from briefgen.web.security import Keys

WAIT = 120.0


@pytest.fixture
def running(tmp_path, monkeypatch):
    import uvicorn

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # every temporary folder of the server lands here
    secret = b"s" * 32
    port = free_port()
    app = create_app(ServeConfig(token="x" * 40, secret=secret, renders=1))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    yield port, Keys(secret), scratch
    server.should_exit = True
    thread.join(WAIT)


def test_a_delegation_left_midway_stops_and_leaves_no_folder(running, monkeypatch):
    from briefgen.web import jobs

    port, keys, scratch = running
    started = []
    member = jobs.delegation_member

    def counted(*args):
        started.append(args[1])
        return member(*args)

    monkeypatch.setattr(jobs, "delegation_member", counted)
    cookie = keys.session_cookie()
    sid = keys.session_id(cookie)
    body = urllib.parse.urlencode(
        {
            "names": "\n".join(["Takaichi Sanae", "Nguyen Manh Hung", "Takaichi Sanae", "Nguyen Manh Hung"] * 3),
            "date": "2026-11-23",
            "lang": "en",
            "csrf": keys.csrf_token(sid),
        }
    ).encode()
    request = (
        f"POST /delegation HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: bg_session={cookie}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
        sock.sendall(request)
        received = b""
        while b"<li>" not in received:  # the first name's brief is written
            chunk = sock.recv(65536)
            assert chunk, received[-500:]
            received += chunk
        assert b"200 OK" in received.split(b"\r\n", 1)[0]
    # The rest is never read: the server stops the delegation and removes its folder.
    deadline = time.monotonic() + WAIT
    while list(scratch.iterdir()):
        assert time.monotonic() < deadline, list(scratch.iterdir())
        time.sleep(0.2)
    time.sleep(2)
    assert len(started) < 12  # the names after the client left were never started
