"""`hoagiai`: the command line. Parses arguments, builds Settings, calls the core; no logic of its own."""

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from bot.cli_admin import cmd_admin
from bot.cli_backup import cmd_backup, cmd_restore
from bot.cli_report import add_parser as add_report_parser
from bot.cli_report import cmd_report
from bot.config import Settings
from bot.core import texts
from bot.core.citecheck import coverage
from bot.core.clips import format_audio_dir
from bot.core.evaluate import evaluate
from bot.core.knowledge import KnowledgeBase, KnowledgeError
from bot.core.render import entry_text, hit_json
from bot.core.schema import KIND_LABELS
from bot.core.search import Outcome, SearchIndex
from bot.core.validation import format_files, load_knowledge
from bot.logs import configure_logging

if TYPE_CHECKING:
    from bot.storage.database import Database
    from bot.storage.questions_repo import UnansweredGroup

logger = logging.getLogger("hoagiai")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:  # e.g. HOAGIAI_TRUSTED_PROXIES=abc: name the setting, start nothing
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"])
            print(texts.CLI_BAD_SETTING.format(name=name, error=error["msg"].removeprefix("Value error, ")),
                  file=sys.stderr)
        return 2
    quiet = args.command in ("ask", "check", "eval", "fmt", "unanswered", "export", "import", "retention", "admin",
                             "chat", "report")
    configure_logging(logging.WARNING if quiet else logging.INFO, as_json=settings.log_json)
    if getattr(args, "knowledge", None):
        settings.knowledge_dir = Path(args.knowledge)
        if not settings.knowledge_dir.is_dir():
            print(texts.CLI_NO_DIRECTORY.format(path=settings.knowledge_dir), file=sys.stderr)
            return 1
    handler = COMMANDS[args.command]
    try:
        return int(handler(args, settings) or 0)
    except KnowledgeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hoagiai", description="Trợ lý Hòa giải: tra cứu pháp luật hòa giải ở cơ sở")
    sub = p.add_subparsers(dest="command", required=True)

    def knowledge_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--knowledge", metavar="DIR", help="thư mục tri thức (mặc định: knowledge/ đi kèm)")

    sp = sub.add_parser("check", help="kiểm tra toàn bộ tệp tri thức")
    knowledge_arg(sp)
    sp = sub.add_parser("fmt", help="viết lại các tệp theo bố cục chuẩn")
    knowledge_arg(sp)
    sp = sub.add_parser("ask", help="hỏi một câu")
    knowledge_arg(sp)
    sp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    sp.add_argument("question", help="câu hỏi, hoặc - để đọc mỗi dòng một câu từ stdin")
    sp = sub.add_parser("chat", help="trò chuyện trong cửa sổ dòng lệnh")
    knowledge_arg(sp)
    sp = sub.add_parser("serve", help="chạy máy chủ: trò chuyện trên web, trang quản trị, các kênh đã cấu hình")
    sp.add_argument("--host", help="địa chỉ lắng nghe (mặc định 127.0.0.1, hoặc HOAGIAI_HOST)")
    sp.add_argument("--port", type=int, help="cổng (mặc định 8080, hoặc HOAGIAI_PORT)")
    sp = sub.add_parser("import", help="nhập tri thức từ thư mục YAML vào cơ sở dữ liệu")
    sp.add_argument("dir", nargs="?", help="thư mục (mặc định: knowledge/ đi kèm)")
    sp = sub.add_parser("export", help="xuất tri thức từ cơ sở dữ liệu ra thư mục YAML")
    sp.add_argument("dir")
    sp = sub.add_parser("unanswered", help="liệt kê câu hỏi chưa trả lời được, gom theo nội dung")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--since", help="từ ngày (YYYY-MM-DD)")
    sp = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu và tri thức vào một tệp .zip")
    sp.add_argument("file")
    sp.add_argument("--encrypt", action="store_true",
                    help="mã hóa bằng mật khẩu (age): hỏi hai lần, hoặc đọc một dòng từ stdin")
    sp = sub.add_parser("restore", help="khôi phục từ tệp sao lưu vào một cơ sở dữ liệu trống")
    sp.add_argument("file")
    sub.add_parser("retention", help="xóa nội dung câu hỏi quá hạn lưu giữ (chạy hằng ngày bằng cron)")
    sp = sub.add_parser("admin", help="quản lý tài khoản trang quản trị")
    admin_sub = sp.add_subparsers(dest="admin_command", required=True)
    ap = admin_sub.add_parser("create-user", help="tạo tài khoản (hỏi mật khẩu, hoặc đọc một dòng từ stdin)")
    ap.add_argument("username")
    ap.add_argument("--role", required=True, choices=("admin", "editor", "staff", "leader"), help="vai trò")
    ap.add_argument("--team", default="", metavar="MÃ-XÃ/BẢN", help="tổ hòa giải của tổ trưởng (vai trò leader)")
    ap.add_argument("--communes", default="", metavar="MÃ,…", help="chỉ xem số liệu các xã này (vai trò staff)")
    ap = admin_sub.add_parser("reset-password", help="đặt mật khẩu tạm (phải đổi ở lần đăng nhập sau)")
    ap.add_argument("username")
    ap = admin_sub.add_parser("disable", help="khóa tài khoản: đăng xuất ngay, thu hồi mã API, giữ lịch sử")
    ap.add_argument("username")
    ap = admin_sub.add_parser("create-token", help="tạo mã truy cập API (in một lần, ở dòng cuối)")
    ap.add_argument("username")
    ap = admin_sub.add_parser("link", help="liên kết tài khoản Telegram hoặc Zalo của cán bộ với tài khoản quản trị")
    ap.add_argument("username")
    chat_id = ap.add_mutually_exclusive_group(required=True)
    chat_id.add_argument("--telegram-id", type=int, help="mã người dùng Telegram (số)")
    chat_id.add_argument("--zalo-id", help="mã người dùng Zalo (Zalo Bot Platform)")
    add_report_parser(sub)
    sp = sub.add_parser("eval", help="đo chất lượng tìm kiếm trên một tệp câu hỏi")
    knowledge_arg(sp)
    sp.add_argument("file")
    sp.add_argument("--verbose", action="store_true", help="liệt kê các câu trả lời sai")
    return p


