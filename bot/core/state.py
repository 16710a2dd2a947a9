"""The conversation state: what the dialogue remembers about one user between messages, with a name and a type
for every key. It is stored as JSON by storage (keyed by the pseudonymous user key) and shared by every replica, so
every value is plain JSON: strings, numbers, lists and the open form's dict.
"""

from typing import Any, TypedDict

# "await" is a Python keyword, hence the functional form.
ConversationState = TypedDict(
    "ConversationState",
    {
        # The open form: the flow that owns it (its `name`) and its fields; each flow owns the shape of its form.
        "flow": str | None,
        "form": dict[str, Any],
        # "comment" while a one-line comment after 👎 is expected.
        "await": str | None,
        "await_": None,  # written and cleared again by Dialogue.ask; never read
        # The last suggestions (entry ids), answered by number or by button.
        "suggest": list[str] | None,
        # On channels without buttons: the actions of the last reply's numbered choices, for a digit typed next.
        "numbered": list[str] | None,
        # The last question: its log id and text, and the entry answered (for 👍/👎 and escalation).
        "last_question": int,
        "last_text": str,
        "last_answer": str,
        # The 👎 feedback row waiting for a reason and a comment.
        "feedback": int,
        # The commune typed in the escalation form, offered again next time.
        "commune": str,
        # The further questions of the last message ("❓ Câu 2" …): their text and question-log id.
        "parts": list[dict[str, Any]],
        # The buttons that did not fit under the last few replies (label, action), by the key "⋯ Thêm" carries.
        "overflow": dict[str, list[list[str]]],
        # The practice round (bot.core.practice): its number, items, step, whether the step is answered, the score
        # and the topics missed; after the round only its number stays (older buttons are refused by it).
        "quiz": dict[str, Any],
        # The language whose recorded answers are offered first (/ngonngu): a code of languages.yaml.
        "lang": str,
        # The logbook (bot.core.logbook_flow): what /vanban pre-filled ("pre", "what") or the draft kept while /coso
        # asks the team; only ids and dates, plus a summary already masked.
        "logbook": dict[str, Any],
        # True right after the emergency block: an escalation opened next is flagged urgent.
        "danger": bool,
    },
    total=False,
)


def open_form(state: ConversationState, flow: str) -> dict[str, Any]:
    """The open form's fields when `flow` owns it, else an empty dict."""
    form = state.get("form")
    return form if state.get("flow") == flow and isinstance(form, dict) else {}


def close_form(state: ConversationState, flow: str) -> None:
    """Forget the open form when `flow` owns it (another flow's form is left alone)."""
    if state.get("flow") == flow:
        state.pop("flow", None)
        state.pop("form", None)
