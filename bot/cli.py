"""`hoagiai`: the command line. Parses arguments, builds Settings, calls the core; no logic of its own."""

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings
from bot.logs import configure_logging
from bot.core.evaluate import evaluate
from bot.core.knowledge import KnowledgeBase, KnowledgeError
from bot.core.render import citation_line, hit_json
from bot.core.search import Outcome, SearchIndex
from bot.core.schema import KIND_LABELS
from bot.core.validation import format_files, load_knowledge

logger = logging.getLogger("hoagiai")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings()
    quiet = args.command in ("ask", "check", "eval", "fmt", "unanswered", "export", "import", "retention")
    configure_logging(logging.WARNING if quiet else logging.INFO, as_json=settings.log_json)
    if getattr(args, "knowledge", None):
        settings.knowledge_dir = Path(args.knowledge)
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
    sub.add_parser("retention", help="xóa nội dung câu hỏi quá hạn lưu giữ (chạy hằng ngày bằng cron)")
    sp = sub.add_parser("eval", help="đo chất lượng tìm kiếm trên một tệp câu hỏi")
    knowledge_arg(sp)
    sp.add_argument("file")
    sp.add_argument("--verbose", action="store_true", help="liệt kê các câu trả lời sai")
    return p


def _load(settings: Settings) -> tuple[KnowledgeBase, SearchIndex]:
    report = load_knowledge(settings.knowledge_dir)
    for err in report.errors:
        print(f"bỏ qua: {err}", file=sys.stderr)
    return report.knowledge, SearchIndex.build(report.knowledge, settings.search_config())


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    report = load_knowledge(settings.knowledge_dir, strict_layout=True)
    for err in report.errors:
        print(str(err))
    if report.errors:
        print(f"{len(report.errors)} lỗi trong {report.files} tệp", file=sys.stderr)
        return 1
    counts = report.knowledge.counts()
    published = sum(1 for e in report.knowledge.entries.values() if e.status == "published")
    summary = ", ".join(f"{KIND_LABELS[k]}: {n}" for k, n in counts.items())
    print(f"OK: {summary} ({published} đã xuất bản; {len(report.knowledge.topics)} chủ đề; "
          f"{len(report.knowledge.documents)} văn bản)")
    return 0


def cmd_fmt(args: argparse.Namespace, settings: Settings) -> int:
    changed = format_files(settings.knowledge_dir)
    for path in changed:
        print(f"đã định dạng: {path}")
    print(f"{len(changed)} tệp được viết lại")
    return 0


def outcome_json(query: str, outcome: Outcome) -> dict[str, Any]:
    hits = outcome.hits if outcome.kind != "none" else ()
    return {"query": query, "outcome": outcome.kind, "results": [hit_json(h) for h in hits]}


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    kb, index = _load(settings)
    if args.question == "-":
        for line in sys.stdin:
            query = line.rstrip("\n")
            _print_outcome(query, index.search(query), kb, as_json=args.json)
            sys.stdout.flush()
        return 0
    _print_outcome(args.question, index.search(args.question), kb, as_json=args.json)
    return 0