def _load(settings: Settings) -> tuple[KnowledgeBase, SearchIndex]:
    report = load_knowledge(settings.knowledge_dir)
    for err in report.errors:
        print(texts.CLI_SKIPPED.format(error=err), file=sys.stderr)
    return report.knowledge, SearchIndex.build(report.knowledge.for_search(), settings.search_config())


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    report = load_knowledge(settings.knowledge_dir, strict_layout=True, audio=True)
    for err in report.errors:
        print(str(err))
    if report.errors:
        print(texts.CLI_CHECK_ERRORS.format(errors=len(report.errors), files=report.files), file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(str(warning))
    counts = report.knowledge.counts()
    published = sum(1 for e in report.knowledge.entries.values() if e.status == "published")
    summary = ", ".join(f"{KIND_LABELS[k]}: {n}" for k, n in counts.items())
    print(texts.CLI_CHECK_OK.format(summary=summary, published=published, topics=len(report.knowledge.topics),
                                    documents=len(report.knowledge.documents)))
    tree = report.knowledge.scope_tree
    if tree is not None or report.knowledge.templates:
        print(texts.CLI_CHECK_TOOLS.format(nodes=len(tree.nodes) if tree else 0,
                                           templates=len(report.knowledge.templates)))
    bundled, cited = coverage(report.knowledge.entries.values(), report.knowledge.articles)
    print(texts.CLI_CHECK_CITATION_TEXT.format(bundled=bundled, cited=cited))
    if report.warnings:
        print(texts.CLI_CHECK_WARNINGS.format(n=len(report.warnings)))
    if report.knowledge.communes:
        print(texts.CLI_CHECK_COMMUNES.format(communes=len(report.knowledge.communes)))
    book = report.knowledge.logbook
    if book is not None and book.kinds:
        print(texts.CLI_CHECK_LOGBOOK.format(kinds=len(book.kinds), starts=len(book.starts), results=len(book.results)))
    if report.knowledge.languages:
        print(texts.CLI_CHECK_AUDIO.format(clips=len(report.clips), languages=", ".join(report.knowledge.languages)))
    return 0


def cmd_fmt(args: argparse.Namespace, settings: Settings) -> int:
    changed = format_files(settings.knowledge_dir) + format_audio_dir(settings.knowledge_dir)
    for path in changed:
        print(texts.CLI_FORMATTED.format(path=path))
    print(texts.CLI_FORMATTED_COUNT.format(n=len(changed)))
    return 0


def outcome_json(query: str, outcome: Outcome) -> dict[str, Any]:
    hits = outcome.hits if outcome.kind != "none" else ()
    return {"query": query, "outcome": outcome.kind, "results": [hit_json(h) for h in hits]}


def message_json(message: str, outcomes: list[Outcome]) -> dict[str, Any]:
    """One object per message; a message with several questions gains `parts`, the first equal to the top level."""
    if len(outcomes) == 1:
        return outcome_json(message, outcomes[0])
    parts = [outcome_json(o.query, o) for o in outcomes]
    return {**parts[0], "parts": parts}


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    kb, index = _load(settings)
    questions = (line.rstrip("\n") for line in sys.stdin) if args.question == "-" else iter([args.question])
    try:
        for query in questions:
            _print_outcomes(query, index.search_parts(query), kb, as_json=args.json)
            sys.stdout.flush()
    except BrokenPipeError:  # `hoagiai ask … | head` stops reading: exit quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter from flushing into the closed pipe
    return 0


def _print_outcomes(query: str, outcomes: list[Outcome], kb: KnowledgeBase, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(message_json(query, outcomes), ensure_ascii=False))
        return
    for i, outcome in enumerate(outcomes, 1):
        if len(outcomes) > 1:
            print(f"— Câu {i}: {outcome.query}")
        _print_outcome(outcome, kb)
        if i < len(outcomes):
            print()


def _print_outcome(outcome: Outcome, kb: KnowledgeBase) -> None:
    if outcome.kind == "none":
        print(texts.NONE_FOUND)
        return
    if outcome.kind == "suggest":
        print(texts.SUGGEST_TITLE)
        for i, hit in enumerate(outcome.hits[:3], 1):
            print(f"  {i}. {hit.entry.title}  [{hit.entry.id}, {hit.score:.2f}]")
        return
    print(entry_text(outcome.hits[0].entry, kb.documents, heading_line=True))


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """The same dialogue as the other channels, through the terminal door, on the configured database."""
    import asyncio

    from bot.app import build_core
    from bot.channels.base import DoorDeps
    from bot.channels.terminal import TerminalChannel

    core = build_core(settings)

    async def converse() -> None:
        door = TerminalChannel(DoorDeps.of(core), sys.stdout, Path.cwd())
        await door.start()
        try:
            await door.converse(lambda: input("> "))
        finally:
            await door.stop()
            await core.close()

    asyncio.run(converse())
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    kb, index = _load(settings)
    with open(args.file, encoding="utf-8") as fh:
        items = yaml.safe_load(fh)
    report = evaluate(items, lambda q: message_json(q, index.search_parts(q)))
    if args.verbose:
        print("\n".join(report.misses))
    print("\n".join(report.lines()))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.server import serve

    if args.host:
        settings.host = args.host
    if args.port:
        settings.port = args.port
    return serve(settings)


def _database(settings: Settings) -> "Database":
    from bot.storage.db import open_database

    return open_database(settings.database_url, settings.data_dir)


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import knowledge_repo

    root = Path(args.dir) if args.dir else settings.knowledge_dir
    if not root.is_dir():
        print(texts.CLI_NO_DIRECTORY.format(path=root), file=sys.stderr)
        return 1
    report = _database(settings).call(knowledge_repo.import_directory, root=root, author="cli")
    for err in report.errors:
        print(texts.CLI_SKIPPED.format(error=err), file=sys.stderr)
    print(texts.CLI_IMPORTED.format(created=report.created, updated=report.updated, unchanged=report.unchanged,
                                    files=report.files))
    if report.clips:
        print(texts.CLI_IMPORTED_CLIPS.format(n=report.clips))
    return 1 if report.errors else 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import knowledge_repo

    root = Path(args.dir)
    root.mkdir(parents=True, exist_ok=True)
    written = _database(settings).call(knowledge_repo.export_directory, root=root)
    print(texts.CLI_EXPORTED.format(n=written, path=root))
    return 0


def cmd_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import questions_repo

    since = None
    if args.since:
        try:
            since = dt.datetime.combine(dt.date.fromisoformat(args.since), dt.time(), tzinfo=dt.UTC)
        except ValueError:
            print(texts.CLI_SINCE_INVALID, file=sys.stderr)
            return 2
    groups = _database(settings).call(questions_repo.unanswered, since=since)
    if args.json:
        print(json.dumps([_group_json(g) for g in groups], ensure_ascii=False, indent=1))
        return 0
    if not groups:
        print(texts.CLI_NO_UNANSWERED)
    for g in groups:
        print(f"{g.count:>4}  {_local(g.last_seen)}  [{g.source}] {g.example}")
        for c in g.comments:
            print(texts.CLI_UNANSWERED_COMMENT.format(reason=texts.REASONS.get(c.reason or "", "—"), text=c.text))
    return 0


def _group_json(g: "UnansweredGroup") -> dict[str, object]:
    return {"normalized": g.normalized, "example": g.example, "count": g.count, "last_seen": g.last_seen.isoformat(),
            "channels": list(g.channels), "source": g.source, "reasons": list(g.reasons),
            "comments": [c.as_json() for c in g.comments]}


def _local(moment: dt.datetime) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M")


def cmd_retention(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import questions_repo

    db = _database(settings)
    dropped = db.call(questions_repo.drop_old_texts, days=settings.log_retention_days)
    print(texts.CLI_RETENTION_QUESTIONS.format(n=dropped, days=settings.log_retention_days))
    from bot.storage import documents_repo
    from bot.storage.models import utcnow

    cleared = db.call(documents_repo.purge_expired, now=utcnow())
    print(texts.CLI_RETENTION_DOCUMENTS.format(n=cleared))
    from bot.storage import history_repo

    lines = db.call(history_repo.drop_old, days=settings.log_retention_days)
    print(texts.CLI_RETENTION_HISTORY.format(n=lines, days=settings.log_retention_days))
    from bot.storage import cases_repo

    anonymized = db.call(cases_repo.anonymize_expired, days=settings.case_retention_days)
    print(texts.CLI_RETENTION_CASES.format(n=anonymized, days=settings.case_retention_days))
    from bot.storage import voice_repo

    print(texts.CLI_RETENTION_VOICE.format(n=db.call(voice_repo.purge, now=utcnow())))
    from bot.storage import logbook_repo

    before = utcnow() - dt.timedelta(days=settings.case_retention_days)
    print(texts.CLI_RETENTION_LOGBOOK.format(n=db.call(logbook_repo.drop_old_texts, before=before),
                                             days=settings.case_retention_days))
    return 0


COMMANDS = {
    "check": cmd_check, "fmt": cmd_fmt, "ask": cmd_ask, "chat": cmd_chat, "eval": cmd_eval, "serve": cmd_serve,
    "import": cmd_import, "export": cmd_export, "backup": cmd_backup, "restore": cmd_restore,
    "unanswered": cmd_unanswered, "retention": cmd_retention,
    "admin": cmd_admin, "report": cmd_report,
}

if __name__ == "__main__":
    sys.exit(main())
