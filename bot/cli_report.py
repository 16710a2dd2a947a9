"""`hoagiai report`: the logbook's numbers for a period (issue 18), as JSON, CSV or an .xlsx laid out like the
Ministry's statistical form; the same numbers as the console's statistics page (bot.domain.logbook_report).

Dates are inclusive days in Vietnam time (YYYY-MM-DD). A bad date or an unknown commune is a Vietnamese message on
stderr and exit code 2; so is `--format xlsx` without `--output`.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.core import texts
from bot.core.errors import DomainError

if TYPE_CHECKING:
    from bot.core.communes import Commune
    from bot.core.logbook_lists import LogbookLists
    from bot.storage.database import Database

USAGE_ERROR = 2


def add_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    sp = sub.add_parser("report", help="số liệu sổ ghi chép hòa giải theo kỳ (JSON, CSV hoặc Excel theo biểu thống kê)")
    sp.add_argument("--from", dest="start", required=True, metavar="NGÀY", help="từ ngày (YYYY-MM-DD, giờ Việt Nam)")
    sp.add_argument("--to", dest="end", required=True, metavar="NGÀY", help="đến hết ngày (YYYY-MM-DD)")
    sp.add_argument("--commune", metavar="MÃ", help="chỉ một xã, phường (mã trong communes.yaml)")
    sp.add_argument("--format", choices=("json", "csv", "xlsx"), default="json", help="định dạng (mặc định json)")
    sp.add_argument("--output", metavar="TỆP", help="ghi ra tệp thay vì in ra màn hình (bắt buộc với xlsx)")


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.core.logbook_stats import statistics_json, table_header, table_row
    from bot.core.logbook_xlsx import render_xlsx
    from bot.core.vntime import local_today
    from bot.domain.logbook_report import communes_for, period, statistics
    from bot.storage.db import open_database

    if args.format == "xlsx" and not args.output:
        print(texts.REPORT_XLSX_NEEDS_OUTPUT, file=sys.stderr)
        return USAGE_ERROR
    db = open_database(settings.database_url, settings.data_dir)
    try:
        lists, communes = _lists_and_communes(db, settings)
        try:
            start, end = period(args.start, args.end)
            wanted = communes_for(None, (args.commune or "").strip() or None, communes)
        except DomainError as exc:
            print(exc.message, file=sys.stderr)
            return USAGE_ERROR
        stats = db.call(statistics, start=start, end=end, lists=lists, communes=communes, commune_ids=wanted)
    finally:
        db.dispose()
    if args.format == "xlsx":
        return _write(Path(args.output), render_xlsx(stats, made_on=local_today()))
    if args.format == "json":
        body = json.dumps(statistics_json(stats), ensure_ascii=False, indent=1) + "\n"
    else:
        body = _csv([table_header(stats, texts.STATS_COMMUNE, texts.STATS_TOTAL, texts.STATS_RATE),
                     *(table_row(c.name, c.tally, stats) for c in stats.communes),
                     table_row(texts.XLSX_TOTAL_ROW, stats.total, stats)])
    if args.output:
        return _write(Path(args.output), body.encode("utf-8-sig" if args.format == "csv" else "utf-8"))
    sys.stdout.write(body)
    return 0


def _lists_and_communes(db: "Database", settings: Settings) -> "tuple[LogbookLists | None, dict[str, Commune]]":
    """What the server serves; on a database no server has filled yet, the bundled knowledge."""
    from bot.core.validation import load_knowledge
    from bot.storage.logbook_stats_repo import lists_and_communes

    found = db.call(lists_and_communes)
    if found is not None:
        return found
    kb = load_knowledge(settings.knowledge_dir).knowledge
    return kb.logbook, dict(kb.communes)


def _csv(rows: "list[Sequence[object]]") -> str:
    from bot.core.csvsafe import csv_text

    return csv_text(rows, bom=False)


def _write(path: Path, content: bytes) -> int:
    try:
        path.write_bytes(content)
    except OSError as exc:
        print(texts.REPORT_CANNOT_WRITE.format(path=path, error=exc.strerror or exc), file=sys.stderr)
        return 1
    print(texts.REPORT_WRITTEN.format(path=path), file=sys.stderr)
    return 0


def known_communes(db: "Database", settings: Settings) -> "dict[str, Commune]":
    """The communes a team or a staff scope may name (`hoagiai admin create-user --team/--communes`)."""
    return _lists_and_communes(db, settings)[1]
