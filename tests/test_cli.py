"""The `hoagiai` command line as a user (or score.py) runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

HOAGIAI = [sys.executable, "-m", "bot.cli"]


def test_ask_json_stdin_answers_each_line_as_it_arrives(sample_knowledge: Path) -> None:
    proc = subprocess.Popen([*HOAGIAI, "ask", "--json", "-", "--knowledge", str(sample_knowledge)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert proc.stdin and proc.stdout
    answers = []
    for query in ["hgv co dc tra tien ko", "giá xăng hôm nay", ""]:
        proc.stdin.write(query + "\n")
        proc.stdin.flush()
        answers.append(json.loads(proc.stdout.readline()))  # would hang if output were not flushed per line
    proc.stdin.close()
    assert proc.wait(timeout=20) == 0
    proc.stdout.close()
    first = answers[0]
    assert set(first) == {"query", "outcome", "results"}
    assert first["query"] == "hgv co dc tra tien ko" and first["outcome"] in ("answer", "suggest")
    top = first["results"][0]
    assert set(top) == {"id", "kind", "title", "answer", "citations", "score", "matched"}
    assert top["id"] == "thu-lao-hoa-giai-vien" and top["kind"] == "qa"
    assert top["citations"] == [{"doc": "35/2013/QH13", "article": 9, "clause": None, "point": None}]
    assert isinstance(top["score"], float)
    assert answers[1]["outcome"] != "answer"
    assert answers[2] == {"query": "", "outcome": "none", "results": []}


def test_ask_json_names_the_phrasing_that_matched_and_answers_each_question_of_a_message(sample_knowledge: Path) -> None:
    one = json.loads(subprocess.run([*HOAGIAI, "ask", "--json", "--knowledge", str(sample_knowledge),
                                     "muốn làm hòa giải viên cần gì"], capture_output=True, text=True, check=True).stdout)
    assert "parts" not in one  # one question: the shape existing readers know
    assert one["results"][0]["matched"] == "muốn làm hòa giải viên cần gì"
    assert one["results"][0]["answer"].startswith("Người có phẩm chất")  # the answer alone, no ❓ line
    message = ("Nhà tôi ở bản Mòng, hàng xóm hay cãi nhau. Hòa giải viên có được trả thù lao không? "
               "Và tổ chức ma chay kéo dài có được hòa giải không?")
    both = json.loads(subprocess.run([*HOAGIAI, "ask", "--json", "--knowledge", str(sample_knowledge), message],
                                     capture_output=True, text=True, check=True).stdout)
    assert [p["results"][0]["id"] for p in both["parts"]] == ["thu-lao-hoa-giai-vien", "ma-chay"]
    assert both["parts"][0] == {k: both[k] for k in ("query", "outcome", "results")}
    assert both["parts"][1]["query"].startswith("Và tổ chức ma chay")
    assert all(set(p) == {"query", "outcome", "results"} for p in both["parts"])


def test_ask_starts_a_qa_answer_with_the_question_it_answers(sample_knowledge: Path) -> None:
    out = subprocess.run([*HOAGIAI, "ask", "--knowledge", str(sample_knowledge), "hgv co dc tra tien ko"],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("❓ Hòa giải viên có được trả thù lao không?\n\n")


def test_ask_into_a_closed_pipe_exits_quietly(sample_knowledge: Path) -> None:
    proc = subprocess.run(f"yes 'hgv co dc tra tien ko' | head -300 | {sys.executable} -m bot.cli ask - "
                          f"--knowledge {sample_knowledge} | head -1", shell=True, capture_output=True, text=True)
    assert proc.stdout.startswith("❓") and "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_ask_prints_the_answer_with_its_citation(sample_knowledge: Path) -> None:
    out = subprocess.run([*HOAGIAI, "ask", "--knowledge", str(sample_knowledge), "hòa giải viên có được trả thù lao không"],
                         capture_output=True, text=True, check=True).stdout
    assert "thù lao theo vụ, việc" in out
    assert "Căn cứ: Luật HGCS (Điều 9)" in out


def test_eval_reports_top1_top3_ood_and_the_diacritics_split(sample_knowledge: Path, tmp_path: Path) -> None:
    items = [
        {"q": "hòa giải viên có được trả thù lao không", "expect": {"cite": [{"doc": "35/2013/QH13", "article": 9}]}},
        {"q": "tieu chuan hoa giai vien", "expect": {"cite": [{"doc": "35/2013/QH13", "article": 7}]}},
        {"q": "hòa giải viên có được trả thù lao không", "expect": {"cite": [{"doc": "35/2013/QH13", "article": 1}]}},
        {"q": "giá xăng hôm nay", "expect": "none"},
    ]
    path = tmp_path / "eval.yaml"
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    out = subprocess.run([*HOAGIAI, "eval", str(path), "--knowledge", str(sample_knowledge)],
                         capture_output=True, text=True, check=True).stdout
    out = " ".join(out.split())
    assert "3 câu trong phạm vi, 1 câu ngoài phạm vi" in out
    assert "top1 66.7% (2/3)" in out
    assert "ood 100.0% (1/1)" in out
    assert "top1 có dấu 50.0% (1/2)" in out
    assert "top1 không dấu 100.0% (1/1)" in out


@pytest.mark.parametrize("args", [["check"], ["ask", "--json", "x"]])
def test_missing_knowledge_directory_is_a_clear_error(args: list[str], tmp_path: Path) -> None:
    proc = subprocess.run([*HOAGIAI, *args, "--knowledge", str(tmp_path / "nope")], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
