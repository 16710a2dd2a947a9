"""Helpers for the training tests: quiz items whose first choice is the right one, a settable clock, the web chat."""

import datetime as dt
import re
from typing import Any

from tests.conftest import SAMPLE

ITEM_RE = re.compile(r"\(mã (q\d+)\)")


def quiz_item(n: int, topic: str = "hoa-giai-vien", choices: int = 3, related: str = "thu-lao-hoa-giai-vien",
              article: int = 10) -> dict[str, Any]:
    """Item q<n>: choice 1 is right, the others wrong (each explained)."""
    return {
        "id": f"q{n}", "question": f"Câu hỏi kiểm tra số {n} (mã q{n}): hòa giải viên nên làm gì?",
        "choices": [{"text": f"Đáp án đúng của câu {n}", "correct": True, "explanation": f"Vì điều luật nói vậy ({n})."},
                    *({"text": f"Đáp án sai {k} của câu {n}", "correct": False,
                       "explanation": f"Sai vì lý do {k} ({n})."} for k in range(2, choices + 1))],
        "topics": [topic], "citations": [{"doc": "35/2013/QH13", "article": article, "clause": 3}], "sources": [],
        "related": [related], "reviewed": dt.date(2026, 11, 27), "status": "published",
    }


def training_knowledge(make_knowledge: Any, items: int = 6, **kw: Any) -> Any:
    return make_knowledge([("qa", e) for e in SAMPLE] + [("quiz", quiz_item(n, **kw)) for n in range(1, items + 1)])


class Clock:
    """Injectable time: starts on a Thursday at 08:00 Vietnam time (01:00 UTC)."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2026, 12, 3, 1, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


async def say(client: Any, session: str = "m1", **body: Any) -> dict[str, Any]:
    resp = await client.post("/api/chat", json={"session": session, **body})
    assert resp.status == 200, await resp.text()
    return dict(await resp.json())


def text_of(data: dict[str, Any]) -> str:
    return "\n".join(r["text"] for r in data["replies"])


def asked(data: dict[str, Any]) -> str:
    """The item a reply asks (its id), from the question text."""
    found = ITEM_RE.search(data["replies"][-1]["text"])
    assert found, data
    return found.group(1)


def button(data: dict[str, Any], label_part: str) -> str:
    """The action of the first button whose label contains `label_part`, in any reply."""
    for reply in data["replies"]:
        for b in reply["buttons"]:
            if label_part in b["label"]:
                return str(b["action"])
    raise AssertionError(f"no button {label_part!r} in {data}")
