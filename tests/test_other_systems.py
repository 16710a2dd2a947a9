"""An entry about another mediation system (labour, commercial, at court) does not take a question that never names
that system: the grassroots mediator is who "hòa giải viên" means, unless the message says otherwise."""

from pathlib import Path

from bot.core.search import SearchIndex
from bot.core.validation import load_knowledge
from tests.conftest import SAMPLE, qa

LABOUR_PAY = qa("thu-lao-hoa-giai-vien-lao-dong", "Thù lao của hòa giải viên lao động do ai trả?",
                ["hoa giai vien lao dong duoc tra tien khong"],
                "Hòa giải viên lao động được hưởng chế độ theo quy định của Bộ luật Lao động.",
                citations=[{"doc": "45/2019/QH14", "article": 184}])
ASKED = "thù lao của hòa giải viên do ai trả"


def _index(make_knowledge, *, cues: bool = True) -> SearchIndex:  # type: ignore[no-untyped-def]
    root: Path = make_knowledge([("qa", e) for e in [*SAMPLE, LABOUR_PAY]])
    if not cues:
        docs = root / "documents.yaml"
        docs.write_text("\n".join(line for line in docs.read_text(encoding="utf-8").splitlines()
                                  if not line.startswith("  cues:")) + "\n", encoding="utf-8")
    return SearchIndex.build(load_knowledge(root).knowledge)


def test_a_question_that_names_no_other_system_gets_the_grassroots_entry(make_knowledge) -> None:  # type: ignore[no-untyped-def]
    assert _index(make_knowledge).search(ASKED).hits[0].entry.id == "thu-lao-hoa-giai-vien"


def test_a_question_that_names_the_system_still_gets_its_entry(make_knowledge) -> None:  # type: ignore[no-untyped-def]
    index = _index(make_knowledge)
    assert index.search("thù lao của hòa giải viên lao động do ai trả").hits[0].entry.id == LABOUR_PAY["id"]
    assert index.search("cong ty no luong, thu lao hoa giai vien do ai tra").hits[0].entry.id == LABOUR_PAY["id"]


def test_without_cues_in_documents_yaml_the_closer_wording_wins(make_knowledge) -> None:  # type: ignore[no-untyped-def]
    assert _index(make_knowledge, cues=False).search(ASKED).hits[0].entry.id == LABOUR_PAY["id"]
