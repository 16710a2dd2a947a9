"""The JSON API over real HTTP: bearer tokens, roles, every route, invalid bodies, publishing into the live bot."""

from typing import Any

from sqlmodel import select

from admin.api import routes
from bot.domain import accounts
from bot.storage.models import AuditLog

ROUTES = [("GET", "/admin/api/entries"), ("POST", "/admin/api/entries"), ("GET", "/admin/api/entries/ma-chai"),
          ("PUT", "/admin/api/entries/ma-chai"), ("POST", "/admin/api/entries/ma-chai/publish"),
          ("GET", "/admin/api/unanswered")]
ROUTE_IDS = ["list", "create", "get", "put", "publish", "unanswered"]


def token_for(console, username: str) -> str:  # type: ignore[no-untyped-def]
    token, _ = console.core.db.call(accounts.create_api_token, username=username, actor="test")
    return str(token)


async def call(console, method: str, path: str, token: str | None, body: Any = None, raw: bytes | None = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if raw is not None:
        headers["Content-Type"] = "application/json"
        resp = await console.request(method, path, data=raw, headers=headers)
    else:
        resp = await console.request(method, path, json=body, headers=headers)
    return resp.status, await resp.json()


async def ask(console, text: str, session: str = "api-test") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    resp = await console.post("/api/chat", json={"session": session, "text": text})
    assert resp.status == 200
    return await resp.json()  # type: ignore[no-any-return]


NEW_QA = {
    "kind": "qa", "id": "the-hoa-giai-vien", "question": "Hòa giải viên có được cấp thẻ hòa giải viên không?",
    "alt_questions": ["hoa giai vien co the khong", "thẻ hgv"],
    "answer": "Luật không quy định thẻ riêng; quyết định công nhận hòa giải viên là giấy tờ chứng minh.",
    "topics": ["hoa-giai-vien"], "citations": [{"doc": "35/2013/QH13", "article": 8}], "sources": [],
    "reviewed": "2026-11-20",
}


async def test_every_route_needs_a_valid_token(console) -> None:  # type: ignore[no-untyped-def]
    for token in (None, "hg_not-a-real-token"):
        for (method, path), name in zip(ROUTES, ROUTE_IDS, strict=True):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            resp = await console.request(method, path, json={}, headers=headers)
            assert resp.status == 401, (name, token)
            assert resp.headers["WWW-Authenticate"].startswith("Bearer")
            body = await resp.json()
            assert body["field"] is None and "Bearer" in body["error"]


async def test_staff_tokens_are_forbidden_on_every_route_and_revoked_tokens_stop_working(console) -> None:  # type: ignore[no-untyped-def]
    staff = token_for(console, "staff")
    for method, path in ROUTES:
        status, body = await call(console, method, path, staff, {})
        assert (status, body["field"]) == (403, None), path
    editor = token_for(console, "editor")
    assert (await call(console, "GET", "/admin/api/entries", editor))[0] == 200
    token_id = console.core.db.call(lambda *, session: max(r.id for r in session.exec(select(
        __import__("bot.storage.models", fromlist=["ApiToken"]).ApiToken)).all()))
    console.core.db.call(accounts.revoke_api_token, token_id=token_id, actor="test")
    assert (await call(console, "GET", "/admin/api/entries", editor))[0] == 401


async def test_listing_gives_each_entry_as_its_yaml_fields_plus_kind(console) -> None:  # type: ignore[no-untyped-def]
    token = token_for(console, "editor")
    status, body = await call(console, "GET", "/admin/api/entries", token)
    assert status == 200 and body["count"] == 5
    entry = next(e for e in body["entries"] if e["id"] == "thu-lao-hoa-giai-vien")
    assert list(entry) == ["kind", "id", "question", "alt_questions", "answer", "topics", "citations", "sources",
                           "reviewed", "status"]
    assert entry["kind"] == "qa" and entry["reviewed"] == "2026-11-27" and entry["status"] == "published"
    assert entry["citations"] == [{"doc": "35/2013/QH13", "article": 9}]
    _, found = await call(console, "GET", "/admin/api/entries?q=thu lao&kind=qa&status=published", token)
    assert [e["id"] for e in found["entries"]] == ["thu-lao-hoa-giai-vien"]
    status, one = await call(console, "GET", "/admin/api/entries/thu-lao-hoa-giai-vien", token)
    assert status == 200 and one == entry
    status, missing = await call(console, "GET", "/admin/api/entries/khong-co", token)
    assert (status, missing["field"]) == (404, "id")


INVALID = [
    (b"not json", None),
    (b"[1, 2]", None),
    ({**NEW_QA, "kind": None}, "kind"),
    ({**NEW_QA, "kind": "poem"}, "kind"),
    ({k: v for k, v in NEW_QA.items() if k != "answer"}, "answer"),
    ({**NEW_QA, "answer": "x" * 901}, "answer"),
    ({**NEW_QA, "citations": [{"doc": "99/2099/QH99", "article": 1}]}, "citations"),
    ({**NEW_QA, "citations": [{"doc": "35/2013/QH13", "article": "bảy"}]}, "citations"),
    ({**NEW_QA, "citations": []}, "citations"),
    ({**NEW_QA, "topics": ["khong-co-chu-de"]}, "topics"),
    ({**NEW_QA, "id": "Có Dấu"}, "id"),
    ({**NEW_QA, "reviewed": "27/11/2026"}, "reviewed"),
    ({**NEW_QA, "status": "published"}, "status"),
    ({**NEW_QA, "related": ["khong-ton-tai"]}, "related"),
    ({**NEW_QA, "colour": "blue"}, "colour"),
    ({**NEW_QA, "alt_questions": "một chuỗi"}, "alt_questions"),
]


INVALID_IDS = ["not-json", "not-object", "no-kind", "bad-kind", "no-answer", "long-answer", "unknown-document",
               "article-not-number", "no-citation", "unknown-topic", "bad-id", "bad-date", "status-published",
               "dangling-related", "unknown-field", "alts-not-list"]


async def test_an_invalid_body_is_refused_naming_the_field(console) -> None:  # type: ignore[no-untyped-def]
    token = token_for(console, "editor")
    for (body, field), name in zip(INVALID, INVALID_IDS, strict=True):
        raw = body if isinstance(body, bytes) else None
        status, error = await call(console, "POST", "/admin/api/entries", token, None if raw else body, raw)
        assert (status, error["field"]) == (400, field), (name, error)
        assert error["error"]
    status, _ = await call(console, "GET", "/admin/api/entries/the-hoa-giai-vien", token)
    assert status == 404  # nothing was created


async def test_creating_then_publishing_makes_the_web_chat_answer_it(console) -> None:  # type: ignore[no-untyped-def]
    token = token_for(console, "editor")
    before = await ask(console, "hòa giải viên có được cấp thẻ không")
    assert not before["results"] or before["results"][0]["id"] != "the-hoa-giai-vien"
    status, created = await call(console, "POST", "/admin/api/entries", token, NEW_QA)
    assert status == 201 and created["status"] == "draft" and created["kind"] == "qa"
    assert (await ask(console, "hòa giải viên có được cấp thẻ không"))["results"][:1] != [{"id": "the-hoa-giai-vien"}]
    status, again = await call(console, "POST", "/admin/api/entries", token, NEW_QA)
    assert (status, again["field"]) == (409, "id")
    status, published = await call(console, "POST", "/admin/api/entries/the-hoa-giai-vien/publish", token)
    assert status == 200 and published["status"] == "published"
    after = await ask(console, "hòa giải viên có được cấp thẻ không")  # no sleep: publish returns after the swap
    assert after["outcome"] == "answer" and after["results"][0]["id"] == "the-hoa-giai-vien"
    assert "Căn cứ: Luật HGCS (Điều 8)" in after["replies"][0]["text"]
    audit = console.core.db.call(lambda *, session: session.exec(select(AuditLog).where(
        AuditLog.target == "the-hoa-giai-vien")).all())
    assert [(a.actor, a.action) for a in audit] == [("editor (API)", "entry.create"), ("editor (API)", "entry.publish")]
    assert audit[1].before and "status: draft" in audit[1].before and "status: published" in (audit[1].after or "")


async def test_a_put_edits_the_working_copy_while_the_published_text_stays_served(console) -> None:  # type: ignore[no-untyped-def]
    token = token_for(console, "admin")
    _, entry = await call(console, "GET", "/admin/api/entries/thu-lao-hoa-giai-vien", token)
    changed = {**entry, "status": "draft", "answer": "Có. Mức thù lao do Hội đồng nhân dân tỉnh quyết định."}
    status, saved = await call(console, "PUT", "/admin/api/entries/thu-lao-hoa-giai-vien", token, changed)
    assert status == 200 and saved["status"] == "draft" and saved["answer"].startswith("Có. Mức")
    served = await ask(console, "hòa giải viên có được trả thù lao không")
    assert "thù lao theo vụ, việc" in served["replies"][0]["text"]  # the published answer is still served
    assert (await call(console, "POST", "/admin/api/entries/thu-lao-hoa-giai-vien/publish", token))[0] == 200
    served = await ask(console, "hòa giải viên có được trả thù lao không")
    assert "Hội đồng nhân dân tỉnh" in served["replies"][0]["text"]


BAD_PUTS = [  # (case, path, change, status, field)
    ("id-mismatch", "/admin/api/entries/ma-chai", {"id": "khac"}, 400, "id"),
    ("kind-change", "/admin/api/entries/ma-chai", {"kind": "leaflet"}, 409, "kind"),
    ("unknown", "/admin/api/entries/khong-co", {}, 404, "id"),
    ("empty-answer", "/admin/api/entries/ma-chai", {"answer": ""}, 400, "answer"),
    ("status-archived", "/admin/api/entries/ma-chai", {"status": "archived"}, 400, "status"),
]


async def test_a_bad_put_is_refused_naming_the_field(console) -> None:  # type: ignore[no-untyped-def]
    token = token_for(console, "editor")
    _, entry = await call(console, "GET", "/admin/api/entries/ma-chai", token)
    for case, path, change, status, field in BAD_PUTS:
        got, error = await call(console, "PUT", path, token, {**entry, "status": "draft", **change})
        assert (got, error["field"]) == (status, field), (case, error)


async def test_with_legal_review_publishing_needs_review_and_a_second_person(make_console) -> None:  # type: ignore[no-untyped-def]
    console = await make_console(HOAGIAI_LEGAL_REVIEW="true")
    author, reviewer = token_for(console, "editor"), token_for(console, "editor2")
    await call(console, "POST", "/admin/api/entries", author, NEW_QA)
    status, error = await call(console, "POST", "/admin/api/entries/the-hoa-giai-vien/publish", author)
    assert (status, error["field"]) == (409, "status")  # still a draft
    status, submitted = await call(console, "PUT", "/admin/api/entries/the-hoa-giai-vien", author,
                                   {**NEW_QA, "status": "review"})
    assert status == 200 and submitted["status"] == "review"
    status, error = await call(console, "POST", "/admin/api/entries/the-hoa-giai-vien/publish", author)
    assert status == 409 and "khác người soạn" in error["error"]
    status, published = await call(console, "POST", "/admin/api/entries/the-hoa-giai-vien/publish", reviewer)
    assert status == 200 and published["status"] == "published"


async def test_unanswered_lists_similar_questions_as_one_cluster(console) -> None:  # type: ignore[no-untyped-def]
    questions = ["giá xăng hôm nay bao nhiêu", "gia xang hom nay bao nhieu vay", "giá xăng hôm nay bao nhiêu",
                 "thời tiết Sơn La ngày mai"]
    for i, text in enumerate(questions):
        await ask(console, text, session=f"s{i}")
    status, body = await call(console, "GET", "/admin/api/unanswered", token_for(console, "editor"))
    assert status == 200
    clusters = body["clusters"]
    assert [(c["count"], len(c["keys"])) for c in clusters] == [(3, 2), (1, 1)]
    assert clusters[0]["channels"] == ["web"] and set(clusters[0]["sources"]) <= {"none", "suggest"}
    assert set(clusters[0]) >= {"example", "examples", "last_seen", "reasons", "proposals"}


async def test_the_openapi_document_describes_every_api_route(console) -> None:  # type: ignore[no-untyped-def]
    resp = await console.get("/admin/api/openapi.json")
    assert resp.status == 200
    doc = await resp.json()
    assert doc["openapi"].startswith("3.")
    for method, path, _ in routes():
        template = path.removeprefix("/api")
        assert method.lower() in doc["paths"][template], path
    qa = doc["components"]["schemas"]["qa"]
    assert "answer" in qa["required"] and qa["properties"]["answer"]["maxLength"] == 900
    assert doc["components"]["schemas"]["Error"]["required"] == ["error", "field"]
