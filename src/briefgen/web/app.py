"""The page: Starlette routes over the library's jobs (briefgen.web.jobs), rendered with Jinja2 on the server.

Why Starlette (with uvicorn as the server): the smallest well-kept ASGI framework with what this needs
built in (routing, Jinja2 templates, multipart forms via python-multipart, static files, a test client);
about 4 MB installed with uvicorn and their dependencies, against 124 MB for briefgen's plain install.
Every request is answered the same way in any worker process: the session is a signed cookie, the
dataset is re-read from disk when it changed, and nothing else is kept between requests.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import re
import secrets
import shutil
import tempfile
import threading
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import anyio
import jinja2
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from briefgen import __version__
from briefgen.delegation import FORM_FIELDS, Visit, visit_from_form
from briefgen.errors import BadInputError, BriefgenError
from briefgen.i18n import LANGUAGES, TEMPLATE_TEXT, country_name, format_day, label
from briefgen.models import MeetingKind
from briefgen.pdf import soffice_path
from briefgen.process import usable_cores
from briefgen.web import jobs
from briefgen.web.messages import UI_LANGUAGES, ui_text
from briefgen.web.security import (
    LANG_COOKIE,
    PRE_COOKIE,
    SECURITY_HEADERS,
    SESSION_COOKIE,
    SESSION_SECONDS,
    Keys,
    SignInThrottle,
    new_token,
    verify_password,
)
from briefgen.web.state import DatasetState, Loaded, Pickup, require_dataset, spool_folder

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 20 * 2**20  # an edited brief with pictures is a few MB
PERSON_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,120}")
DOCX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class VisitChoice:
    """A visit as the page's fields chose it: the date, the documents' language and the details typed (the
    visit form's fields, as strings: `delegation.visit_from_form` checks them)."""

    day: dt.date
    lang: str
    details: dict[str, str]

    def fields(self) -> dict[str, str]:
        """The choice as form fields again: for the download links and the e-mail form."""
        return {"date": self.day.isoformat(), "lang": self.lang, **self.details}

    def visit(self, their_side: list[str]) -> Visit | None:
        """The visit these details describe for `their_side` (None when only the date was chosen)."""
        return visit_from_form(self.details, self.day, their_side, self.lang)


PROGRESS, DONE = "<!--progress-->", "<!--done-->"  # where a delegation's page is cut to be sent in pieces


@dataclass
class ServeConfig:
    """How one server (or one of several workers) runs; see `briefgen serve` and docs/serve.md."""

    data: Path | None = None
    token: str = field(default_factory=new_token)  # the secret in the printed address
    password_hash: str | None = None  # set: a password signs in too (hash_password's format)
    secret: bytes = b""  # what sessions are signed with; every worker of one server must share it
    renders: int = 0  # documents made at once; 0: one per core
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")
    max_upload: int = MAX_UPLOAD
    secure_cookies: bool = False  # behind an HTTPS proxy: cookies only over HTTPS


class SecurityHeaders:
    """Adds the strict Content-Security-Policy and its companions to every answer, errors included."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] not in {k for k, _ in SECURITY_HEADERS}]
                message["headers"] = headers + SECURITY_HEADERS + [(b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, with_headers)


class SafeJSON(JSONResponse):
    """JSON with <, > and & written as \\u escapes: a data text stays inert even if read as HTML."""

    def render(self, content: Any) -> bytes:
        text = super().render(content).decode()
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


class Problem(Exception):
    """An answer other than the page asked for: a status and a message key of the interface."""

    def __init__(self, status: int, key: str, **values: object):
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


def create_app(config: ServeConfig) -> Starlette:
    """The application for `config`: routes, templates, middleware.  No state but the dataset's copy and
    the thread limiter; safe to create once per worker process."""
    keys = Keys(config.secret or secrets.token_bytes(32))
    state = DatasetState(config.data, prepare=jobs.prepare_search)
    pickup = Pickup(spool_folder())
    limiter = anyio.CapacityLimiter(config.renders or usable_cores())
    password_checks = anyio.CapacityLimiter(2)
    throttle = SignInThrottle()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every data text is escaped; nothing is marked safe
        undefined=jinja2.StrictUndefined,
    )
    has_pdf = soffice_path() is not None

    async def off_loop(function: Callable[..., Any], *args: Any) -> Any:
        """Make documents in a worker thread, at most `renders` at once (the others wait their turn)."""
        return await anyio.to_thread.run_sync(lambda: function(*args), limiter=limiter)

    async def quick(function: Callable[..., Any], *args: Any) -> Any:
        """A search or a preview: in a worker thread too, but not queued behind documents being made (anyio's
        own pool, 40 threads, bounds them)."""
        return await anyio.to_thread.run_sync(lambda: function(*args))

    def ui_lang(request: Request) -> str:
        chosen = request.query_params.get("ui") or request.cookies.get(LANG_COOKIE) or ""
        return chosen if chosen in UI_LANGUAGES else "vi" if _prefers_vietnamese(request) else "en"

    def set_cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
        """Every cookie: out of scripts' reach, never sent by another site's page or form."""
        response.set_cookie(
            name, value, max_age=max_age, httponly=True, samesite="strict", secure=config.secure_cookies
        )

    def session_id(request: Request) -> str | None:
        return keys.session_id(request.cookies.get(SESSION_COOKIE))

    async def current() -> Loaded:
        """The dataset as the files are now: compared (and read again when changed) off the event loop."""
        return await quick(state.current)

    def render(
        request: Request, name: str, status: int = 200, loaded: Loaded | None = None, **context: Any
    ) -> HTMLResponse:
        lang = ui_lang(request)
        sid = session_id(request)
        pre = request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(18)
        html = env.get_template(name).render(
            t=lambda key, **v: ui_text(lang, key, **v),
            ui=lang,
            path=request.url.path,
            signed_in=sid is not None,
            csrf=keys.csrf_token(sid or pre),
            dataset_name=dataset_scope(loaded.dataset, lang) if loaded and loaded.dataset else "",
            dataset_broken=bool(loaded and loaded.dataset is None),
            loaded=loaded,
            version=__version__,
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("ui") in UI_LANGUAGES:
            set_cookie(response, LANG_COOKIE, lang, max_age=365 * 86400)
        if not sid and PRE_COOKIE not in request.cookies:
            set_cookie(response, PRE_COOKIE, pre)
        return response

    def page(method: Callable[[Request, str], Awaitable[Response]], *, public: bool = False):
        """A route: signed in (else to the sign-in page, or 403 for a form), the form's anti-forgery token
        checked, and any failure shown as a page in the interface's language."""

        async def endpoint(request: Request) -> Response:
            sid = session_id(request)
            try:
                if request.method == "POST" and not _same_origin(request):
                    raise Problem(403, "forbidden")
                if sid is None and not public:
                    if request.method != "GET":
                        raise Problem(403, "forbidden")
                    return RedirectResponse("/login", status_code=303)
                if request.method == "POST":
                    await check_csrf(request, sid)
                return await method(request, sid or "")
            except Problem as problem:
                return render(
                    request,
                    "error.html",
                    problem.status,
                    message=ui_text(ui_lang(request), problem.key, **problem.values),
                )
            except BadInputError as exc:
                return render(
                    request, "error.html", 400, message=ui_text(ui_lang(request), "bad_request", why=str(exc))
                )
            except BriefgenError as exc:  # a failure on our side or the machine's (a file, LibreOffice)
                return render(request, "error.html", 500, message=str(exc))
            except Exception as exc:  # noqa: BLE001 - a bug in one request: that page fails, the server goes on
                message = f"unexpected {type(exc).__name__}: {exc}"
                return render(request, "error.html", 500, message=message)

        return endpoint

    async def check_csrf(request: Request, sid: str | None) -> None:
        length = request.headers.get("content-length")
        if length is None:
            raise Problem(411, "bad_request", why="no Content-Length")
        if not length.isdigit() or int(length) > config.max_upload + 65536:
            raise Problem(413, "too_large", mb=config.max_upload // 2**20)
        form = await request.form(max_files=1, max_fields=20)
        token = form.get("csrf")
        bound = sid or request.cookies.get(PRE_COOKIE)
        if not isinstance(token, str) or not keys.csrf_ok(bound, token):
            raise Problem(403, "forbidden")

    # -- signing in and out --------------------------------------------------------------------------

    async def login(request: Request, sid: str) -> Response:
        token = request.query_params.get("token")
        if token is not None:
            if hmac.compare_digest(token.encode(), config.token.encode()):
                return signed_in()
            return render(request, "login.html", 403, failed="login_token_failed", password=bool(config.password_hash))
        return render(request, "login.html", failed="", password=bool(config.password_hash))

    async def login_post(request: Request, sid: str) -> Response:
        form = await request.form(max_files=0, max_fields=4)
        password = form.get("password")
        if not throttle.open():
            return render(request, "login.html", 429, failed="login_wait", password=bool(config.password_hash))
        if config.password_hash and isinstance(password, str) and password:
            async with password_checks:  # scrypt takes 32 MiB a try: a few at a time, whoever asks
                ok = await off_loop(verify_password, password[:1024], config.password_hash)
            if ok:
                return signed_in()
        throttle.failed()
        return render(request, "login.html", 403, failed="login_failed", password=bool(config.password_hash))

    def signed_in() -> Response:
        response = RedirectResponse("/", status_code=303)  # the token leaves the address bar and the history
        set_cookie(response, SESSION_COOKIE, keys.session_cookie(), max_age=SESSION_SECONDS)
        return response

    async def logout(request: Request, sid: str) -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    # -- officers ------------------------------------------------------------------------------------

    async def home(request: Request, sid: str) -> Response:
        query = request.query_params.get("q", "")
        loaded = await current()
        result = jobs.SearchResult(query, "")
        if loaded.dataset is not None and query:
            result = await quick(jobs.search, loaded.dataset, query, ui_lang(request))
        return render(request, "search.html", loaded=loaded, query=query, result=result)

    async def api_search(request: Request, sid: str) -> Response:
        dataset = require_dataset(await current())
        result = await quick(jobs.search, dataset, request.query_params.get("q", ""), ui_lang(request))
        lang = ui_lang(request)
        heading = {
            "resolved": "resolved",
            "ambiguous": "ambiguous",
            "near": "near",
            "containing": "containing",
            "nobody": "nobody",
            "": "search_hint",
        }[result.kind]
        return SafeJSON(
            {
                "kind": result.kind,
                "heading": ui_text(lang, heading),
                "containing_heading": ui_text(lang, "containing"),
                "former": ui_text(lang, "former"),
                "no_post": ui_text(lang, "no_post"),
                "people": [h.__dict__ for h in result.people],
                "containing": [h.__dict__ for h in result.containing],
            }
        )

    def visit_choice(request: Request, values: Mapping[str, Any] | None = None) -> VisitChoice:
        """The visit a form or a link chose: date, the documents' language and the visit's details."""
        values = request.query_params if values is None else values
        text = str(values.get("date") or "")
        try:
            day = dt.date.fromisoformat(text) if text else dt.date.today()
        except ValueError:
            raise BadInputError(f"the date must be YYYY-MM-DD, not {text[:40]!r}") from None
        lang = str(values.get("lang") or ui_lang(request))
        if lang not in LANGUAGES:
            raise BadInputError(f"the language must be one of {', '.join(LANGUAGES)}")
        details = {key: str(values.get(key) or "") for key in FORM_FIELDS if values.get(key)}
        return VisitChoice(day, lang, details)

    async def person_of(request: Request) -> tuple[Any, str]:
        dataset = require_dataset(await current())
        pid = request.path_params["pid"]
        if not PERSON_ID.fullmatch(pid) or pid not in dataset.people:
            raise Problem(404, "not_found")
        return dataset, pid

    def visit_form(request: Request, dataset: Any, choice: VisitChoice) -> dict[str, Any]:
        """What the visit's fields show: the choice, the meeting kinds and the two sides' countries."""
        ui = ui_lang(request)
        kinds = [(k.value, label(ui, "meeting_kind", k.value)) for k in MeetingKind]
        manifest = dataset.manifest
        countries = [(c, country_name(ui, c)) for c in (manifest.home, *manifest.partners)]
        return {
            "day": choice.day.isoformat(),
            "lang": choice.lang,
            "languages": LANGUAGES,
            "details": choice.details,
            "kinds": kinds,
            "countries": countries,
        }

    async def person(request: Request, sid: str) -> Response:
        dataset, pid = await person_of(request)
        choice = visit_choice(request)
        visit = choice.visit([pid])
        brief = await quick(jobs.preview, dataset, pid, choice.day, choice.lang, visit)
        lang = choice.lang
        return render(
            request,
            "person.html",
            loaded=dataset_loaded(dataset),
            brief=brief,
            d=lambda key, **v: ui_text(lang, key, **v),  # the preview's own labels: in the documents' language
            h=lambda key: TEMPLATE_TEXT[lang][key],  # and the Word brief's own headings, from the one place
            pid=pid,
            has_pdf=has_pdf,
            chosen=choice.fields(),
            query=urllib.parse.urlencode(choice.fields()),
            **visit_form(request, dataset, choice),
        )

    async def download(request: Request, sid: str) -> Response:
        dataset, pid = await person_of(request)
        kind = request.path_params["kind"]
        if kind not in jobs.DOWNLOADS:
            raise Problem(404, "not_found")
        choice = visit_choice(request)
        visit = choice.visit([pid])
        name, data = await off_loop(
            jobs.download, dataset, pid, kind, choice.day, choice.lang, request.query_params.get("to", ""), visit
        )
        return attachment(name, data)

    async def refresh_form(request: Request, sid: str) -> Response:
        return render(request, "refresh.html", loaded=await current(), mb=config.max_upload // 2**20)

    async def refresh_post(request: Request, sid: str) -> Response:
        form = await request.form(max_files=1, max_fields=20)
        upload = form.get("brief")
        if not isinstance(upload, UploadFile) or not (upload.filename or "").lower().endswith(".docx"):
            raise Problem(415, "wrong_type")
        data = await upload.read(config.max_upload + 1)
        if len(data) > config.max_upload:
            raise Problem(413, "too_large", mb=config.max_upload // 2**20)
        if not data.startswith(DOCX_MAGIC):
            raise Problem(415, "wrong_type")
        dataset = require_dataset(await current())
        outcome, refreshed = await off_loop(jobs.refresh_upload, dataset, data)
        key = pickup.put(sid, outcome.path.name if outcome.path else "brief.docx", refreshed, jobs.MEDIA[".docx"])
        previous = format_day(dt.date.fromisoformat(outcome.previous), ui_lang(request)) if outcome.previous else "—"
        return render(request, "refreshed.html", outcome=outcome, key=key, previous=previous)

    async def delegation_form(request: Request, sid: str) -> Response:
        loaded = await current()
        dataset = require_dataset(loaded)
        return render(
            request,
            "delegation.html",
            loaded=loaded,
            outcomes=None,
            **visit_form(request, dataset, visit_choice(request)),
        )

    async def delegation_post(request: Request, sid: str) -> Response:
        """The page arrives in pieces as the briefs are written: each name's outcome as it is done (progress
        without a script), then the archive's link.  A client that leaves stops the work, and the folder
        the briefs were written into is removed whatever happens."""
        form = await request.form(max_files=0, max_fields=20)
        names = jobs.delegation_names(str(form.get("names") or "").splitlines())
        if not form.get("date"):
            raise BadInputError("the date must be YYYY-MM-DD")
        choice = visit_choice(request, form)
        day, lang = choice.day, choice.lang
        visit = choice.visit(names)
        loaded = await current()
        dataset = require_dataset(loaded)
        page = render(
            request,
            "delegation.html",
            loaded=loaded,
            outcomes=[],
            names="\n".join(names),
            **visit_form(request, dataset, choice),
        ).body
        head, rest = bytes(page).decode().split(PROGRESS, 1)
        middle, tail = rest.split(DONE, 1)
        t = partial(ui_text, ui_lang(request))

        async def pieces() -> AsyncIterator[str]:
            folder = Path(tempfile.mkdtemp(prefix="briefgen-serve-"))
            try:
                yield head
                outcomes = []
                for index, name in enumerate(names, 1):
                    outcome = await off_loop(
                        jobs.delegation_member, dataset, name, folder / str(index), day, lang, visit
                    )
                    outcomes.append(outcome)
                    yield env.get_template("_outcome.html").render(o=outcome, t=t)
                filename, data = await off_loop(jobs.delegation_archive, outcomes, day, lang)
                key = pickup.put(sid, filename, data, jobs.MEDIA[".zip"])
                ok = sum(1 for o in outcomes if not o.error)
                yield middle
                yield env.get_template("_delegation_done.html").render(ok=ok, total=len(outcomes), key=key, t=t)
                yield tail
            finally:  # run here, not awaited: a cancelled stream could not await it (and it takes milliseconds)
                shutil.rmtree(folder, ignore_errors=True)

        return StreamingResponse(pieces(), media_type="text/html; charset=utf-8")

    async def result(request: Request, sid: str) -> Response:
        taken = pickup.take(sid, request.path_params["key"])
        if taken is None:
            raise Problem(404, "result_gone")
        name, _, data = taken
        return attachment(name, data)

    # -- curators ------------------------------------------------------------------------------------

    async def curator(request: Request, sid: str) -> Response:
        loaded = await current()
        missing = await quick(jobs.ingest_libraries_missing)
        return render(
            request,
            "curator.html",
            loaded=loaded,
            root=str(state.root),
            files=len(loaded.stamp),
            can_ingest=not missing,
            bundled=state.bundled,
        )

    async def ingest_post(request: Request, sid: str) -> Response:
        form = await request.form(max_files=0, max_fields=20, max_part_size=2 * 2**20)
        text = str(form.get("article") or "")
        if not text.strip():
            raise BadInputError("paste the article's text")
        loaded = await current()
        dataset = require_dataset(loaded)
        draft, written = await off_loop(jobs.draft_from_article, dataset, text, not state.bundled)
        key = pickup.put(sid, (written.name if written else "draft.yaml"), draft.encode(), "application/yaml")
        where = str(written.relative_to(dataset.root)) if written else ""
        return render(request, "drafted.html", loaded=loaded, draft=draft, where=where, key=key)

    routes = [
        Route("/", page(home)),
        Route("/login", page(login, public=True)),
        Route("/login", page(login_post, public=True), methods=["POST"]),
        Route("/logout", page(logout), methods=["POST"]),
        Route("/api/search", page(api_search)),
        Route("/person/{pid}", page(person)),
        Route("/person/{pid}/download/{kind}", page(download)),
        Route("/refresh", page(refresh_form)),
        Route("/refresh", page(refresh_post), methods=["POST"]),
        Route("/delegation", page(delegation_form)),
        Route("/delegation", page(delegation_post), methods=["POST"]),
        Route("/result/{key}", page(result)),
        Route("/curator", page(curator)),
        Route("/curator/ingest", page(ingest_post), methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if "*" not in config.allowed_hosts:
        middleware.append(
            Middleware(
                TrustedHostMiddleware,
                allowed_hosts=[h.strip("[]") for h in config.allowed_hosts] + list(config.allowed_hosts),
            )
        )

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        """Read the dataset (and start preparing the search) as the server starts, in the background: the
        first officer then finds it ready, and the server answers at once even when the cache is cold."""
        threading.Thread(target=state.current, name="briefgen-load", daemon=True).start()
        yield

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.config = config
    app.state.dataset = state
    return app


def dataset_scope(dataset: Any, lang: str) -> str:
    """What the dataset covers, in the interface's language where the manifest has it (its `scope`, as the
    documents print it): the manifest's `name` is the curators' and has no translation."""
    manifest = dataset.manifest
    return manifest.scope.in_lang(lang, manifest.text_language)[0]


def dataset_loaded(dataset: Any) -> Loaded:
    """A usable dataset as `render` shows it (its name in the header)."""
    return Loaded([], dataset)


def attachment(filename: str, data: bytes) -> Response:
    """A file to save, its name given both plainly (ASCII) and exactly (RFC 6266 filename*)."""
    suffix = Path(filename).suffix
    plain = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    quoted = urllib.parse.quote(filename, safe="")
    return Response(
        data,
        media_type=jobs.MEDIA.get(suffix, "application/octet-stream"),
        headers={"content-disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quoted}"},
    )


def _prefers_vietnamese(request: Request) -> bool:
    accepted = request.headers.get("accept-language", "")
    first = accepted.split(",")[0].strip().lower()
    return first.startswith("vi")


def _same_origin(request: Request) -> bool:
    """A form sent from another site is refused before its token is read (the token would refuse it too).
    A browser that hides the origin ("null", or no header) leaves the decision to the token."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return urllib.parse.urlsplit(origin).netloc == request.headers.get("host", "")
