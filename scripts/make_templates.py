"""Regenerate the default Word templates, templates/brief-en.docx and templates/brief-vi.docx.

The .docx files are binary; this script is their reviewable source.  Change the layout or a
heading here, run it, and commit both the script and its output:

    python scripts/make_templates.py            # writes templates/brief-{en,vi}.docx
    python scripts/make_templates.py --out DIR  # somewhere else

How the templates are built, and why:
- docxtpl tags are written each in a single run (`add_run` with the whole tag), so Word's
  run splitting never cuts one; `{%p ... %}` tags sit alone in their own paragraph and
  `{%tr ... %}` tags alone in their own table row, as docxtpl requires.
- All formatting is in styles (paragraph, character and one table style), never direct,
  so a department restyles the brief by editing styles in Word.
- Headings use Heading 1/2 (navigation pane, TOC), lists use List Bullet, table header
  rows repeat across pages, the footer has a PAGE field, and settings ask Word to update
  fields on opening so the TOC fills itself in.
- Each section is marked where it starts (`mark_section`, see src/briefgen/render/sections.py, marks.py):
  the officer's sections (objectives, points to make, notes) become content controls that
  `briefgen refresh` carries over, data sections bookmarks it regenerates.  Every Heading 1
  is the first block of its section.
- The zip is written with fixed timestamps: running the script twice gives identical bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from briefgen.i18n import TEMPLATE_TEXT as TEXT  # every reader phrase of both languages is kept in i18n
from briefgen.render.sections import mark_section

REPO = Path(__file__).resolve().parent.parent
NAVY, RED, AMBER, GREY, DARK = "1F3864", "C00000", "8A5300", "595959", "404040"
TEXT_WIDTH_CM = 17.0  # A4 with 2 cm side margins


POST_WIDTHS = [5.6, 5.4, 3.4, 2.6]
MEETING_WIDTHS = [2.6, 9.3, 3.5, 1.6]
AGREEMENT_WIDTHS = [2.4, 7.1, 2.8, 3.1, 1.6]
COMMITMENT_WIDTHS = [8.8, 3.0, 3.6, 1.6]
COUNT_WIDTHS = [2.0, 2.2, 12.8]


# -- styles -----------------------------------------------------------------------------


def _fonts(rpr, font: str) -> None:
    """Replace theme fonts by a named one (theme fonts would override it in Word)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(
        0,
        parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="MS Mincho"/>'),
    )


def _style(
    doc,
    name,
    kind=WD_STYLE_TYPE.PARAGRAPH,
    base=None,
    *,
    size=None,
    bold=None,
    italic=None,
    color=None,
    caps=None,
    align=None,
    before=None,
    after=None,
    left=None,
    hanging=None,
    keep_next=None,
    shade=None,
):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if base:
        style.base_style = styles[base]
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)
    if caps is not None:
        font.all_caps = caps
    if shade:
        style.element.get_or_add_rPr().append(
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{shade}"/>')
        )
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        fmt = style.paragraph_format
        if align is not None:
            fmt.alignment = align
        if before is not None:
            fmt.space_before = Pt(before)
        if after is not None:
            fmt.space_after = Pt(after)
        if left is not None:
            fmt.left_indent = Cm(left)
        if hanging is not None:
            fmt.first_line_indent = Cm(-hanging)
        if keep_next is not None:
            fmt.keep_with_next = keep_next
    style.quick_style = True
    return style


