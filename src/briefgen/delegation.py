"""A delegation file: the names of the people a batch of briefings is for."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import BadInputError
from briefgen.inputs import read_limited
from briefgen.yamlfile import parse_text

MAX_DELEGATION_BYTES = 1_000_000  # a delegation is a few dozen names


def read_delegation(path: Path) -> list[str]:
    """Names from a delegation file: one per line (# comments), or a YAML list of names (`.yaml`/`.yml`,
    optionally under `delegation:` or `counterparts:`).  Every error names the file, and the line for YAML."""
    path = Path(path)
    raw = read_limited(path, MAX_DELEGATION_BYTES, "delegation file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"cannot read delegation file {path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if path.suffix not in {".yaml", ".yml"}:
        return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    parsed, problems = parse_text(text, str(path))
    errors = [p for p in problems if p.severity == "error"]
    if parsed is None or errors:
        raise BadInputError(str(errors[0] if errors else problems[0]))
    data, where = parsed.data, parsed.line_of(())
    if isinstance(data, dict):
        data = data.get("delegation") or data.get("counterparts")
    if not isinstance(data, list) or not all(isinstance(n, str) for n in data):
        raise BadInputError(
            f"{path}:{where}: expected a YAML list of names" if where else f"{path}: expected a YAML list of names"
        )
    return [n.strip() for n in data if n.strip()]
