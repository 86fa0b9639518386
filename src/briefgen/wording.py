"""Records and judgments as reader text, in one language: the one place a record is worded.

The brief, the matrix, the e-mail (through the brief), `who`/`people` and the name resolver's
candidate lines all word a post, an agreement's state, a commitment's state, an organisation or
a source through a `Wording`, so the same record reads the same in every output (tests/test_wording.py
holds every record of the test datasets to that).  `i18n` keeps the tables (phrases, labels, date
patterns); this module chooses which phrase a record's data and its judgment call for.

A `Wording` counts the data texts it had to show untranslated (`untranslated`), so the brief can say
how many; nothing else in it changes after it is made but what it keeps of its own work (each source's
citation, worded once however many rows cite it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from briefgen import judgments as J
from briefgen.dataset import Dataset
from briefgen.i18n import (
    check_language,
    country_name,
    format_day,
    format_partial,
    format_span,
    format_table_date,
    label,
    words,
)
from briefgen.localtext import LocalText
from briefgen.models import Agreement, Commitment, Person, Post, Source
from briefgen.partialdate import PartialDate


class Wording:
    """Reader text for the records of `dataset` in `lang` ("en" or "vi")."""

    def __init__(self, dataset: Dataset, lang: str):
        self.ds = dataset
        self.lang = check_language(lang)
        self.base = dataset.manifest.text_language
        self.home = dataset.manifest.home
        self.untranslated = 0
        self._cited: dict[str, str] = {}  # a source id → its citation (a large matrix cites a source many times)

    # -- words, data text, dates ------------------------------------------------------------

    def w(self, key: str, **values: object) -> str:
        return words(self.lang, key, **values)

    def label(self, group: str, key: str) -> str:
        return label(self.lang, group, key)

    def text(self, value: LocalText | str | None) -> str:
        """Data text in the reader's language; an original shown untranslated says so."""
        if value is None:
            return ""
        text, translated = LocalText.of(value).in_lang(self.lang, self.base)
        if translated:
            return text
        self.untranslated += 1
        return f"{text} [{self.w('not_translated')}]"

    def date(self, value: PartialDate | None) -> str:
        return format_partial(value, self.lang)

    def table_date(self, value: PartialDate | None) -> str:
        """A date in a table cell (numeric in Vietnamese, so it never breaks inside a narrow column)."""
        return format_table_date(value, self.lang)

    def day(self, value: dt.date) -> str:
        return format_day(value, self.lang)

    def span(self, first: PartialDate, last: PartialDate | None) -> str:
        return format_span(first, last, self.lang)

    def end_text(self, end: PartialDate) -> str:
        """ "9 January 2026", or "end of 2023" when only the year or month is known."""
        text = self.date(end)
        return text if end.day else self.w("end_of", date=text)

    def count(self, key: str, n: int) -> str:
        """A count with its noun: "5 meetings", "1 open item" (`key` a plural phrase of i18n.WORDS)."""
        return self.w(key, n=n)

    # -- names ------------------------------------------------------------------------------

    def country(self, code: str) -> str:
        return country_name(self.lang, code)

    def org_name(self, org_id: str | None) -> str:
        """The organisation's name in the reader's language, marked when only another language's is known."""
        if not org_id or org_id not in self.ds.organizations:
            return ""
        names = self.ds.organizations[org_id].names
        return names.get(self.lang) or self.text(LocalText(translations=tuple(names.items())))

    def field_label(self, field_id: str) -> str:
        labels = self.ds.fields[field_id].labels
        return labels.get(self.lang) or labels["en"]

    def person_name(self, person_id: str) -> str:
        return self.ds.people[person_id].name.full()

    def inferred(self, inference) -> str:
        """ "year inferred" / "date inferred (month, day)", or "" when the date is as recorded."""
        if inference is None:
            return ""
        if [p.value for p in inference.parts] == ["year"]:
            return self.w("year_inferred")
        parts = ", ".join(self.label("precision", p) for p in inference.parts)
        return self.w("date_inferred", parts=parts)

    # -- posts ------------------------------------------------------------------------------

    def period(self, post: Post, held: bool = True, *, table: bool = False) -> str:
        date = self.table_date if table else self.date
        if post.start and post.end:
            return self.w("period", start=date(post.start), end=date(post.end))
        if post.start:
            return self.w("since" if held else "from_start", start=date(post.start))
        if post.end:
            return self.w("until", end=date(post.end))
        return self.w("dates_not_stated")

    def post_where(self, post: Post) -> str:
        """ "Minister of Digital Affairs" or "Director, Global ICT Business Promotion Office, Ministry of …":
        the organisation only where the title does not already name it (nor a part of it)."""
        title, org = self.text(post.title), self.org_name(post.org)
        if not org:
            return title
        words_ = org.split(" ", 2)
        subject = words_[2] if len(words_) == 3 and words_[1].casefold() in ("of", "for") else org
        country = self.country(self.ds.organizations[post.org or ""].country)
        bare = org.removesuffix(" " + country)  # "Bộ Kỹ thuật số Nhật Bản" in "Bộ trưởng Bộ Kỹ thuật số"
        if any(part.casefold() in title.casefold() for part in (subject, org, bare)):
            return title
        parts = org.split(", ")  # "Bureau X, Ministry Y" after a title naming Bureau X: add only the ministry
        while len(parts) > 1 and parts[0].casefold() in title.casefold():
            parts.pop(0)
        return f"{title}, {', '.join(parts)}"

    def post_state_text(self, status: J.PostStatus) -> str:
        if status.state is J.PostState.PROBABLY_ENDED and status.successor:
            return self.w(
                "probably_ended_seen" if status.successor_seen else "probably_ended",
                name=self.person_name(status.successor),
                date=self.date(status.successor_from),
            )
        if status.state is J.PostState.PROBABLY_ENDED and status.org_became:
            fact = status.org_became
            return self.w(
                "probably_ended_org",
                org=self.org_name(fact.org),
                how=self.label("how", fact.how),
                new=self.org_name(fact.into),
                date=self.date(fact.on),
            )
        if status.state is J.PostState.UNCONFIRMED and status.successor:
            return self.w(
                "unconfirmed_other", name=self.person_name(status.successor), date=self.date(status.successor_from)
            )
        if status.state is J.PostState.UNCONFIRMED:
            return self.w("unconfirmed_post")
        text = self.label("post_state", status.state.value)
        if status.post.end_reason is not None and status.state in (J.PostState.ENDED, J.PostState.ENDED_UNDATED):
            text = self.w("ended_how", state=text, how=self.label("end_reason", status.post.end_reason.value))
        return text

    def post_state_label(self, status: J.PostStatus) -> str:
        """The post's status with its newest evidence: "held now (latest record in this post: …)", "probably
        ended: X holds this post from …; verify (latest record …)", "current post not confirmed: no dated
        evidence".  A post ended on a stated date needs none: the date is in its period."""
        text = self.post_state_text(status)
        if status.evidence is not None and status.state not in (J.PostState.UNCONFIRMED, J.PostState.ENDED):
            text = self.w("with_evidence", text=text, date=self.date(status.evidence))
        return text

    def post_line(self, latest: J.PostStatus | None, visit_date: dt.date) -> tuple[str, str]:
        """("Minister for …, Ministry of … (from 2019)", flag): the post as of `visit_date`, worded the same
        on the brief's front, in the e-mail and by `who`/`people`; the flag says what to verify ("" when
        nothing)."""
        if latest is None:
            return self.w("no_post"), ""
        post = latest.post
        where = self.post_where(post)
        if latest.held:
            line = f"{where} ({self.period(post)})" if post.start or post.end else where
            flag = ""
            if latest.state is J.PostState.UNCONFIRMED:
                flag = self.post_state_text(latest)
            elif J.post_needs_verifying(self.ds, latest, visit_date):
                seen = latest.evidence
                flag = self.w("verify_post_dated", date=self.date(seen)) if seen else self.w("verify_post_undated")
            if latest.evidence is not None and not flag.strip():  # a flag to verify says the date itself
                line = self.w("post_evidence", line=line, date=self.date(latest.evidence))
            return line, flag
        period = self.period(post, False) if post.start or post.end else ""
        if post.end_reason is not None:
            reason = self.label("end_reason", post.end_reason.value)
            period = f"{period}; {reason}" if period else reason
        line = self.w("former_post", post=where, period=period) if period else self.w("former_post_undated", post=where)
        if latest.state is J.PostState.PROBABLY_ENDED:
            return line, self.post_state_label(latest)
        if latest.state is J.PostState.ENDED_UNDATED:
            return line, self.w("ended_undated_flag")
        return line, ""

    def address_title(self, person: Person, latest: J.PostStatus | None) -> str:
        """The title used in address: the post's short title while held, else the honorific."""
        if latest is not None and latest.held and latest.post.short_title is not None:
            original = str(latest.post.short_title)
            text, translated = LocalText.of(latest.post.short_title).in_lang(self.lang, self.base)
            if translated:
                return text
            known = self.label("title", original)
            return known if known != original or self.lang == self.base else text
        return self.label("honorific", person.honorific) if person.honorific else ""

    def form_of_address(self, person: Person, latest: J.PostStatus | None) -> str:
        """Always a title or an honorific before the name: the data's, else the language's neutral convention
        ("Mr./Ms.", "Ông/Bà"), marked as such, never a bare name."""
        title = self.address_title(person, latest)
        name = person.name.addressed()
        if title:
            return self.w("address_as", title=title, name=name).strip()
        return self.w("address_convention", name=name)

    def person_line(self, person: Person, visit_date: dt.date) -> str:
        """ "TAKAICHI Sanae (takaichi-sanae, Minister for …, JP)": how a candidate is named when a name is
        looked up, with the post as of the visit date."""
        latest = J.latest_post(self.ds, person, visit_date)
        bits = [person.id]
        if latest is not None:
            where = self.post_where(latest.post)
            bits.append(where if latest.held else self.w("former_post_undated", post=where))
        bits.append(person.country)
        return f"{person.name.full()} ({', '.join(bits)})"

    # -- agreements -------------------------------------------------------------------------

    def agreement_name(self, agreement: Agreement) -> str:
        """ "the MoC of 9 January 2020": how a row names another agreement of its lineage."""
        return self.w(
            "agreement_of", kind=self.label("agreement_kind", agreement.kind.value), date=self.date(agreement.signed)
        )

    def agreement_state_text(self, agreement: Agreement, state: J.AgreementState) -> str:
        """ "expired at the end of 2023", "in force until 15 October 2027", "adopted", "in force, no end date
        stated": the agreement's state by its own period."""
        end = agreement.valid_until
        if state is J.AgreementState.EXPIRED and end is not None:
            return self.w(
                "expired_at",
                end=self.w("on_day", date=self.date(end)) if end.day else self.w("at_end_of", date=self.date(end)),
            )
        if state is J.AgreementState.EXPIRING and end is not None:
            return self.w("status_with_end", status=self.label("agreement_status", state.value), end=self.end_text(end))
        return self.label("agreement_status", state.value)

    def agreement_status_text(self, agreement: Agreement, status: J.AgreementStatus) -> str:
        """The row's own state first, then what followed it: "expired at the end of 2023; renewed by the MoC of
        6 August 2024" (the successor's state is its own row's)."""
        text = self.agreement_state_text(agreement, status.own_state or status.state)
        if status.state is J.AgreementState.SUPERSEDED and status.successor is not None:
            text = self.w(
                "then_renewed" if status.successor_how == "renews" else "then_superseded",
                state=text,
                name=self.agreement_name(status.successor),
            )
        return text

    def agreement_period(self, agreement: Agreement) -> str:
        start = agreement.valid_from or agreement.signed
        if agreement.valid_until:
            return self.w("period", start=self.table_date(start), end=self.table_date(agreement.valid_until))
        return self.w("from_no_end", start=self.table_date(start))

    # -- commitments ------------------------------------------------------------------------

    def owed_by(self, commitment: Commitment) -> str:
        owed = [self.country(c) for c in commitment.owed_by]
        return self.w("both_sides") if len(owed) > 1 else owed[0]

    def commitment_kind(self, commitment: Commitment, home_view: bool = False) -> str:
        """ "asked of Japan", "promised by Japan", "agreed by both sides", "invitation to Japan"; from our own
        side's view (`home_view`, a brief about one of ours) what our side owes is "our side"."""
        ours = home_view and commitment.owed_by == [self.home] and commitment.kind.value != "joint"
        return self.w(f"kind_{commitment.kind.value}" + ("_ours" if ours else ""), who=self.owed_by(commitment))

    def commitment_status_text(self, judged: J.CommitmentStatus) -> str:
        """The commitment's state as of the visit: "lapsed: the event (September 2020) has passed …", "due …:
        passed, no update recorded", "no update recorded since …", "in progress (update of 2 May 2018)"."""
        c = judged.commitment
        if judged.staleness is J.Staleness.LAPSED:
            return self.w("invitation_lapsed", date=self.date(c.due))
        if judged.staleness is J.Staleness.DUE_PASSED:
            return self.w("due_passed", date=self.date(c.due))
        since = self.span(judged.quiet_since, judged.quiet_until)
        if judged.last_update is None:
            return self.w("no_update_since", date=since)
        return self.w("status_update", status=self.label("status", judged.status.value), date=since)

    def commitment_state(self, judged: J.CommitmentStatus) -> str:
        """`commitment_status_text` with the latest update's reader text after it, where there is one."""
        status = self.commitment_status_text(judged)
        if judged.last_update is None or judged.staleness in (J.Staleness.LAPSED, J.Staleness.DUE_PASSED):
            return status
        what = self.text(judged.last_update.text)
        return f"{status}: {what}" if what else status

    # -- sources ----------------------------------------------------------------------------

    def source_citation(self, source: Source) -> str:
        """ "VNA, “Title”, 10 January 2020": a source as a reader cites it in print."""
        when = self.date(source.published) if source.published else self.w("undated")
        return ", ".join(p for p in (source.publisher or "", f"“{source.title}”", when) if p)

    def citations(self, source_ids: Iterable[str]) -> str:
        return "; ".join(self._citation(s) for s in dict.fromkeys(source_ids))

    def _citation(self, source_id: str) -> str:
        found = self._cited.get(source_id)
        if found is None:
            found = self._cited[source_id] = self.source_citation(self.ds.sources[source_id])
        return found
