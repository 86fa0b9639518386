"""`briefgen serve` as a person runs it: prints the address, serves it, stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.web.test_browser import free_port

from briefgen.web.security import verify_password

START_SECONDS = 120  # a loaded 2-core machine takes a while to import and load


def test_serve_prints_its_address_serves_it_and_stops_on_sigterm(tmp_path):
    port = free_port()
    env = {**os.environ, "BRIEFGEN_SERVE_SPOOL": str(tmp_path / "spool")}
    server = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = server.stdout.readline()
        assert line.startswith(f"open http://127.0.0.1:{port}/login?token="), line
        address = line.split()[1]
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                request = urllib.request.Request(address)
                with urllib.request.urlopen(request, timeout=10) as answer:  # follows the redirect to /
                    assert answer.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, err
    assert "stopped" in err
    assert "Traceback" not in err


def test_hash_password_prints_a_hash_of_the_password_read():
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "serve", "--hash-password"],
        input="s3cret pass\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    stored = done.stdout.strip()
    assert stored.startswith("scrypt$") and "s3cret" not in stored
    assert verify_password("s3cret pass", stored)
