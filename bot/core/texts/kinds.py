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
    "examples": "Câu hỏi thực tế đã gặp (mỗi dòng một câu, có thể dài; không hiển thị, giúp nhận ra câu hỏi kể chuyện)",
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

# --- why an entry is refused: beside the field in the console, in the import report and in `hoagiai check` ----------
# Plain Vietnamese with the form's own labels (never a YAML key in backticks); {label} is the field's label above
# without its hint in brackets. A required field left empty gets its own sentence, or CHECK_MISSING_OTHER.
CHECK_MISSING: dict[str, str] = {
    "id": "Chưa có mã",
    "question": "Chưa có câu hỏi",
    "title": "Chưa có tiêu đề",
    "answer": "Chưa có câu trả lời",
    "summary": "Chưa có tóm tắt",
    "situation": "Chưa có phần tình huống",
    "analysis": "Chưa có phần phân tích pháp lý",
    "body": "Chưa có nội dung tờ gấp",
    "topics": "Chọn ít nhất một chủ đề",
    "citations": "Thêm ít nhất một căn cứ: văn bản và điều",
    "roles": "Thêm ít nhất một vai diễn",
    "script": "Thêm ít nhất một lời thoại",
    "reviewed": "Chưa có ngày rà soát",
    "status": "Chưa có trạng thái",
}
CHECK_MISSING_OTHER = "Chưa điền “{label}”"
CHECK_NOT_TEXT = "“{label}” phải là chữ"
CHECK_ONE_LINE = "“{label}” chỉ viết trên một dòng"
CHECK_TOO_LONG = "“{label}” dài {length} ký tự, tối đa {limit}"
CHECK_DATE = "“{label}” không phải một ngày hợp lệ (vd. 2026-11-20)"
CHECK_STATUS = "Trạng thái phải là một trong: {statuses}"
CHECK_ID = "Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, tối đa {limit} ký tự (vd. to-hoa-giai-la-gi)"
CHECK_LIST = "“{label}” phải là một danh sách, mỗi dòng một mục"
CHECK_ITEM_SPLIT = "Mục {n} của “{label}” có dấu hai chấm nên bị đọc thành hai phần: đặt cả câu trong ngoặc kép"
CHECK_ITEM_EMPTY = "Mục {n} của “{label}” để trống"
CHECK_ITEM_TOO_LONG = "Mục {n} của “{label}” dài {length} ký tự, tối đa {limit}"
CHECK_ITEM_TWICE = "“{label}” có hai mục giống nhau: {item}"
CHECK_TOPIC_UNKNOWN = "Chủ đề {topic} không có trong danh mục chủ đề (topics.yaml)"
CHECK_CITATION_ROW = "Căn cứ {n}: cần văn bản và điều (để trống điều khi dẫn cả văn bản)"
CHECK_CITATION_EXTRA = "Căn cứ {n} có phần lạ: {keys} (chỉ có văn bản, điều, khoản, điểm)"
CHECK_CITATION_DOC = "Căn cứ {n}: văn bản {doc} chưa có trong danh mục văn bản (documents.yaml)"
CHECK_CITATION_ARTICLE = "Căn cứ {n}: điều phải là một số nguyên dương (để trống khi dẫn cả văn bản)"
CHECK_CITATION_CLAUSE = "Căn cứ {n}: khoản phải là một số nguyên dương"
CHECK_CITATION_CLAUSE_ALONE = "Căn cứ {n}: có khoản thì phải ghi điều"
CHECK_CITATION_POINT = "Căn cứ {n}: điểm là một chữ cái (a, b, c, …)"
CHECK_ROLE_NAME = "Vai {n} chưa có tên (mỗi dòng: Tên vai: mô tả)"
CHECK_ROLE_EXTRA = "Vai {n} chỉ có tên và mô tả"
CHECK_SCRIPT_LINE = "Lời thoại {n} cần tên vai và lời (mỗi dòng: Tên vai: lời thoại)"
CHECK_SCRIPT_EMPTY = "Lời thoại {n} chưa có lời"
CHECK_SCRIPT_ROLE = "Lời thoại {n}: vai “{role}” không có trong “Vai diễn”"
CHECK_RELATED_MISSING = "“Nội dung liên quan” trỏ tới mục không có: {id}"
CHECK_RELATED_SELF = "“Nội dung liên quan” không được trỏ tới chính nó"
CHECK_UNKNOWN_FIELD = "Mục lạ, không thuộc loại nội dung này: {key}"
CHECK_NOT_MAPPING = "Tệp phải gồm các dòng “tên mục: giá trị”"
CHECK_ID_NOT_FILE = "Mã ({id}) khác tên tệp ({stem})"
CHECK_ID_TWICE = "Mã trùng với {path}"
CHECK_LAYOUT = "Không đúng bố cục chuẩn; chạy lệnh hoagiai fmt để sửa"
