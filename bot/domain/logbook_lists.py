"""knowledge/logbook.yaml as editors change it in the console: three boxes (kinds, starts, results), one item per
line, "id | Tên" or "id | Tên | ẩn" (retired: no longer offered, old records keep counting). A new item may leave the
id empty: it is made from the name. The result is checked by the same parser as `hoagiai check` before it is stored,
published and audited."""

from collections.abc import Mapping

from sqlmodel import Session

from bot.core import texts
from bot.core.errors import Invalid
from bot.core.logbook_lists import LISTS, LOGBOOK_FILE, Choice, LogbookLists, parse_logbook
from bot.core.normalize import fold
from bot.core.yaml_layout import scalar
from bot.storage import knowledge_repo
from bot.storage.audit_repo import write_audit

RETIRED_WORDS = {"an", "retired", "ngung"}  # "ẩn", folded
SECTION_NOTES = {
    "kinds": "# kinds: loại vụ, việc (chưa đối chiếu được với biểu mẫu thống kê của Bộ Tư pháp; xem README).",
    "starts": "# starts: căn cứ tiến hành hòa giải, Luật Hòa giải ở cơ sở 2013, Điều 16.",
    "results": "# results: kết quả; phải có thanh, khong-thanh, dang-hoa-giai, ngoai-pham-vi.",
}
HEADER = "# Sổ ghi chép vụ, việc hòa giải (/ghiso). Sửa trong trang quản trị (Danh mục sổ hòa giải).\n"


def lists_to_form(lists: LogbookLists | None) -> dict[str, str]:
    """The three boxes of the page, filled from the lists in force."""
    found: dict[str, str] = {}
    for which in LISTS:
        items: Mapping[str, Choice] = getattr(lists, which) if lists is not None else {}
        found[which] = "\n".join(f"{c.id} | {c.name}" + (" | ẩn" if c.retired else "") for c in items.values())
    return found


def header_of(body: str | None) -> str:
    """The comment lines at the top of the stored file (where the lists come from): kept on every save."""
    lines: list[str] = []
    for line in (body or "").split("\n"):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else HEADER


def lists_from_form(boxes: Mapping[str, str], header: str = HEADER) -> str:
    """The boxes as logbook.yaml under `header`, checked; Invalid names the box and the line at fault."""
    out = [header.rstrip("\n")]
    for which in LISTS:
        out += ["", SECTION_NOTES[which], f"{which}:"]
        for n, line in enumerate(boxes.get(which, "").replace("\r\n", "\n").split("\n"), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) not in (2, 3) or not parts[1] or (len(parts) == 3 and fold(parts[2]) not in RETIRED_WORDS):
                raise Invalid(texts.ADMIN_LOGBOOK_LINE.format(list=texts.ADMIN_LOGBOOK_LISTS[which], line=n,
                                                              problem=texts.ADMIN_LOGBOOK_FORMAT), which)
            item_id = parts[0] or "-".join(fold(parts[1]).split())[:32].strip("-")
            out += [f"  - id: {scalar(item_id)}", f"    name: {scalar(parts[1])}"]
            if len(parts) == 3:
                out.append("    retired: true")
    body = "\n".join(out) + "\n"
    _, errors = parse_logbook(body, LOGBOOK_FILE)
    if errors:
        raise Invalid(texts.ADMIN_LOGBOOK_PROBLEM.format(problem=errors[0].message), None)
    return body


def save_lists(*, session: Session, body: str, actor: str) -> bool:
    """Store, bump the knowledge version (every replica reloads) and audit; False when nothing changed."""
    before = knowledge_repo.get_file(session=session, name=LOGBOOK_FILE)
    if not knowledge_repo.put_file(session=session, name=LOGBOOK_FILE, body=body, author=actor):
        return False
    knowledge_repo.bump_version(session=session)
    write_audit(session=session, actor=actor, action="logbook_lists.update", target=LOGBOOK_FILE, before=before,
                after=body)
    return True
