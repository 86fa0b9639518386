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

from briefgen.render.docx import ensure_update_fields

REPO = Path(__file__).resolve().parent.parent
NAVY, RED, AMBER, GREY, DARK = "1F3864", "C00000", "8A5300", "595959", "404040"
TEXT_WIDTH_CM = 17.0  # A4 with 2 cm side margins

# Fixed text per language.  Everything else (dates, labels, names) comes translated in the Brief.
TEXT = {
    "en": {
        "font": "Arial", "size": 10.5, "lang": "en-GB",
        "kicker": "Visit briefing",
        "visit_date": "Visit date", "prepared_on": "Prepared on", "prepared_by": "Prepared by", "scope": "Scope",
        "latest_post": "Latest known post", "source_dated": "source dated", "verify_post": "verify current post",
        "no_post": "none recorded",
        "contents": "Contents",
        "toc_placeholder": "Word fills in this table of contents when the document opens (answer Yes to update "
                           "fields). In other editors, update the field to see it.",
        "h_glance": "At a glance", "h_objectives": "Our objectives", "h_points": "Points to make",
        "h_profile": "Counterpart profile", "h_meetings": "History of meetings", "h_agreements": "Agreements",
        "h_open": "Open commitments by field", "h_verify": "Points to verify", "h_sources": "Sources",
        "g_last": "Last meeting", "g_meetings": "Meetings on record",
        "g_meetings_v": "{{ glance.meetings }} ({{ glance.meetings_attended }} attended by the counterpart, "
                        "{{ glance.meetings - glance.meetings_attended }} with their organisation)",
        "g_agreements": "Agreements",
        "g_agreements_v": "{{ glance.agreements }} ({{ glance.agreements_in_force }} in force, "
                          "{{ glance.agreements_expired }} expired, {{ glance.agreements_no_end }} with no end date "
                          "stated)",
        "g_open": "Open commitments",
        "g_open_v": "{{ glance.open_commitments }} (owed by {{ partner }}: {{ glance.open_owed_by_partner }}; owed by "
                    "{{ home }}: {{ glance.open_owed_by_home }}; items owed by both sides count for each)",
        "g_fields": "Fields with open items", "g_data": "Data",
        "objectives_placeholder": "[For the desk officer to write: what we want from this visit, in two or three "
                                  "lines.]",
        "points_placeholder": "[For the desk officer to write: the points our principal should make.]",
        "suggested": "Suggested by the record (check before use):",
        "none": "None on record.",
        "p_name": "Name", "p_native": "Native script", "p_address": "Form of address", "p_order": "Name order",
        "p_country": "Country", "p_disambiguation": "Not to be confused with", "p_note": "Note",
        "h_posts": "Posts held", "h_aliases": "Other names and spellings",
        "m_cols": ["Date", "Kind and place", "Meeting and participants", "Counterpart", "Sources"],
        "a_cols": ["Signed", "Document", "Period", "Status", "Sources"],
        "mt": "machine translation", "signed_by": "signed by",
        "c_owed": "Owed by", "c_status": "Status", "c_made": "Made", "c_at": "at", "c_update": "Last update",
        "c_age": "Open for", "c_due": "Due",
        "s_mt": "confirm before use",
        "page": "Page", "of": "of",
    },
    "vi": {
        "font": "Times New Roman", "size": 12, "lang": "vi-VN",
        "kicker": "Tài liệu phục vụ chuyến thăm",
        "visit_date": "Ngày làm việc", "prepared_on": "Ngày soạn", "prepared_by": "Đơn vị soạn", "scope": "Phạm vi",
        "latest_post": "Chức vụ gần nhất đã biết", "source_dated": "theo nguồn", "verify_post": "cần xác minh chức vụ hiện tại",
        "no_post": "chưa ghi nhận",
        "contents": "Mục lục",
        "toc_placeholder": "Word sẽ điền mục lục khi mở tài liệu (chọn Yes/Có để cập nhật các trường). Trong phần mềm "
                           "khác, hãy cập nhật trường để xem mục lục.",
        "h_glance": "Tóm tắt", "h_objectives": "Mục tiêu của ta", "h_points": "Các nội dung cần nêu",
        "h_profile": "Thông tin về đối tác", "h_meetings": "Các cuộc gặp trước đây",
        "h_agreements": "Các văn kiện đã ký", "h_open": "Các nội dung còn tồn đọng theo lĩnh vực",
        "h_verify": "Các điểm cần xác minh", "h_sources": "Nguồn tham khảo",
        "g_last": "Cuộc gặp gần nhất", "g_meetings": "Số cuộc gặp",
        "g_meetings_v": "{{ glance.meetings }} (đối tác trực tiếp dự {{ glance.meetings_attended }}, với cơ quan của "
                        "đối tác {{ glance.meetings - glance.meetings_attended }})",
        "g_agreements": "Văn kiện",
        "g_agreements_v": "{{ glance.agreements }} (còn hiệu lực {{ glance.agreements_in_force }}, hết hiệu lực "
                          "{{ glance.agreements_expired }}, không nêu thời hạn {{ glance.agreements_no_end }})",
        "g_open": "Nội dung còn tồn đọng",
        "g_open_v": "{{ glance.open_commitments }} (phía {{ partner }} thực hiện: {{ glance.open_owed_by_partner }}; "
                    "phía {{ home }} thực hiện: {{ glance.open_owed_by_home }}; nội dung hai bên cùng thực hiện được "
                    "tính cho cả hai)",
        "g_fields": "Lĩnh vực còn tồn đọng", "g_data": "Dữ liệu",
        "objectives_placeholder": "[Chuyên viên soạn điền: mục tiêu của ta trong chuyến thăm, hai đến ba dòng.]",
        "points_placeholder": "[Chuyên viên soạn điền: các ý lãnh đạo cần nêu.]",
        "suggested": "Gợi ý từ dữ liệu (cần kiểm tra trước khi sử dụng):",
        "none": "Chưa có thông tin.",
        "p_name": "Họ tên", "p_native": "Viết bằng chữ gốc", "p_address": "Cách xưng hô", "p_order": "Thứ tự tên",
        "p_country": "Quốc gia", "p_disambiguation": "Phân biệt với", "p_note": "Ghi chú",
        "h_posts": "Các chức vụ", "h_aliases": "Các cách viết tên khác",
        "m_cols": ["Ngày", "Hình thức, địa điểm", "Nội dung, thành phần", "Đối tác", "Nguồn"],
        "a_cols": ["Ngày ký", "Văn kiện", "Thời hạn", "Tình trạng", "Nguồn"],
        "mt": "bản dịch máy", "signed_by": "người ký:",
        "c_owed": "Bên thực hiện", "c_status": "Tình trạng", "c_made": "Đưa ra", "c_at": "tại",
        "c_update": "Cập nhật gần nhất", "c_age": "Tồn đọng", "c_due": "Thời hạn",
        "s_mt": "cần xác minh trước khi sử dụng",
        "page": "Trang", "of": "/",
    },
}

