"""communes.yaml as editors change it in the console: one line per commune, "id | Tên xã | bản 1; bản 2" (the id
may be left empty for a new commune: it is made from the name). The result is checked by the same parser as
`hoagiai check` before it is stored, published and audited."""

from sqlmodel import Session

from bot.core import texts
from bot.core.communes import COMMUNES_FILE, Commune, parse_communes
from bot.core.errors import Invalid
from bot.core.normalize import fold
from bot.core.yaml_layout import scalar
from bot.storage import knowledge_repo
from bot.storage.audit_repo import write_audit

HEADER = "# Xã, phường và bản, tổ dân phố nơi hòa giải viên làm việc (/coso). Sửa trong trang quản trị (Xã, bản).\n"


def communes_to_form(communes: dict[str, Commune]) -> str:
    return "\n".join(f"{c.id} | {c.name} | {'; '.join(c.villages)}".rstrip(" |") for c in communes.values())


def header_of(body: str | None) -> str:
    """The comment lines at the top of the stored file (they name the official source): kept on every save."""
    lines = [line for line in (body or "").split("\n")[:60] if line.startswith("#")]
    first = (body or "").split("\n")[: len(lines)]
    return "\n".join(first) + "\n" if lines and first == lines else HEADER


def communes_from_form(text: str, header: str = HEADER) -> str:
    """The lines as communes.yaml under `header`, checked; Invalid names the line at fault."""
    out = [header.rstrip("\n")]
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (2, 3) or not parts[1]:
            raise Invalid(texts.ADMIN_COMMUNES_LINE.format(line=n, problem=texts.ADMIN_COMMUNES_FORMAT), "communes")
        cid = parts[0] or "-".join(fold(parts[1]).replace("đ", "d").split())
        villages = [v.strip() for v in parts[2].split(";") if v.strip()] if len(parts) == 3 else []
        out += [f"- id: {scalar(cid)}", f"  name: {scalar(parts[1])}",
                "  villages: [" + ", ".join(scalar(v, flow=True) for v in villages) + "]"]
    body = "\n".join(out) + "\n"
    _, errors = parse_communes(body, COMMUNES_FILE)
    if errors:
        at = _form_line(text, errors[0].line - header.count("\n"))
        raise Invalid(texts.ADMIN_COMMUNES_LINE.format(line=at, problem=errors[0].message), "communes")
    return body


def _form_line(text: str, yaml_line: int) -> int:
    """The form line of a YAML line counted after the header: each commune is three YAML lines."""
    lines = [n for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1) if line.strip()]
    index = max(0, (yaml_line - 1) // 3)
    return lines[min(index, len(lines) - 1)] if lines else 1


def save_communes(*, session: Session, body: str, actor: str) -> bool:
    before = knowledge_repo.get_file(session=session, name=COMMUNES_FILE)
    if not knowledge_repo.put_file(session=session, name=COMMUNES_FILE, body=body, author=actor):
        return False
    knowledge_repo.bump_version(session=session)
    write_audit(session=session, actor=actor, action="communes.update", target=COMMUNES_FILE, before=before, after=body)
    return True