def _table_style(doc) -> None:
    """ "Brief Table": thin rules between rows, a dark header row, small cell margins."""
    border = 'w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"'
    doc.styles.element.append(
        parse_xml(f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="BriefTable">
  <w:name w:val="Brief Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders><w:top {border}/><w:bottom {border}/><w:insideH {border}/></w:tblBorders>
    <w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/></w:tcPr>
  </w:tblStylePr>
</w:style>""")
    )


def _define_styles(doc, t) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, t["font"])
    rpr.find(qn("w:lang")).set(qn("w:val"), t["lang"])
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "ja-JP")  # Han characters in names are Japanese here
    _style(doc, "Normal", size=t["size"], after=4)
    styles["Normal"].paragraph_format.line_spacing = 1.1
    for name, size, before, after in (("Title", 22, 0, 4), ("Heading 1", 13, 10, 3), ("Heading 2", 11, 8, 2)):
        style = _style(doc, name, size=size, color=NAVY, before=before, after=after, keep_next=True)
        _fonts(style.element.get_or_add_rPr(), t["font"])
    marking = _style(
        doc,
        "Marking",
        base="Normal",
        size=10,
        bold=True,
        caps=True,
        color=RED,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=2,
        after=6,
    )
    edge = f'w:val="single" w:sz="12" w:space="4" w:color="{RED}"'
    marking.element.get_or_add_pPr().insert_element_before(
        parse_xml(
            f"<w:pBdr {nsdecls('w')}><w:top {edge}/><w:left {edge}/><w:bottom {edge}/><w:right {edge}/></w:pBdr>"
        ),
        "w:shd",
        "w:tabs",
        "w:spacing",
        "w:ind",
        "w:jc",
        "w:outlineLvl",
    )  # schema order inside w:pPr
    _style(
        doc, "Marking Header", base="Header", size=9, bold=True, caps=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _style(doc, "Kicker", base="Normal", size=10, caps=True, color=GREY, after=0)
    _style(doc, "Visit Line", base="Normal", size=t["size"] + 0.5, bold=True, color=NAVY, before=2, after=4)
    _style(doc, "Byline", base="Normal", size=t["size"] - 1.5, color=GREY, after=4)
    _style(doc, "Fact", base="Normal", after=2)
    # The annexes follow the front on its last page: a page break left that page a quarter full or less.
    _style(doc, "Annexes", base="Title", size=18, before=14, after=4, keep_next=True)
    _style(doc, "Placeholder", base="Normal", italic=True, color=GREY)
    _style(doc, "Lead", base="Normal", before=4, after=2, keep_next=True)
    _style(doc, "Muted", WD_STYLE_TYPE.CHARACTER, color=DARK)
    _style(doc, "Table Text", base="Normal", size=t["size"] - 1.5, after=2)
    _style(doc, "Source", base="Normal", size=t["size"] - 1, left=0.8, hanging=0.8, after=2)
    _style(doc, "Source Kept", base="Source", keep_next=True)
    _style(doc, "Label", WD_STYLE_TYPE.CHARACTER, bold=True)
    _style(doc, "Flag", WD_STYLE_TYPE.CHARACTER, bold=True, color=RED, shade="FBE4E4")
    _style(doc, "Caution", WD_STYLE_TYPE.CHARACTER, italic=True, color=AMBER)
    _style(doc, "Cite", WD_STYLE_TYPE.CHARACTER, color=GREY)
    footer = _style(doc, "Footer", size=8, color=GREY)
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    _table_style(doc)


# -- content helpers --------------------------------------------------------------------


def para(container, style, *runs):
    """A paragraph of runs; a run is text or (text, character style).  Each tag is one whole run."""
    paragraph = container.add_paragraph(style=style)
    for run in runs:
        text, char_style = (run, None) if isinstance(run, str) else run
        paragraph.add_run(text, style=char_style)
    return paragraph


def tag(container, text):
    """A `{%p ... %}` tag alone in its paragraph (docxtpl replaces the whole paragraph by it)."""
    return para(container, "Normal", text)


def field(paragraph, instruction, placeholder="", style=None, dirty=False):
    """A complex field (PAGE, NUMPAGES, TOC) with a placeholder result until it is updated."""

    def run_with(child):
        run = paragraph.add_run(style=style)
        run._r.append(child)

    attrs = {qn("w:fldCharType"): "begin", **({qn("w:dirty"): "true"} if dirty else {})}
    run_with(OxmlElement("w:fldChar", attrs=attrs))
    instr = OxmlElement("w:instrText", attrs={qn("xml:space"): "preserve"})
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "separate"}))
    paragraph.add_run(placeholder, style=style)
    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "end"}))


def table(doc, widths, header, row_cells):
    """A table: a repeating header row, a `{%tr for %}` row, the row template, a `{%tr endfor %}` row.

    `row_cells` holds, per column, a list of paragraphs, each a list of runs.
    """
    tbl = doc.add_table(rows=4, cols=len(widths))
    tbl.style = doc.styles["Brief Table"]
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl.autofit = False
    for col, width in zip(tbl.columns, widths):
        col.width = Cm(width)
    for row in tbl.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
    header_row = tbl.rows[0]
    header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header_row.cells, header):
        _fill(cell, [[text]])
    loop_for, loop_end = row_cells[0], row_cells[1]
    _fill(tbl.rows[1].cells[0], [[loop_for]])
    tbl.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a meeting stays on one page
    for cell, paragraphs in zip(tbl.rows[2].cells, row_cells[2]):
        _fill(cell, paragraphs)
    _fill(tbl.rows[3].cells[0], [[loop_end]])
    return tbl


def _fill(cell, paragraphs):
    """Paragraphs into a cell; a paragraph is a list of runs, or (style, runs) for another style than Table Text."""
    for i, spec in enumerate(paragraphs):
        style, runs = spec if isinstance(spec, tuple) else ("Table Text", spec)
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.style = cell.part.document.styles[style]
        for run in runs:
            text, char_style = (run, None) if isinstance(run, str) else run
            paragraph.add_run(text, style=char_style)


def label(text):
    return (f"{text}: ", "Label")


def cites(expr):
    return (f" {{{{ {expr} }}}}", "Cite")


def mt(expr, t):
    """The machine-translation flag of a row: a paragraph of its first column, there only when needed."""
    return [["{%p if " + expr + ".machine_translation %}"], [(t["mt"], "Caution")], ["{%p endif %}"]]


def inferred(expr):
    return (f"{{% if {expr}.inferred %}} ({{{{ {expr}.inferred }}}}){{% endif %}}", "Caution")


# -- the brief ---------------------------------------------------------------------------


def bullets(doc, loop, runs, empty=None):
    """A `{%p for %}` list of List Bullet paragraphs, with an optional line when the list is empty."""
    tag(doc, f"{{%p for {loop} %}}")
    para(doc, "List Bullet", *runs)
    if empty is not None:
        tag(doc, "{%p else %}")
        para(doc, "Normal", empty)
    tag(doc, "{%p endfor %}")


def fact(doc, name, *runs, when=None):
    """A "Label: value" line of the front section, shown only `when` the expression is true."""
    if when:
        tag(doc, f"{{%p if {when} %}}")
    para(doc, "Fact", label(name), *runs)
    if when:
        tag(doc, "{%p endif %}")


def front(doc, t):
    """The front section, in the order of a diplomatic brief: the visit line (who receives whom, where, in what
    format, when), the counterpart now, our objectives and points to make, background, what is open on their
    side, what they may raise (with our line), points to verify, notes.

    It must fit on two A4 pages for a counterpart with a ten-year record, so every block is a few lines
    and everything else is in the annexes.  The handling marking is in the page header, once per page.
    """
    para(doc, "Kicker", t["kicker"], " · ", "{{ visit_date }}")
    para(doc, "Title", "{{ counterpart.name }}")
    para(doc, "Visit Line", "{{ visit_line }}")
    tag(doc, "{%p for f in visit_facts %}")
    para(doc, "Fact", ("{{ f.label }}: ", "Label"), "{{ f.text }}")
    tag(doc, "{%p endfor %}")
    para(doc, "Byline", "{{ scope }} · " + t["prepared"])

    mark_section(doc, "counterpart")
    para(doc, "Heading 1", t["h_now"])
    fact(
        doc,
        t["post"],
        "{{ counterpart.post_line }}",
        cites("counterpart.post_cites"),
        "{% if counterpart.post_flag %} {% endif %}",
        ("{{ counterpart.post_flag }}", "Flag"),
    )
    fact(doc, t["address"], "{{ address_line }}")
    tag(doc, "{%p for s in counterpart.successions %}")
    para(doc, "Fact", ("{{ s }}", "Caution"))
    tag(doc, "{%p endfor %}")
    fact(doc, t["record"], "{{ counterpart.record }}")
    mark_section(doc, "changes")  # empty until `refresh` fills it with what changed since the previous brief

    mark_section(doc, "objectives")
    para(doc, "Heading 1", t["h_objectives"])
    para(doc, "Placeholder", t["objectives_placeholder"])
    mark_section(doc, "points-to-make")
    para(doc, "Heading 1", t["h_points"])
    para(doc, "Placeholder", t["points_placeholder"])
    mark_section(doc, "suggestions")
    tag(doc, "{%p if suggestions %}")
    para(doc, "Lead", t["suggested"])
    bullets(doc, "p in suggestions", ["{{ p.text }}", cites("p.cites")])
    tag(doc, "{%p endif %}")

    mark_section(doc, "background")
    para(doc, "Heading 1", t["h_background"])
    bullets(doc, "b in background", ["{{ b.date }}: {{ b.text }}", cites("b.cites")], empty=t["none"])

    mark_section(doc, "open-items")
    para(doc, "Heading 1", t["h_their_open"])
    bullets(
        doc,
        "c in their_open",
        ["{{ c.text }}", (" — {{ c.kind }}; {{ c.state_label }}", "Muted"), cites("c.cites")],
        empty=t["nothing_open"],
    )
    tag(doc, "{%p if older_items %}")
    para(doc, "Normal", ("{{ older_items }}", "Muted"))
    tag(doc, "{%p endif %}")

    mark_section(doc, "may-raise")
    para(doc, "Heading 1", t["h_may_raise"])
    tag(doc, "{%p if may_raise %}")
    para(doc, "Lead", t["may_raise_lead"])
    bullets(doc, "c in may_raise", ["{{ c.text }}", (" — {{ c.state_label }}", "Muted"), cites("c.cites")])
    tag(doc, "{%p else %}")
    para(doc, "Normal", t["nothing_owed"])
    tag(doc, "{%p endif %}")
    mark_section(doc, "officer-our-line")
    para(doc, "Heading 2", t["h_our_line"])
    para(doc, "Placeholder", t["our_line_placeholder"])

    mark_section(doc, "verify")
    para(doc, "Heading 1", t["h_verify"])
    bullets(doc, "w in front_verify", ["{{ w.message }}"], empty=t["nothing_to_verify"])
    para(doc, "Normal", ("{{ freshness }}", "Muted"))

    mark_section(doc, "notes")
    para(doc, "Heading 1", t["h_notes"])
    para(doc, "Placeholder", t["notes_placeholder"])


def counts(doc, t, name):
    """The older part of a long record, counted by year and field (a table), when the brief has one."""
    tag(doc, f"{{%p if {name} %}}")
    para(doc, "Lead", t[name])
    table(
        doc,
        COUNT_WIDTHS,
        t["count_cols"],
        [
            f"{{%tr for r in {name} %}}",
            "{%tr endfor %}",
            [[["{{ r.year }}"]], [["{{ r.count }}"]], [["{{ r.fields }}"]]],
        ],
    )
    tag(doc, "{%p endif %}")


def annexes(doc, t):
    """Background, compact: one table row per item."""
    mark_section(doc, "annexes")  # the page-break title alone, so that no annex runs into the officer's notes
    para(doc, "Annexes", t["annexes"])

    mark_section(doc, "profile")
    para(doc, "Heading 1", t["h_profile"])
    para(
        doc,
        "Normal",
        label(t["p_name"]),
        ("{{ profile.name }}", "Strong"),
        "{% if profile.honorific %} ({{ profile.honorific }}){% endif %} · {{ profile.country }}",
    )
    fact(doc, t["p_native"], "{{ profile.native }}", when="profile.native")
    para(
        doc,
        "Normal",
        label(t["p_address"]),
        "{{ profile.form_of_address }} · ",
        label(t["p_order"]),
        "{{ profile.name_order }}",
    )
    fact(doc, t["p_identity"], "{{ profile.identity_note }}", when="profile.identity_note")
    fact(doc, t["p_spellings"], "{{ profile.other_spellings }}", when="profile.other_spellings")
    tag(doc, "{%p if profile.posts %}")
    table(
        doc,
        POST_WIDTHS,
        t["post_cols"],
        [
            "{%tr for post in profile.posts %}",
            "{%tr endfor %}",
            [
                [["{{ post.title }}", cites("post.cites")]],
                [["{{ post.org }}"]],
                [["{{ post.period }}"]],
                [["{{ post.state_label }}"]],
            ],
        ],
    )
    tag(doc, "{%p endif %}")

    mark_section(doc, "meetings")
    para(doc, "Heading 1", t["h_meetings"])
    tag(doc, "{%p if meetings %}")
    table(
        doc,
        MEETING_WIDTHS,
        t["m_cols"],
        [
            "{%tr for m in meetings %}",
            "{%tr endfor %}",
            [
                [["{{ m.date }}", inferred("m")], *mt("m", t)],
                [[("{{ m.title }}", "Strong")], [("{{ m.kind }} · {{ m.place }} · {{ m.participants }}", "Muted")]],
                [["{{ m.relation }}"]],
                [["{{ m.cites }}"]],
            ],
        ],
    )
    tag(doc, "{%p else %}")
    para(doc, "Normal", t["none"])
    tag(doc, "{%p endif %}")
    counts(doc, t, "older_meetings")

    mark_section(doc, "agreements")
    para(doc, "Heading 1", t["h_agreements"])
    tag(doc, "{%p if agreements %}")
    table(
        doc,
        AGREEMENT_WIDTHS,
        t["a_cols"],
        [
            "{%tr for a in agreements %}",
            "{%tr endfor %}",
            [
                [["{{ a.signed }}", inferred("a")], *mt("a", t)],
                [
                    [("{{ a.title }}", "Strong")],
                    [
                        (
                            "{{ a.kind }} · {{ a.parties }}{% if a.signatories %} · "
                            + t["signed_by"]
                            + " {{ a.signatories }}{% endif %}{% if a.lineage %} · {{ a.lineage }}{% endif %}",
                            "Muted",
                        )
                    ],
                ],
                [["{{ a.period }}"]],
                [
                    [
                        ("{% if a.flagged %}{{ a.status_label }}{% endif %}", "Flag"),
                        "{% if not a.flagged %}{{ a.status_label }}{% endif %}",
                    ]
                ],
                [["{{ a.cites }}"]],
            ],
        ],
    )
    tag(doc, "{%p else %}")
    para(doc, "Normal", t["none"])
    tag(doc, "{%p endif %}")

    mark_section(doc, "commitments")
    para(doc, "Heading 1", t["h_commitments"])
    tag(doc, "{%p for g in commitments_by_field %}")
    para(doc, "Heading 2", "{{ g.label }}")
    table(
        doc,
        COMMITMENT_WIDTHS,
        t["c_cols"],
        [
            "{%tr for c in g.commitments %}",
            "{%tr endfor %}",
            [
                [["{{ c.text }}"], [("{{ c.kind }}", "Muted")]],
                [["{{ c.made_on }}", inferred("c")], *mt("c", t)],
                [["{{ c.state_label }}"]],
                [["{{ c.cites }}"]],
            ],
        ],
    )
    tag(doc, "{%p else %}")
    para(doc, "Normal", t["none"])
    tag(doc, "{%p endfor %}")
    counts(doc, t, "older_open")

    mark_section(doc, "sources")
    para(doc, "Heading 1", t["h_sources"])
    # A short list holds together and a long one keeps its last four together: two sources alone on the
    # last page made a director turn to a page almost empty.
    tag(doc, "{%p for s in sources %}")
    tag(doc, "{%p if loop.length <= 12 or loop.revindex <= 4 %}")
    source(doc, t, "Source Kept")
    tag(doc, "{%p else %}")
    source(doc, t, "Source")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    mark_section(doc, None)


def source(doc, t, style):
    """One entry of the sources annex."""
    para(
        doc,
        style,
        "[{{ s.number }}]\t{% if s.publisher %}{{ s.publisher }}, {% endif %}“{{ s.title }}”, "
        "{{ s.published }}."
        "{% if s.address %} {{ s.address }}{% endif %} ",
        (f"{{% if s.machine_translation %}}{t['s_mt']}{{% endif %}}", "Flag"),
    )


def build(lang: str):
    t = TEXT[lang]
    doc = Document()
    _define_styles(doc, t)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)
    section.header_distance = section.footer_distance = Cm(0.9)
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].style = doc.styles["Marking Header"]
    section.header.paragraphs[0].add_run("{{ handling }}")
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    foot.add_run("{{ counterpart.name }} · {{ visit_date }}")  # the handling marking: once, in the header
    foot.add_run(f"\t{t['page']} ")
    field(foot, "PAGE", "1")
    foot.add_run(f" {t['of']} ")
    field(foot, "NUMPAGES", "1")

    front(doc, t)
    annexes(doc, t)

    props = doc.core_properties
    props.title, props.subject, props.author = f"briefgen brief template ({lang})", "", "briefgen"
    props.last_modified_by, props.comments, props.keywords, props.category = "briefgen", "", "", ""
    props.language, props.revision = t["lang"], 1
    props.created = props.modified = dt.datetime(2026, 1, 1)
    return doc


def _deterministic(doc) -> bytes:
    """The saved .docx with fixed zip timestamps, so unchanged templates give unchanged bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                src.read(info.filename),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "templates", help="folder to write to (default: templates/)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in TEXT:
        path = args.out / f"brief-{lang}.docx"
        path.write_bytes(_deterministic(build(lang)))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
