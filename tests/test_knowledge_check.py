"""`hoagiai check` and the loader: every problem names file and line, broken files are refused, never half-loaded."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.core.canonical import dump_entry
from bot.core.validation import load_knowledge
from tests.conftest import SAMPLE, qa


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--knowledge", str(root)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_valid_knowledge_prints_counts_per_kind(sample_knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_check(sample_knowledge, capsys)
    assert code == 0
    assert "Hỏi đáp: 5" in out and "Tình huống: 0" in out


def test_broken_yaml_names_file_and_line(sample_knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = sample_knowledge / "qa" / "pham-vi-hoa-giai.yaml"
    lines = bad.read_text(encoding="utf-8").split("\n")
    lines[3] = "  - [unclosed"
    bad.write_text("\n".join(lines), encoding="utf-8")
    code, out = run_check(sample_knowledge, capsys)
    assert code == 1
    assert f"{bad}:" in out
    line = int(out.split(f"{bad}:")[1].split(":")[0])
    assert 4 <= line <= 8


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"id": "khac-ten"}, "khác tên tệp"),
        ({"citations": [{"doc": "99/2099/QH99", "article": 1}]}, "documents.yaml"),
        ({"topics": ["khong-co"]}, "topics.yaml"),
        ({"answer": "x" * 901}, "tối đa 900"),
        ({"answer": "  "}, "Chưa có câu trả lời"),
        ({"related": ["khong-ton-tai"]}, "trỏ tới mục không có: khong-ton-tai"),
        ({"status": "live"}, "Trạng thái phải là một trong"),
        ({"colour": "red"}, "Mục lạ, không thuộc loại nội dung này: colour"),
        ({"citations": [{"doc": "35/2013/QH13", "article": "bảy"}]}, "số nguyên"),
    ],
    ids=["id-not-file-name", "unknown-doc", "unknown-topic", "over-long", "empty", "dangling-related",
         "bad-status", "unknown-field", "article-not-int"],
)
def test_each_error_is_reported_with_file_and_line(
    make_knowledge, capsys: pytest.CaptureFixture[str], change: dict, expected: str
) -> None:
    data = qa("muc-thu", "Câu hỏi thử?", ["a b", "c d", "e f", "g h"], "Trả lời.")
    root = make_knowledge([("qa", data)])
    path = root / "qa" / "muc-thu.yaml"
    path.write_text(yaml.safe_dump({**data, **change}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out = run_check(root, capsys)
    assert code == 1
    assert expected in out
    assert all(line.startswith(f"{path}:") for line in out.strip().splitlines()[:-1])


def test_duplicate_ids_across_kinds_are_refused(make_knowledge, capsys: pytest.CaptureFixture[str]) -> None:
    leaflet = {"id": "trung", "title": "Tờ gấp", "alt_questions": ["a", "b", "c"], "body": "Nội dung.",
               "topics": ["quy-dinh-chung"], "citations": [{"doc": "35/2013/QH13", "article": 1}], "sources": [],
               "reviewed": dt.date(2026, 11, 27), "status": "published"}
    root = make_knowledge([("qa", qa("trung", "Câu?", ["a", "b", "c", "d"], "Đáp.")), ("leaflet", leaflet)])
    code, out = run_check(root, capsys)
    assert code == 1 and "trùng" in out


def test_non_canonical_layout_is_an_error_that_fmt_fixes(sample_knowledge: Path, capsys) -> None:
    path = sample_knowledge / "qa" / "ma-chai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: published\n", "status:    published\n"))
    code, out = run_check(sample_knowledge, capsys)
    assert code == 1 and "hoagiai fmt" in out
    assert main(["fmt", "--knowledge", str(sample_knowledge)]) == 0
    code, _ = run_check(sample_knowledge, capsys)
    assert code == 0


def test_loader_refuses_a_broken_file_and_keeps_the_rest(sample_knowledge: Path) -> None:
    (sample_knowledge / "qa" / "ma-chai.yaml").write_text("id: ma-chai\nquestion: [\n", encoding="utf-8")
    report = load_knowledge(sample_knowledge)
    assert "ma-chai" not in report.knowledge.entries
    assert len(report.knowledge.entries) == len(SAMPLE) - 1
    assert report.errors and report.errors[0].path.endswith("ma-chai.yaml")


def test_canonical_dump_reads_back_to_the_same_data() -> None:
    data = qa("x", "Câu: có dấu hai chấm?", ["- gạch đầu", "'nháy'", "# thăng", "yes", "123"], "Dòng 1\n\nDòng 3")
    text = dump_entry("qa", data)
    assert yaml.safe_load(text) == data
    assert dump_entry("qa", yaml.safe_load(text)) == text


def test_bundled_knowledge_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0, capsys.readouterr().out
