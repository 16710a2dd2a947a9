"""The words of the knowledge kinds, for everyone who reads entries (chat, library, console, checker): each kind's
name, the section headings its renderers print, and the labels of the entry fields in the console's form.
A new kind adds its name here, and labels for any fields and sections it brings (bot/core/kinds/).
"""

# The kinds of knowledge, as the library, the console and the checker name them (one per bot/core/kinds module).
KIND_LABELS: dict[str, str] = {"qa": "Hỏi đáp", "scenario": "Tình huống", "leaflet": "Tờ gấp", "skit": "Tiểu phẩm",
                               "quiz": "Trắc nghiệm"}
DETAILS_TITLE = "📖 Giải thích thêm"
SCENARIO_SECTIONS = {
    "situation": "📌 Tình huống",
    "analysis": "⚖️ Phân tích pháp lý",
    "steps": "🪜 Các bước hòa giải viên nên làm",
    "pitfalls": "⚠️ Những điều cần tránh",
    "escalate_when": "🆘 Khi nào cần báo cán bộ, chính quyền",
}
SKIT_SECTIONS = {"roles": "🎭 Vai diễn", "script": "🎬 Kịch bản", "discussion": "💬 Câu hỏi thảo luận"}
ADMIN_FIELD_LABELS: dict[str, str] = {
    "id": "Mã (id)",
    "question": "Câu hỏi",
    "title": "Tiêu đề",
    "alt_questions": "Cách hỏi khác (mỗi dòng một câu)",
    "answer": "Câu trả lời ngắn",
    "details": "Giải thích thêm",
    "summary": "Tóm tắt",
    "situation": "Tình huống",
    "analysis": "Phân tích pháp lý",
    "steps": "Các bước (mỗi dòng một bước)",
    "pitfalls": "Những điều cần tránh (mỗi dòng một ý)",
    "escalate_when": "Khi nào cần báo cán bộ (mỗi dòng một ý)",
    "body": "Nội dung tờ gấp",
    "roles": "Vai diễn (mỗi dòng: Tên vai: mô tả)",
    "script": "Kịch bản (mỗi dòng: Tên vai: lời thoại)",
    "discussion": "Câu hỏi thảo luận (mỗi dòng một câu)",
    "choices": "Các lựa chọn (3 hoặc 4; lựa chọn sai phải có giải thích)",
    "topics": "Chủ đề",
    "citations": "Căn cứ pháp lý",
    "sources": "Nguồn tham khảo (mỗi dòng một địa chỉ)",
    "related": "Nội dung liên quan (mỗi dòng một mã)",
    "note": "Ghi chú nội bộ",
    "reviewed": "Ngày rà soát",
    "status": "Trạng thái",
}
QUIZ_ANSWERS = "✅ Đáp án và giải thích:"
QUIZ_RIGHT_MARK = "✅"
QUIZ_WRONG_MARK = "❌"
LIBRARY_QUIZ_SHOW = "Xem đáp án và giải thích"
