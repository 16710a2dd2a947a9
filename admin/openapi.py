"""The OpenAPI 3 document of the console's JSON API, with the entry schemas generated from the kinds and their field
types (bot.core.kinds) so the description cannot drift from what the API accepts."""

from functools import cache
from typing import Any

from bot.core.kinds import KINDS, kind_of


def _entry_schema(name: str) -> dict[str, Any]:
    kind = kind_of(name)
    specs = kind.fields
    return {
        "type": "object",
        "title": kind.label,
        "required": ["kind", *(s.name for s in specs if s.required and s.name != "status")],
        "properties": {"kind": {"type": "string", "enum": [name]}, **{s.name: s.type.json_schema(s) for s in specs}},
        "additionalProperties": False,
    }


def _responses(ok: str, ok_schema: dict[str, Any], *errors: int) -> dict[str, Any]:
    texts = {400: "Dữ liệu không hợp lệ (field nêu trường sai)", 401: "Thiếu hoặc sai mã truy cập",
             403: "Vai trò không đủ quyền (cần editor hoặc admin)", 404: "Không có nội dung này",
             409: "Xung đột (mã đã có, đổi loại, hoặc quy trình duyệt chưa cho phép)",
             413: "Tệp gửi lên quá lớn", 503: "Máy chủ chưa có ffmpeg: chưa nhận được âm thanh mới"}
    out: dict[str, Any] = {ok: {"description": "OK", "content": {"application/json": {"schema": ok_schema}}}}
    for code in (401, 403, *errors):
        out[str(code)] = {"description": texts[code],
                          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return out


_ENTRY = {"$ref": "#/components/schemas/Entry"}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
_TALLY = {"type": "object", "properties": {
    "cases": {"type": "integer"}, "by_kind": _COUNTS, "by_result": _COUNTS,
    "success_rate": {"type": "number", "nullable": True,
                     "description": "thành / (thành + không thành), 0..1, 4 chữ số thập phân; null khi chưa có"}}}


def _day_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": "string", "format": "date"},
            "description": "YYYY-MM-DD, giờ Việt Nam, tính cả ngày này (bỏ trống cả hai: từ đầu năm đến nay)"}
_CLIP = {"$ref": "#/components/schemas/Clip"}
_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
_LANG = {"name": "lang", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[a-z]{2,3}$"},
         "description": "mã ngôn ngữ trong knowledge/languages.yaml (vi, blt, twh, hmn…)"}
_UPLOAD = {"type": "object", "required": ["lang", "file"], "properties": {
    "lang": {"type": "string", "pattern": "^[a-z]{2,3}$", "description": "mã ngôn ngữ trong languages.yaml"},
    "file": {"type": "string", "format": "binary",
             "description": "ogg/opus, mp3, m4a, wav hoặc webm; tối đa 16 MB và 3 phút; chuyển thành Ogg/Opus 24 kbit/s"},
    "speaker": {"type": "string", "maxLength": 120, "description": "người đọc (mặc định: tài khoản của mã truy cập)"},
    "transcript": {"type": "string", "maxLength": 6000, "description": "lời đọc"}}}