def _print_outcome(query: str, outcome: Outcome, kb: KnowledgeBase, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(outcome_json(query, outcome), ensure_ascii=False))
        return
    if outcome.kind == "none":
        print("Chưa tìm thấy nội dung phù hợp. Hãy viết rõ hơn hoặc thử một từ khóa (vd. \"thù lao hòa giải viên\").")
        return
    if outcome.kind == "suggest":
        print("Có phải bạn muốn hỏi:")
        for i, hit in enumerate(outcome.hits[:3], 1):
            print(f"  {i}. {hit.entry.title}  [{hit.entry.id}, {hit.score:.2f}]")
        return
    top = outcome.hits[0].entry
    print(f"{top.title}\n\n{top.answer}\n\n{citation_line(top.citations, kb.documents)}")


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    kb, index = _load(settings)
    print("Trợ lý Hòa giải — gõ câu hỏi, Enter để gửi; gõ 'thoat' hoặc Ctrl-D để thoát.")
    pending: list[str] = []
    while True:
        try:
            line = input("> ").strip()
        except EOFError:
            print()
            return 0
        if line.lower() in ("thoat", "thoát", "exit", "quit"):
            return 0
        if line.isdigit() and pending and 1 <= int(line) <= len(pending):
            entry = kb.entries[pending[int(line) - 1]]
            print(f"{entry.title}\n\n{entry.answer}\n\n{citation_line(entry.citations, kb.documents)}\n")
            pending = []
            continue
        outcome = index.search(line)
        _print_outcome(line, outcome, kb, as_json=False)
        pending = [h.entry.id for h in outcome.hits[:3]] if outcome.kind == "suggest" else []
        if pending:
            print("Trả lời 1, 2 hoặc 3 để chọn.")
        print()


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    kb, index = _load(settings)
    with open(args.file, encoding="utf-8") as fh:
        items = yaml.safe_load(fh)
    report = evaluate(items, lambda q: outcome_json(q, index.search(q)))
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


def _database(settings: Settings):  # type: ignore[no-untyped-def]
    from bot.storage.database import Database
    from bot.storage.db import database_url, make_engine, migrate

    engine = make_engine(database_url(settings.database_url, settings.data_dir))
    migrate(engine)
    return Database(engine)


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import knowledge_repo

    root = Path(args.dir) if args.dir else settings.knowledge_dir
    if not root.is_dir():
        print(f"Không tìm thấy thư mục: {root}", file=sys.stderr)
        return 1
    report = _database(settings).call(knowledge_repo.import_directory, root=root, author="cli")
    for err in report.errors:
        print(f"bỏ qua: {err}", file=sys.stderr)
    print(f"Đã nhập: {report.created} mục mới, {report.updated} mục cập nhật, {report.unchanged} mục không đổi, "
          f"{report.files} tệp danh mục")
    return 1 if report.errors else 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import knowledge_repo

    root = Path(args.dir)
    root.mkdir(parents=True, exist_ok=True)
    written = _database(settings).call(knowledge_repo.export_directory, root=root)
    print(f"Đã xuất {written} tệp vào {root}")
    return 0


def cmd_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    import datetime as dt

    from bot.storage import questions_repo

    since = None
    if args.since:
        try:
            since = dt.datetime.combine(dt.date.fromisoformat(args.since), dt.time(), tzinfo=dt.UTC)
        except ValueError:
            print("--since phải là ngày dạng YYYY-MM-DD", file=sys.stderr)
            return 2
    groups = _database(settings).call(questions_repo.unanswered, since=since)
    if args.json:
        for g in groups:
            print(json.dumps({"normalized": g.normalized, "example": g.example, "count": g.count,
                              "last_seen": g.last_seen.isoformat(), "channels": list(g.channels), "source": g.source,
                              "reasons": list(g.reasons)}, ensure_ascii=False))
        return 0
    if not groups:
        print("Không có câu hỏi nào chưa được trả lời.")
    for g in groups:
        print(f"{g.count:>4}  {_local(g.last_seen)}  [{g.source}] {g.example}")
    return 0


def _local(moment):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M")


def cmd_retention(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import questions_repo

    db = _database(settings)
    dropped = db.call(questions_repo.drop_old_texts, days=settings.log_retention_days)
    print(f"Đã xóa nội dung {dropped} câu hỏi cũ hơn {settings.log_retention_days} ngày (số liệu theo ngày được giữ).")
    return 0


COMMANDS = {
    "check": cmd_check, "fmt": cmd_fmt, "ask": cmd_ask, "chat": cmd_chat, "eval": cmd_eval, "serve": cmd_serve,
    "import": cmd_import, "export": cmd_export, "unanswered": cmd_unanswered, "retention": cmd_retention,
}

if __name__ == "__main__":
    sys.exit(main())
