"""`hoagiai check` validates the scope tree and the paperwork templates, naming file and line for every problem."""

from pathlib import Path

import pytest

from bot.cli import main
from bot.core.validation import load_knowledge
from tests.tools_support import add_tool_files


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--knowledge", str(root)])
    out = capsys.readouterr()
    return code, out.out + out.err


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if fragment in line)


def test_the_bundled_tree_and_templates_load(sample_knowledge: Path) -> None:
    report = load_knowledge(add_tool_files(sample_knowledge), strict_layout=True)
    assert report.errors == []
    assert report.knowledge.scope_tree is not None and report.knowledge.scope_tree.root == "nguy-hiem"
    assert list(report.knowledge.templates) == ["van-ban-hoa-giai-thanh", "bien-ban-hoa-giai-khong-thanh",
                                                "so-theo-doi-hoa-giai"]


@pytest.mark.parametrize(
    ("old", "new", "expected", "at"),
    [
        ("next: co-the}", "next: co-le}", "không tồn tại: co-le", "next: co-le}"),
        ("- {label: \"Không\", next: loi-ich-nha-nuoc}", "- {label: \"Không\", next: dung-lai-an-toan}",
         "không đi tới được", "- id: loi-ich-nha-nuoc"),
        ("- {label: \"Không có vi phạm pháp luật\", next: co-the}",
         "- {label: \"Không có vi phạm pháp luật\", next: loai-viec}", "vòng lặp", "- id: loai-viec"),
        ("- {doc: 92/2015/QH13, article: 206, clause: 1}\n\n- id: khong-giao-dich",
         "- {doc: 99/2099/QH99, article: 206, clause: 1}\n\n- id: khong-giao-dich", "documents.yaml",
         "- {doc: 99/2099/QH99"),
        ("  verdict: chua-ro\n  text: |-\n    Chưa rõ việc này", "  verdict: co-le\n  text: |-\n    Chưa rõ việc này",
         "`verdict` phải là", "verdict: co-le"),
        ("root: nguy-hiem", "root: khong-co", "`root`", "root: khong-co"),
    ],
    ids=["dangling-next", "unreachable-node", "cycle", "unknown-document", "bad-verdict", "unknown-root"],
)
def test_a_broken_tree_is_reported_with_file_and_line(
    sample_knowledge: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str, at: str
) -> None:
    root = add_tool_files(sample_knowledge)
    path = root / "scope_tree.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out = run_check(root, capsys)
    assert code == 1
    assert f"{path}:{line_of(path, at)}: " in out and expected in out, out


def test_a_leaf_without_citations_is_an_error(sample_knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = add_tool_files(sample_knowledge)
    path = root / "scope_tree.yaml"
    text = path.read_text(encoding="utf-8")
    leaf = text.index("- id: co-the\n")
    start = text.index("  citations:\n", leaf)
    end = text.index("\n\n", start)
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    code, out = run_check(root, capsys)
    assert code == 1 and f"{path}:{line_of(path, '- id: co-the')}: " in out and "`citations`" in out


def test_a_tree_with_a_syntax_error_names_its_line(sample_knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = add_tool_files(sample_knowledge)
    path = root / "scope_tree.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[15] = "  - {label: [unclosed"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out = run_check(root, capsys)
    assert code == 1 and f"{path}:" in out and "YAML" in out


@pytest.mark.parametrize(
    ("old", "new", "expected", "at"),
    [
        ("  - id: thoi-han\n", "  - id: thoi-gian  # trùng\n", "bị trùng: thoi-gian", "thoi-gian  # trùng"),
        ("- {doc: 35/2013/QH13, article: 24, clause: 2}", "- {doc: 35/2013/QH13, article: 24, clause: 0}",
         "`clause`", "article: 24, clause: 0"),
        ("    prompt: Quyền và nghĩa vụ của từng bên theo thỏa thuận?\n", "", "`prompt`", "- id: quyen-nghia-vu"),
        ("id: van-ban-hoa-giai-thanh\n", "id: van-ban-khac\n", "trùng tên tệp", "id: van-ban-khac"),
        ("  signers:\n  - BÊN THỨ NHẤT\n  - BÊN THỨ HAI\n  - HÒA GIẢI VIÊN\n", "  signers: []\n", "`signers`",
         "signers: []"),
    ],
    ids=["duplicate-field", "bad-citation", "missing-prompt", "id-not-file-name", "no-signers"],
)
def test_a_broken_template_is_reported_with_file_and_line(
    sample_knowledge: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str, at: str
) -> None:
    root = add_tool_files(sample_knowledge)
    path = root / "templates" / "van-ban-hoa-giai-thanh.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    code, out = run_check(root, capsys)
    assert code == 1
    assert f"{path}:{line_of(path, at)}: " in out and expected in out, out
    assert list(load_knowledge(root).knowledge.templates) == ["bien-ban-hoa-giai-khong-thanh", "so-theo-doi-hoa-giai"]