MEETING_WIDTHS = [2.8, 3.0, 6.5, 2.4, 2.3]
AGREEMENT_WIDTHS = [2.8, 6.4, 2.6, 2.9, 2.3]


# -- styles -----------------------------------------------------------------------------

def _fonts(rpr, font: str) -> None:
    """Replace theme fonts by a named one (theme fonts would override it in Word)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" '
                            f'w:eastAsia="MS Mincho"/>'))


def _style(doc, name, kind=WD_STYLE_TYPE.PARAGRAPH, base=None, *, size=None, bold=None, italic=None, color=None,
           caps=None, align=None, before=None, after=None, left=None, hanging=None, keep_next=None, shade=None):
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
        style.element.get_or_add_rPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" '
                                                        f'w:fill="{shade}"/>'))
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
    """"Brief Table": thin rules between rows, a dark header row, small cell margins."""
    border = 'w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"'
    doc.styles.element.append(parse_xml(f"""
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
</w:style>"""))


def _define_styles(doc, t) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, t["font"])
    rpr.find(qn("w:lang")).set(qn("w:val"), t["lang"])
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "ja-JP")  # Han characters in names are Japanese here
    _style(doc, "Normal", size=t["size"], after=4)
    styles["Normal"].paragraph_format.line_spacing = 1.1
    for name, size, before, after in (("Title", 26, 0, 12), ("Heading 1", 15, 18, 6), ("Heading 2", 12, 12, 4)):
        style = _style(doc, name, size=size, color=NAVY, before=before, after=after)
        _fonts(style.element.get_or_add_rPr(), t["font"])
    _style(doc, "TOC Heading", size=13, before=24, after=6)
    marking = _style(doc, "Marking", base="Normal", size=12, bold=True, caps=True, color=RED,
                     align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=18)
    edge = f'w:val="single" w:sz="12" w:space="4" w:color="{RED}"'
    marking.element.get_or_add_pPr().insert_element_before(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:top {edge}/><w:left {edge}/><w:bottom {edge}/><w:right {edge}/></w:pBdr>'),
        "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:outlineLvl")  # schema order inside w:pPr
    _style(doc, "Marking Header", base="Header", size=9, bold=True, caps=True, color=RED,
           align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "Cover Label", base="Normal", size=12, caps=True, color=GREY, before=96, after=4)
    _style(doc, "Cover Fact", base="Normal", after=3)
    _style(doc, "Placeholder", base="Normal", italic=True, color=GREY)
    _style(doc, "Lead", base="Normal", before=8, after=2, keep_next=True)
    _style(doc, "Detail", base="Normal", size=t["size"] - 1.5, color=DARK, left=0.635, after=6)
    _style(doc, "Table Text", base="Normal", size=t["size"] - 1.5, after=2)
    _style(doc, "Table Note", base="Table Text", italic=True, color=GREY)
    _style(doc, "Source", base="Normal", left=0.8, hanging=0.8, after=1, keep_next=True)
    _style(doc, "Source Note", base="Normal", size=t["size"] - 1.5, color=GREY, left=0.8, after=6)
    _style(doc, "Label", WD_STYLE_TYPE.CHARACTER, bold=True)
    _style(doc, "Flag", WD_STYLE_TYPE.CHARACTER, bold=True, caps=True, color=RED, shade="FBE4E4")
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


def inferred(expr):
    return (f"{{% if {expr}.inferred %}} ({{{{ {expr}.inferred }}}}){{% endif %}}", "Caution")


# -- the brief ---------------------------------------------------------------------------

def build(lang: str):
    t = TEXT[lang]
    doc = Document()
    _define_styles(doc, t)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].style = doc.styles["Marking Header"]
    section.header.paragraphs[0].add_run("{{ handling }}")
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    foot.add_run("{{ handling }} · {{ profile.name }} · {{ visit_date }}")
    foot.add_run(f"\t{t['page']} ")
    field(foot, "PAGE", "1")
    foot.add_run(f" {t['of']} ")
    field(foot, "NUMPAGES", "1")

    # Cover: who, when, how to handle it; then the table of contents.
    para(doc, "Cover Label", t["kicker"])
    para(doc, "Title", "{{ profile.name }}")
    para(doc, "Marking", "{{ handling }}")
    para(doc, "Cover Fact", label(t["visit_date"]), "{{ visit_date }}")
    para(doc, "Cover Fact", label(t["latest_post"]),
         "{% if profile.latest_post %}{{ profile.latest_post.title }}, {{ profile.latest_post.org }}{% else %}"
         + t["no_post"] + "{% endif %} ",
         (f"{{% if profile.latest_post_stale %}}{t['verify_post']}{{% endif %}}", "Flag"))
    para(doc, "Cover Fact", label(t["scope"]), "{{ scope }}")
    para(doc, "Cover Fact", label(t["prepared_by"]), "{{ author }}")
    para(doc, "Cover Fact", label(t["prepared_on"]), "{{ prepared_on }}")
    para(doc, "TOC Heading", t["contents"])
    field(para(doc, "Placeholder"), 'TOC \\o "1-2" \\h \\z', t["toc_placeholder"], dirty=True)
    doc.add_page_break()

    # At a glance: facts and dates first.
    para(doc, "Heading 1", t["h_glance"])
    para(doc, "List Bullet", label(t["g_last"]), "{{ glance.last_meeting }}",
         cites("meetings[-1].cites if meetings else ''"))
    para(doc, "List Bullet", label(t["g_meetings"]), t["g_meetings_v"])
    para(doc, "List Bullet", label(t["g_agreements"]), t["g_agreements_v"])
    para(doc, "List Bullet", label(t["g_open"]), t["g_open_v"])
    para(doc, "List Bullet", label(t["g_fields"]), "{{ glance.open_fields|join(', ') }}")
    para(doc, "List Bullet", label(t["g_data"]), "{{ freshness }}")

    # For the officer to write; the record's suggestions follow.
    para(doc, "Heading 1", t["h_objectives"])
    para(doc, "Placeholder", t["objectives_placeholder"])
    para(doc, "List Bullet")
    para(doc, "Heading 1", t["h_points"])
    para(doc, "Placeholder", t["points_placeholder"])
    para(doc, "List Bullet")
    tag(doc, "{%p if talking_points %}")
    para(doc, "Lead", t["suggested"])
    tag(doc, "{%p for p in talking_points %}")
    para(doc, "List Bullet", "{{ p.text }}", cites("p.cites"))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    # Counterpart profile.
    para(doc, "Heading 1", t["h_profile"])
    para(doc, "Normal", label(t["p_name"]), ("{{ profile.name }}", "Strong"),
         "{% if profile.honorific %} ({{ profile.honorific }}){% endif %}")
    para(doc, "Normal", label(t["p_native"]), "{{ profile.native or '—' }}")
    tag(doc, "{%p if profile.latest_post %}")
    para(doc, "Normal", label(t["latest_post"]), "{{ profile.latest_post.title }}, {{ profile.latest_post.org }}",
         cites("profile.latest_post.cites"), f" — {t['source_dated']} {{{{ profile.latest_post_source_date }}}} ",
         (f"{{% if profile.latest_post_stale %}}{t['verify_post']}{{% endif %}}", "Flag"))
    tag(doc, "{%p else %}")
    para(doc, "Normal", label(t["latest_post"]), t["no_post"])
    tag(doc, "{%p endif %}")
    para(doc, "Normal", label(t["p_address"]), "{{ profile.form_of_address }}")
    para(doc, "Normal", label(t["p_order"]), "{{ profile.name_order }}")
    para(doc, "Normal", label(t["p_country"]), "{{ profile.country }}")
    tag(doc, "{%p if profile.disambiguation %}")
    para(doc, "Normal", label(t["p_disambiguation"]), "{{ profile.disambiguation }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if profile.note %}")
    para(doc, "Normal", label(t["p_note"]), "{{ profile.note }}")
    tag(doc, "{%p endif %}")
    para(doc, "Heading 2", t["h_posts"])
    tag(doc, "{%p for post in profile.posts %}")
    para(doc, "List Bullet", "{{ post.title }}, {{ post.org }} ({{ post.period }})", cites("post.cites"))
    tag(doc, "{%p if post.note %}")
    para(doc, "Detail", "{{ post.note }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, "Normal", t["none"])
    tag(doc, "{%p endfor %}")
    para(doc, "Heading 2", t["h_aliases"])
    tag(doc, "{%p for a in profile.aliases %}")
    para(doc, "List Bullet", ("“{{ a.text }}”", "Strong"), " — {{ a.kind }} ({{ a.lang }}): {{ a.why }}")
    tag(doc, "{%p else %}")
    para(doc, "Normal", t["none"])
    tag(doc, "{%p endfor %}")

    # History of meetings.
    para(doc, "Heading 1", t["h_meetings"])
    table(doc, MEETING_WIDTHS, t["m_cols"], [
        "{%tr for m in meetings %}", "{%tr endfor %}", [
            [["{{ m.date }}", inferred("m")]],
            [["{{ m.kind }}"], ["{{ m.place }}"]],
            [[("{{ m.title }}", "Strong")], ["{{ m.participants }}"]],
            [["{{ m.relation }}"]],
            [["{{ m.cites }}", (f"{{% if m.machine_translation %}} {t['mt']}{{% endif %}}", "Caution")]],
        ]])
    tag(doc, "{%p if not meetings %}")
    para(doc, "Normal", t["none"])
    tag(doc, "{%p endif %}")

    # Agreements.
    para(doc, "Heading 1", t["h_agreements"])
    table(doc, AGREEMENT_WIDTHS, t["a_cols"], [
        "{%tr for a in agreements %}", "{%tr endfor %}", [
            [["{{ a.signed }}", inferred("a")]],
            [[("{{ a.title }}", "Strong")],
             ["{{ a.kind }} · {{ a.parties }}{% if a.signatories %} · " + t["signed_by"]
              + " {{ a.signatories }}{% endif %}"],
             ["{%p if a.note %}"], ("Table Note", ["{{ a.note }}"]), ["{%p endif %}"]],
            [["{{ a.period }}"]],
            [[("{% if a.status in ['expired', 'expiring'] %}{{ a.status_label }}{% endif %}", "Flag"),
              "{% if a.status not in ['expired', 'expiring'] %}{{ a.status_label }}{% endif %}"],
             ["{% if a.end %}({{ a.end }}){% endif %}"]],
            [["{{ a.cites }}", (f"{{% if a.machine_translation %}} {t['mt']}{{% endif %}}", "Caution")]],
        ]])
    tag(doc, "{%p if not agreements %}")
    para(doc, "Normal", t["none"])
    tag(doc, "{%p endif %}")

    # Open commitments, one Heading 2 per field.
    para(doc, "Heading 1", t["h_open"])
    tag(doc, "{%p for g in open_by_field %}")
    para(doc, "Heading 2", "{{ g.label }}")
    tag(doc, "{%p for c in g.commitments %}")
    para(doc, "List Bullet", "{{ c.text }}", cites("c.cites"),
         (f"{{% if c.machine_translation %}} {t['mt']}{{% endif %}}", "Caution"))
    para(doc, "Detail",
         label(t["c_owed"]), "{{ c.owed_by }} ({{ c.kind }}) · ",
         label(t["c_status"]), "{{ c.status_label }} · ",
         label(t["c_made"]), "{{ c.made_on }}", inferred("c"), f" {t['c_at']} {{{{ c.made_at }}}} · ",
         label(t["c_update"]), "{{ c.last_update }}{% if c.last_update_note %} ({{ c.last_update_note }}){% endif %} · ",
         label(t["c_age"]), "{{ c.age }}",
         "{% if c.due %} · " + t["c_due"] + ": {{ c.due }}{% endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "Normal", t["none"])
    tag(doc, "{%p endfor %}")

    # What to check before relying on the brief.
    para(doc, "Heading 1", t["h_verify"])
    tag(doc, "{%p for w in warnings %}")
    para(doc, "List Bullet", "{{ w.message }}")
    tag(doc, "{%p else %}")
    para(doc, "Normal", t["none"])
    tag(doc, "{%p endfor %}")

    # Sources, numbered as cited.
    para(doc, "Heading 1", t["h_sources"])
    tag(doc, "{%p for s in sources %}")
    para(doc, "Source", "[{{ s.number }}]\t{{ s.title }} — {{ s.publisher }}, {{ s.published }}, {{ s.reliability }}",
         " ", (f"{{% if s.machine_translation %}}{t['s_mt']}{{% endif %}}", "Flag"))
    para(doc, "Source Note", "{{ s.location }}{% if s.note %} — {{ s.note }}{% endif %}")
    tag(doc, "{%p endfor %}")

    props = doc.core_properties
    props.title, props.subject, props.author = f"briefgen brief template ({lang})", "", "briefgen"
    props.last_modified_by, props.comments, props.keywords, props.category = "briefgen", "", "", ""
    props.language, props.revision = t["lang"], 1
    props.created = props.modified = dt.datetime(2026, 1, 1)
    ensure_update_fields(doc)
    return doc


def _deterministic(doc) -> bytes:
    """The saved .docx with fixed zip timestamps, so unchanged templates give unchanged bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
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
