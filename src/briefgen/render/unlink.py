"""What carried content may not keep: whatever reaches outside the document, removed from copies of blocks.

Why a module of its own: these are the template check's rules (render.template_check: ALLOWED_FIELDS,
ALLOWED_LINK_SCHEMES) applied to an officer's blocks as refresh carries them (render.carrier), rather than
refusing the whole brief.  Each function edits the blocks in place and returns notes naming what it
removed, for the refresh report: fields other than the allowed ones lose their code and keep the text
they last showed; old-style (VML) pictures and objects lose a link to a file or address; altChunks
and subdocuments (content imported from elsewhere) go.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from briefgen.render.template_check import ALLOWED_FIELDS, field_name, short_target

# Elements that mean nothing without the relationship they name: removed with it.
_NEEDS_ITS_RELATIONSHIP = {qn("w:headerReference"), qn("w:footerReference"), qn("w:altChunk"), qn("w:subDoc")}


def drop_reference(element, attr: str) -> None:
    if element.tag in _NEEDS_ITS_RELATIONSHIP and element.getparent() is not None:
        element.getparent().remove(element)
    else:
        element.attrib.pop(attr, None)


def remove_imports(blocks, rels) -> list[str]:
    """altChunks and subdocuments import other content into the document: never carried."""
    notes = []
    for block in blocks:
        for node in list(block.iter(qn("w:altChunk"), qn("w:subDoc"))):
            what = "an alternative-format chunk (altChunk)" if node.tag == qn("w:altChunk") else "a subdocument"
            rel = rels.get(node.get(qn("r:id")) or "")
            if rel is not None:
                what += f" {'at' if rel.is_external else 'in'} {short_target(rel.target_ref)}"
            notes.append(f"removed {what}")
            if node.getparent() is not None:
                node.getparent().remove(node)
            elif node in blocks:
                blocks.remove(node)
    return notes


def remove_linked_vml(blocks) -> list[str]:
    """Old-style (VML) pictures and objects whose href or src names a file or address lose that link."""
    notes = []
    for block in blocks:
        for element in block.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute, value in list(element.attrib.items()):
                namespace = attribute[1:].split("}", 1)[0] if attribute.startswith("{") else ""
                local = attribute.rsplit("}", 1)[-1]
                in_vml = namespace.startswith("urn:schemas-microsoft-com:") or element.tag.startswith(
                    "{urn:schemas-microsoft-com:"
                )
                if in_vml and local in ("href", "src") and value and not value.startswith("#"):
                    notes.append(f"removed a picture or object linked to {short_target(value)}")
                    del element.attrib[attribute]
    return notes


_FLD_CHAR, _INSTR, _DEL_INSTR, _FLD_SIMPLE = (
    qn(f"w:{n}") for n in ("fldChar", "instrText", "delInstrText", "fldSimple")
)


def unlink_fields(blocks) -> list[str]:
    """Fields other than ALLOWED_FIELDS lose their code and keep the text they last showed (what Word's
    "unlink field" does); a field nested in the code of a removed one goes with it."""
    names: list[str] = []
    doomed: list = []
    stack: list[dict] = []  # open fields: their marks (fldChar, instrText), instruction, phase, verdict

    def judge(frame: dict) -> None:
        name = field_name("".join(frame["instr"]))
        frame["allowed"] = name in ALLOWED_FIELDS
        if not frame["allowed"]:
            names.append(name if name.isalnum() else "?")

    simple = []
    for block in blocks:
        for element in block.iter(_FLD_CHAR, _INSTR, _DEL_INSTR, _FLD_SIMPLE):
            tag = element.tag
            if tag == _FLD_SIMPLE:
                name = field_name(element.get(qn("w:instr")) or "")
                if name not in ALLOWED_FIELDS:
                    names.append(name if name.isalnum() else "?")
                    simple.append(element)
                continue
            if tag in (_INSTR, _DEL_INSTR):
                if stack and stack[-1]["phase"] == "code":
                    stack[-1]["instr"].append(element.text or "")
                    stack[-1]["marks"].append(element)
                continue
            kind = element.get(qn("w:fldCharType"))
            if kind == "begin":
                stack.append({"marks": [element], "instr": [], "phase": "code", "allowed": None})
            elif kind == "separate" and stack:
                frame = stack[-1]
                frame["marks"].append(element)
                if frame["phase"] == "code":
                    judge(frame)
                    frame["phase"] = "result"
            elif kind == "end" and stack:
                frame = stack.pop()
                frame["marks"].append(element)
                if frame["allowed"] is None:
                    judge(frame)
                if stack and stack[-1]["phase"] == "code":
                    stack[-1]["marks"].extend(frame["marks"])  # part of the outer field's code
                if not frame["allowed"]:
                    doomed.extend(frame["marks"])
    for frame in stack:  # begun and never ended
        if frame["allowed"] is None:
            judge(frame)
        if not frame["allowed"]:
            doomed.extend(frame["marks"])
    gone: set[int] = set()
    for element in doomed:
        parent = element.getparent()
        if id(element) not in gone and parent is not None:
            gone.add(id(element))
            parent.remove(element)
    for element in simple:
        parent = element.getparent()
        if parent is None:
            continue
        index = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    if not names:
        return []
    return [f"removed field(s) {', '.join(dict.fromkeys(names))} (their last shown text is kept as text)"]
