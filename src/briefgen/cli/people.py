"""`briefgen people` and `briefgen who`: list the people of a dataset, and check how a name resolves.

`who` lets a user see, before generating anything, which person a name will be
taken to mean and why; the decisions themselves live in `briefgen.resolve`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table
from rich.text import Text

from briefgen.cli import jsonout
from briefgen.cli.app import DataOption, app, fail, open_dataset, out, printable
from briefgen.cli.exitcodes import EXIT_BAD_INPUT, EXIT_OK
from briefgen.cli.options import JsonOption, QuietOption, apply
from briefgen.dataset import Dataset
from briefgen.errors import BriefgenError
from briefgen.judgments import latest_post
from briefgen.models import Person
from briefgen.resolve import explain, filter_people
from briefgen.wording import Wording


def _post(dataset: Dataset, person: Person, as_of: dt.date | None = None) -> str:
    """The post as of `as_of` (today), worded as the brief's front words it (`wording.Wording.post_line`),
    with what to verify after it in brackets."""
    status = latest_post(dataset, person, as_of or dt.date.today())
    if status is None:
        return ""
    line, flag = Wording(dataset, "en").post_line(status, as_of or dt.date.today())
    return f"{line} ({flag})" if flag else line


def _address(dataset: Dataset, person: Person, as_of: dt.date | None = None) -> str:
    """The form of address, as the brief gives it."""
    return Wording(dataset, "en").form_of_address(person, latest_post(dataset, person, as_of or dt.date.today()))


@app.command()
def people(
    query: Optional[str] = typer.Argument(None, help="Show only people whose name, alias or id contains this."),
    data: Optional[Path] = DataOption,
    as_json: bool = JsonOption,
    quiet_: bool = QuietOption,
) -> None:
    """List the people of a dataset: name, native name, latest post, country and number of meetings.

    Example: briefgen people takaichi
    """
    apply("people", as_json=as_json, quiet=quiet_)
    try:
        dataset = open_dataset(data)
    except BriefgenError as exc:
        fail(exc)
    found = filter_people(dataset, query)
    if as_json:
        listed = [
            {**_person(dataset, person), "meetings": len(dataset.meetings_by_person.get(person.id, []))}
            for person in found
        ]
        jsonout.emit(
            jsonout.document(
                "people",
                dataset=jsonout.dataset_info(dataset, bundled=data is None),
                query=query,
                total=len(dataset.people),
                people=listed,
            )
        )
        return
    table = Table(
        title=f"{len(found)} of {len(dataset.people)} people",
        caption="Native: when it differs from the name; Mtgs: meetings in the dataset",
    )
    for header in ("Name", "Id", "Native", "Latest post", "CC", "Mtgs"):
        table.add_column(header, no_wrap=header == "Id", justify="right" if header == "Mtgs" else "left")
    for person in found:
        native = person.native if person.native and person.native != person.name.full(capitals=False) else ""
        cells = (
            person.name.full(),
            person.id,
            native,
            _post(dataset, person),
            person.country,
            str(len(dataset.meetings_by_person.get(person.id, []))),
        )
        table.add_row(*(Text(printable(cell)) for cell in cells))  # Text: brackets in data are not markup
    out.print(table)


def _person(dataset: Dataset, person: Person) -> dict[str, Any]:
    """A person in --json output (docs/cli-json.md)."""
    status = latest_post(dataset, person, dt.date.today())
    post = status.post if status else None
    org = dataset.organizations.get(post.org or "") if post else None
    return {
        "id": person.id,
        "name": person.name.full(),
        "native": person.native,
        "country": person.country,
        "latest_post": None
        if status is None or post is None
        else {
            "title": str(post.title),
            "org": post.org,
            "org_name": str(org.names["en"]) if org else None,
            "held": status.held,
            "state": status.state.value,
        },
        "address_as": _address(dataset, person),
        "disambiguation": None if person.disambiguation is None else str(person.disambiguation),
    }


@app.command()
def who(
    name: str = typer.Argument(..., help="A name as a user would type it, or a person id."),
    data: Optional[Path] = DataOption,
    as_json: bool = JsonOption,
    quiet_: bool = QuietOption,
) -> None:
    """Show which person NAME resolves to and why; exit 0 when exactly one person, 2 otherwise.

    Example: briefgen who "Minister Takaichi"
    """
    apply("who", as_json=as_json, quiet=quiet_)
    try:
        dataset = open_dataset(data)
    except BriefgenError as exc:
        fail(exc)
    resolution, candidates, lines = explain(dataset, name)
    if as_json:
        found = [{**jsonout.candidate(c), "person": _person(dataset, dataset.people[c.person_id])} for c in candidates]
        code = EXIT_OK if resolution is not None else EXIT_BAD_INPUT
        error = None if resolution else {"kind": "NameNotResolvedError", "message": lines[-1] if lines else name}
        jsonout.emit(
            jsonout.document(
                "who",
                exit_code=code,
                error=error,
                query=name,
                explanation=lines,
                dataset=jsonout.dataset_info(dataset, bundled=data is None),
                resolved=_person(dataset, resolution.person) if resolution else None,
                candidates=found,
            )
        )
        raise typer.Exit(code)
    for line in lines:
        out.print(line, markup=False)
    if resolution is not None:
        person = resolution.person
        wd = Wording(dataset, "en")  # the record as the English brief words it
        out.print("", markup=False)
        for label, value in (
            ("Name", person.name.full()),
            ("Id", person.id),
            ("Native", person.native),
            ("Latest post", _post(dataset, person)),
            ("Country", f"{wd.country(person.country)} ({person.country})"),
            ("Address as", _address(dataset, person)),
            ("Not to confuse", wd.text(person.disambiguation)),
        ):
            if value:
                out.print(f"{label + ':':<16}{value}", markup=False)
        return
    if candidates:
        table = Table(title="Candidates (none chosen)")
        for header in ("Name", "Id", "Latest post", "Country", "Why"):
            table.add_column(header, no_wrap=header == "Id")
        for cand in candidates:
            person = dataset.people[cand.person_id]
            score = "" if cand.score == 100 else f" {cand.score:g}"
            cells = (
                cand.display,
                cand.person_id,
                _post(dataset, person),
                person.country,
                f'{cand.how}{score}: "{cand.matched}"',
            )
            table.add_row(*(Text(printable(cell)) for cell in cells))
        out.print(table)
    raise typer.Exit(EXIT_BAD_INPUT)
