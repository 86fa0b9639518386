"""Fixtures for the page: an application on the bundled dataset or on a copy, and clients signed in or not."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from briefgen.web import ServeConfig, create_app

warnings.filterwarnings("ignore", message=".*httpx.*", category=Warning)
from starlette.testclient import TestClient  # noqa: E402  (after the filter: it warns when imported)

REPO = Path(__file__).resolve().parents[2]
TOKEN = "t0k3n-" + "x" * 40
LOOPBACK = "http://127.0.0.1"


@pytest.fixture(autouse=True)
def _private_spool(tmp_path, monkeypatch):
    """Each test's downloads wait in its own folder."""
    folder = tmp_path / "spool"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("BRIEFGEN_SERVE_SPOOL", str(folder))


def make_client(data: Path | None = None, *, signed_in: bool = True, **config) -> TestClient:
    app = create_app(ServeConfig(data=data, token=TOKEN, **config))
    client = TestClient(app, base_url=LOOPBACK)
    if signed_in:
        answer = client.get(f"/login?token={TOKEN}", follow_redirects=False)
        assert answer.status_code == 303
    return client


@pytest.fixture
def client() -> TestClient:
    return make_client()


@pytest.fixture
def anonymous() -> TestClient:
    return make_client(signed_in=False)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the bundled dataset that a test may edit."""
    target = tmp_path / "examples" / "data"
    shutil.copytree(REPO / "examples" / "vn-jp-ict", target)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")  # the manifest's seeds_dir is ../../seeds
    return target


def csrf_of(html: str) -> str:
    marker = 'name="csrf" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
