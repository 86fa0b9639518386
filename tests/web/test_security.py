"""The page's security points, one by one, over HTTP (Starlette's test client)."""

from __future__ import annotations

import io
import zipfile

import pytest
from tests.web.conftest import TOKEN, csrf_of, make_client

from briefgen.errors import BadInputError
from briefgen.web.config import build_config
from briefgen.web.security import (
    CONTENT_SECURITY_POLICY,
    SIGN_IN_FAILURES,
    Keys,
    SignInThrottle,
    hash_password,
    is_loopback,
    verify_password,
)


def test_no_session_is_sent_to_the_sign_in_page(anonymous):
    for path in ("/", "/person/takaichi-sanae", "/person/takaichi-sanae/download/docx", "/curator", "/refresh"):
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"] == "/login"
    assert anonymous.get("/api/search?q=Takaichi", follow_redirects=False).status_code == 303


def test_a_wrong_token_does_not_sign_in(anonymous):
    answer = anonymous.get("/login?token=" + "y" * 46, follow_redirects=False)
    assert answer.status_code == 403
    assert "bg_session" not in answer.headers.get("set-cookie", "")
    assert anonymous.get("/", follow_redirects=False).status_code == 303


def test_the_token_sets_a_strict_httponly_session_cookie_and_leaves_the_address(anonymous):
    answer = anonymous.get(f"/login?token={TOKEN}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("bg_session=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert anonymous.get("/", follow_redirects=False).status_code == 200


def test_a_forged_or_expired_session_cookie_is_refused():
    keys = Keys(b"k" * 32)
    good = keys.session_cookie()
    assert keys.session_id(good) is not None
    sid, expiry, mac = good.split(".")
    assert keys.session_id(f"{sid}.{int(expiry) + 10**6}.{mac}") is None  # lengthened by hand
    assert keys.session_id(good, now=int(expiry) + 1) is None  # expired
    assert Keys(b"o" * 32).session_id(good) is None  # another server's


def test_a_post_without_or_with_a_wrong_anti_forgery_token_is_refused(client):
    form = {"names": "Takaichi Sanae", "date": "2026-11-23", "lang": "en"}
    assert client.post("/delegation", data=form).status_code == 403
    assert client.post("/delegation", data={**form, "csrf": "forged"}).status_code == 403
    other = make_client()
    token_of_another_session = csrf_of(other.get("/delegation").text)
    assert client.post("/delegation", data={**form, "csrf": token_of_another_session}).status_code == 403
    assert client.post("/logout", data={}).status_code == 403


def test_a_post_from_another_site_is_refused_even_with_a_token(client):
    token = csrf_of(client.get("/delegation").text)
    answer = client.post(
        "/delegation",
        data={"names": "Takaichi Sanae", "date": "2026-11-23", "lang": "en", "csrf": token},
        headers={"origin": "http://evil.example"},
    )
    assert answer.status_code == 403


def test_a_post_without_a_session_is_refused(anonymous):
    assert anonymous.post("/refresh", data={"csrf": "x"}).status_code == 403


def test_every_answer_carries_the_strict_headers(client, anonymous):
    for answer in (
        client.get("/"),
        anonymous.get("/login"),
        client.get("/person/nobody-here"),
        client.get("/static/app.js"),
    ):
        assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


def test_no_page_holds_an_inline_script_or_style(client):
    for path in ("/", "/?q=Nguyen", "/person/takaichi-sanae", "/refresh", "/delegation", "/curator"):
        html = client.get(path).text
        assert "<script>" not in html and "<script " not in html.replace('<script src="/static/app.js" defer>', "")
        assert " style=" not in html and "<style" not in html
        assert " onclick=" not in html.lower() and "javascript:" not in html.lower()


def test_data_text_is_escaped(data_copy):
    people = data_copy / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(
        text.replace("Given name first, as much", "x", 1).replace(
            "text: Sanae Takaichi", "text: Sanae <script>alert(1)</script> Takaichi", 1
        ),
        encoding="utf-8",
    )
    client = make_client(data_copy)
    for html in (
        client.get("/?q=Sanae <script>alert(1)</script> Takaichi").text,
        client.get("/api/search?q=Sanae <script>alert(1)</script> Takaichi").text,
    ):
        assert "<script>alert(1)</script>" not in html
    html = client.get("/?q=Sanae <script>alert(1)</script> Takaichi").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text: the matched alias


def test_an_upload_too_large_is_refused_before_it_is_read(client):
    token = csrf_of(client.get("/refresh").text)
    big = b"PK\x03\x04" + b"0" * (21 * 2**20)
    answer = client.post("/refresh", data={"csrf": token}, files={"brief": ("brief.docx", big)})
    assert answer.status_code == 413


def test_an_upload_of_another_type_is_refused(client):
    token = csrf_of(client.get("/refresh").text)
    for name, data in (("brief.exe", b"PK\x03\x04rest"), ("brief.docx", b"MZ not a zip"), ("brief.docx.txt", b"hi")):
        answer = client.post("/refresh", data={"csrf": token}, files={"brief": (name, data)})
        assert answer.status_code == 415, name


def test_an_upload_that_is_no_brief_is_refused_by_refresh_s_own_checks(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../etc/passwd", "x")
    token = csrf_of(client.get("/refresh").text)
    answer = client.post("/refresh", data={"csrf": token}, files={"brief": ("../../x.docx", buffer.getvalue())})
    assert answer.status_code == 400
    assert "not a Word document" in answer.text


@pytest.mark.parametrize(
    "path",
    [
        "/person/..%2F..%2Fetc%2Fpasswd",
        "/person/../../etc/passwd",
        "/person/takaichi-sanae/download/..%2F..%2Fetc%2Fpasswd",
        "/person/%2Fetc%2Fpasswd/download/docx",
        "/result/..%2F..%2Fetc%2Fpasswd",
        "/result/../../../etc/passwd",
        "/static/..%2F..%2Fapp.py",
        "/static/../app.py",
    ],
)
def test_a_path_in_any_field_reaches_no_file(client, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert "root:" not in answer.text and "create_app" not in answer.text


def test_bad_dates_and_languages_are_refused(client):
    assert client.get("/person/takaichi-sanae?date=../../etc").status_code == 400
    assert client.get("/person/takaichi-sanae?lang=../../etc").status_code == 400
    assert client.get("/person/takaichi-sanae/download/docx?lang=fr").status_code == 400


def test_a_result_is_only_for_the_session_that_made_it(client):
    token = csrf_of(client.get("/delegation").text)
    page = client.post(
        "/delegation", data={"names": "Takaichi Sanae", "date": "2026-11-23", "lang": "en", "csrf": token}
    )
    key = page.text.split('href="/result/')[1].split('"')[0]
    assert make_client().get(f"/result/{key}").status_code == 404  # another officer's session
    assert client.get(f"/result/{key}").status_code == 200
    assert client.get(f"/result/{key}").status_code == 404  # handed over once, then gone


def test_a_foreign_host_header_is_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_a_non_loopback_address_needs_a_password_or_a_token():
    with pytest.raises(BadInputError, match="refusing to listen on 0.0.0.0"):
        build_config("0.0.0.0", environ={})
    with pytest.raises(BadInputError, match="refusing"):
        build_config("192.168.1.20", environ={})
    with pytest.raises(BadInputError, match="at least 32"):
        build_config("0.0.0.0", environ={"BRIEFGEN_SERVE_TOKEN": "short"})
    with pytest.raises(BadInputError, match="password hash"):
        build_config("0.0.0.0", environ={"BRIEFGEN_SERVE_PASSWORD_HASH": "plaintext"})
    assert build_config("0.0.0.0", environ={"BRIEFGEN_SERVE_TOKEN": "z" * 40}).token == "z" * 40
    assert build_config("127.0.0.1", environ={}).allowed_hosts[0] == "127.0.0.1"
    assert is_loopback("::1") and is_loopback("localhost") and not is_loopback("example.org")


def test_serve_refuses_to_start_on_a_wide_address_without_a_secret(monkeypatch):
    from typer.testing import CliRunner

    from briefgen.cli.app import app

    monkeypatch.delenv("BRIEFGEN_SERVE_PASSWORD_HASH", raising=False)
    monkeypatch.delenv("BRIEFGEN_SERVE_TOKEN", raising=False)
    import briefgen.cli.commands  # noqa: F401

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2
    assert "refusing to listen on 0.0.0.0" in result.output


def test_a_password_is_kept_as_a_scrypt_hash_and_signs_in(monkeypatch):
    stored = hash_password("correct horse")
    assert stored.startswith("scrypt$") and "correct" not in stored
    assert verify_password("correct horse", stored) and not verify_password("wrong", stored)
    client = make_client(signed_in=False, password_hash=stored)
    token = csrf_of(client.get("/login").text)
    assert client.post("/login", data={"password": "wrong", "csrf": token}).status_code == 403
    assert client.post("/login", data={"password": "correct horse"}).status_code == 403  # no token
    answer = client.post("/login", data={"password": "correct horse", "csrf": token}, follow_redirects=False)
    assert answer.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 200


def test_wrong_passwords_close_the_sign_in_for_a_while_even_to_the_right_one():
    stored = hash_password("correct horse")
    client = make_client(signed_in=False, password_hash=stored)
    token = csrf_of(client.get("/login").text)
    answers = [client.post("/login", data={"password": f"guess {n}", "csrf": token}) for n in range(SIGN_IN_FAILURES)]
    assert [a.status_code for a in answers] == [403] * SIGN_IN_FAILURES
    refused = client.post("/login", data={"password": "correct horse", "csrf": token}, follow_redirects=False)
    assert refused.status_code == 429 and "wait a minute" in refused.text


def test_the_sign_in_throttle_forgets_failures_after_its_window():
    now = [0.0]
    throttle = SignInThrottle(limit=2, window=60, clock=lambda: now[0])
    throttle.failed()
    now[0] = 30
    throttle.failed()
    assert not throttle.open()
    now[0] = 61  # the first failure is older than the window
    assert throttle.open()
