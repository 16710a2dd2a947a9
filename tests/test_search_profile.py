"""An entry's profile — everything its rows say together — finds it for a story whose words are spread over several
of its examples, and the ranking without profiles is read as a second opinion by the decision."""

from bot.core.query import split_parts
from bot.core.ranking import profile_scores
from bot.core.search import SearchIndex
from bot.core.validation import load_knowledge
from tests.conftest import SAMPLE, qa

DOG = qa("cho-can-nguoi", "Vật nuôi gây thương tích cho người thì chủ nuôi có phải bồi thường không?",
         ["súc vật gây thiệt hại ai chịu"],
         "Chủ sở hữu súc vật phải bồi thường thiệt hại do súc vật gây ra cho người khác.", article=3,
         examples=["Chó nhà bên cắn vào chân con tôi, chủ nó có phải đền không?",
                   "Cháu phải đi tiêm phòng dại năm mũi hết hai triệu, ai trả tiền?",
                   "Hàng xóm không xích con béc-giê, để nó chạy rông ngoài ngõ cả ngày."])
DISTRACTOR = qa("con-bi-hang-xom-danh", "Con tôi bị con nhà hàng xóm đánh thì làm thế nào?",
                ["trẻ con hai nhà đánh nhau"], "Hòa giải giữa hai gia đình, có thể yêu cầu bồi thường.", article=3)
STORY = ("Nhà hàng xóm nuôi con béc-giê to không xích, tuần trước nó chạy ra ngõ cắn con tôi, cháu phải tiêm "
         "phòng dại năm mũi. Họ có phải trả tiền cho nhà tôi không?")


def _index(make_knowledge, dog: dict) -> SearchIndex:
    root = make_knowledge([("qa", e) for e in [*SAMPLE, DISTRACTOR, dog]])
    return SearchIndex.build(load_knowledge(root).knowledge)


def test_words_spread_over_an_entrys_examples_find_it_together(make_knowledge) -> None:
    index = _index(make_knowledge, DOG)
    scores = profile_scores(index.data, index.terms(split_parts(STORY)[0]))
    ids = [e.id for e in index.entries]
    assert ids[int(scores.argmax())] == "cho-can-nguoi"
    assert index.search(STORY).hits[0].entry.id == "cho-can-nguoi"


def test_without_its_examples_the_entry_loses_the_story_it_was_found_for(make_knowledge) -> None:
    index = _index(make_knowledge, {**DOG, "examples": []})
    scores = profile_scores(index.data, index.terms(split_parts(STORY)[0]))
    ids = [e.id for e in index.entries]
    with_examples = _index(make_knowledge, DOG)
    before = profile_scores(with_examples.data, with_examples.terms(split_parts(STORY)[0]))
    assert scores[ids.index("cho-can-nguoi")] < before[[e.id for e in with_examples.entries].index("cho-can-nguoi")]


def test_an_exact_question_is_first_with_and_without_profiles(make_knowledge) -> None:
    index = _index(make_knowledge, DOG)
    ranking = index.rank(index.terms(split_parts("Những việc nào được hòa giải ở cơ sở?")[0]))
    assert ranking.hits[0].entry.id == "pham-vi-hoa-giai" and ranking.leader == ranking.hits[0].position


def test_a_message_of_unknown_words_has_no_profile_scores(make_knowledge) -> None:
    index = _index(make_knowledge, DOG)
    scores = profile_scores(index.data, index.terms(split_parts("xyzzy qwerty")[0]))
    assert len(scores) == len(index.entries) and float(scores.max()) == 0.0
