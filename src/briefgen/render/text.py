"""Characters an Office file cannot hold, shared by every renderer.

XML 1.0 (inside .docx and .xlsx alike) has no place for most C0 control
characters, U+FFFE/U+FFFF or lone surrogates: python-docx and openpyxl raise
on them, docxtpl drops them silently.  Renderers remove them and count what
they removed, so the officer can be told.
"""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