@cache
def openapi_document() -> dict[str, Any]:
    filters = [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}, "description": d}
               for n, d in (("kind", " | ".join(KINDS)),
                            ("status", "draft | review | published | archived"),
                            ("topic", "mã chủ đề"), ("q", "tìm trong mã, câu hỏi/tiêu đề, cách hỏi khác"))]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Trợ lý Hòa giải — API quản trị nội dung", "version": "1.0",
                 "description": "Mã truy cập tạo bằng `hoagiai admin create-token TÊN`; gửi trong tiêu đề "
                                "`Authorization: Bearer <mã>`. Mọi thay đổi được ghi nhật ký như trên trang quản trị."},
        "servers": [{"url": "/admin/api"}],
        "security": [{"bearer": []}],
        "paths": {
            "/entries": {
                "get": {"summary": "Danh sách nội dung (bản làm việc)", "parameters": filters,
                        "responses": _responses("200", {"type": "object", "properties": {
                            "entries": {"type": "array", "items": _ENTRY}, "count": {"type": "integer"}}})},
                "post": {"summary": "Tạo nội dung (nháp hoặc gửi duyệt)",
                         "requestBody": {"required": True, "content": {"application/json": {"schema": _ENTRY}}},
                         "responses": _responses("201", _ENTRY, 400, 409)},
            },
            "/entries/{id}": {
                "parameters": _ID,
                "get": {"summary": "Một nội dung (bản làm việc)", "responses": _responses("200", _ENTRY, 404)},
                "put": {"summary": "Thay bản làm việc; bản đã xuất bản vẫn phục vụ đến khi xuất bản lại",
                        "requestBody": {"required": True, "content": {"application/json": {"schema": _ENTRY}}},
                        "responses": _responses("200", _ENTRY, 400, 404, 409)},
            },
            "/entries/{id}/publish": {
                "parameters": _ID,
                "post": {"summary": "Xuất bản bản làm việc; trợ lý trả lời theo nội dung mới ngay khi trả về",
                         "responses": _responses("200", _ENTRY, 400, 404, 409)},
            },
            "/entries/{id}/audio": {
                "parameters": _ID,
                "get": {"summary": "Các bản ghi âm của một nội dung (đang phục vụ và chờ xuất bản)",
                        "responses": _responses("200", {"type": "object", "properties": {
                            "clips": {"type": "array", "items": _CLIP}}}, 404)},
                "post": {"summary": "Tải lên (hoặc thay) bản ghi âm một ngôn ngữ; với nội dung đã xuất bản, bản ghi chờ "
                                    "xuất bản cùng nội dung (POST /entries/{id}/publish)",
                         "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": _UPLOAD}}},
                         "responses": _responses("201", _CLIP, 400, 404, 409, 413, 503)},
            },
            "/entries/{id}/audio/{lang}": {
                "parameters": [*_ID, _LANG],
                "delete": {"summary": "Xóa bản ghi âm một ngôn ngữ (trợ lý thôi gửi ngay)",
                           "responses": _responses("200", {"type": "object", "properties": {
                               "deleted": {"type": "string"}, "clips": {"type": "array", "items": _CLIP}}}, 404)},
            },
            "/unanswered": {
                "get": {"summary": "Các nhóm câu hỏi chưa trả lời được, hỏi nhiều nhất trước",
                        "responses": _responses("200", {"type": "object", "properties": {
                            "clusters": {"type": "array", "items": {"$ref": "#/components/schemas/Cluster"}}}})},
            },
            "/logbook": {
                "get": {"summary": "Số vụ, việc hòa giải theo xã, loại, kết quả (như `hoagiai report --format json`); "
                                   "admin, editor, staff (staff giới hạn xã chỉ thấy các xã được giao)",
                        "parameters": [_day_param("from"), _day_param("to"), {"name": "commune", "in": "query", "schema": {
                            "type": "string"}, "description": "mã xã trong communes.yaml (403 ngoài phạm vi)"}],
                        "responses": _responses("200", {"$ref": "#/components/schemas/LogbookStats"}, 400)},
            },
            "/openapi.json": {"get": {"summary": "Tài liệu này", "security": [],
                                      "responses": {"200": {"description": "OpenAPI 3"}}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Entry": {"oneOf": [{"$ref": f"#/components/schemas/{k}"} for k in KINDS],
                          "discriminator": {"propertyName": "kind",
                                            "mapping": {k: f"#/components/schemas/{k}" for k in KINDS}}},
                **{k: _entry_schema(k) for k in KINDS},
                "Citation": {"type": "object", "required": ["doc", "article"], "properties": {
                    "doc": {"type": "string", "description": "số hiệu văn bản trong documents.yaml"},
                    "article": {"type": "integer", "nullable": True, "minimum": 1},
                    "clause": {"type": "integer", "minimum": 1},
                    "point": {"type": "string", "pattern": "^[a-zđ]$"}}},
                "Clip": {"type": "object", "required": ["id", "lang", "speaker", "duration_s", "bytes", "status"],
                         "properties": {
                             "id": {"type": "string", "description": "địa chỉ trang nghe /nghe/{id}"},
                             "lang": {"type": "string"}, "language": {"type": "string"},
                             "speaker": {"type": "string"}, "transcript": {"type": "string", "nullable": True},
                             "duration_s": {"type": "number"}, "bytes": {"type": "integer"},
                             "status": {"type": "string", "enum": ["published", "pending"]},
                             "created_at": {"type": "string", "format": "date-time"},
                             "created_by": {"type": "string"}}},
                "LogbookStats": {"type": "object", "required": ["from", "to", "total", "communes"], "properties": {
                    "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
                    "total": _TALLY, "communes": {"type": "array", "items": {"allOf": [_TALLY, {
                        "type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}]}}}},
                "Error": {"type": "object", "required": ["error", "field"], "properties": {
                    "error": {"type": "string"}, "field": {"type": "string", "nullable": True}}},
                "FeedbackComment": {"type": "object", "properties": {
                    "text": {"type": "string"}, "reason": {"type": "string", "nullable": True},
                    "entry_id": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}},
                "Cluster": {"type": "object", "properties": {
                    "keys": {"type": "array", "items": {"type": "string"}},
                    "example": {"type": "string"}, "examples": {"type": "array", "items": {"type": "string"}},
                    "count": {"type": "integer"}, "last_seen": {"type": "string", "format": "date-time"},
                    "channels": {"type": "array", "items": {"type": "string"}},
                    "sources": {"type": "array", "items": {"type": "string", "enum": ["none", "suggest", "feedback"]}},
                    "reasons": {"type": "array", "items": {"type": "string"}},
                    "comments": {"type": "array", "description": "what mediators wrote after 👎, newest first",
                                 "items": {"$ref": "#/components/schemas/FeedbackComment"}},
                    "proposals": {"type": "array", "items": {"type": "object", "properties": {
                        "id": {"type": "string"}, "title": {"type": "string"}, "score": {"type": "number"}}}}}},
            },
        },
    }
