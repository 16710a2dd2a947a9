"""Every Vietnamese sentence a user reads, in one place (editors and translators find them here)."""

GREETING = (
    "Xin chào! Tôi là Trợ lý Hòa giải — trợ lý pháp luật cho hòa giải viên ở cơ sở.\n"
    "Bạn cứ gõ câu hỏi như khi nói chuyện, có dấu hay không dấu đều được "
    "(vd. \"hoa giai vien duoc tra tien ko\"). Tôi trả lời ngắn, có dẫn điều luật.\n"
    "Bạn cũng có thể xem hỏi đáp theo chủ đề, tình huống mẫu và tờ gấp bằng các nút bên dưới."
)
PRIVACY = (
    "🔒 Riêng tư: tôi lưu câu hỏi (không lưu tên hay số điện thoại của bạn) để cải thiện câu trả lời, "
    "câu hỏi được xóa sau 2 năm. Gõ /xoa để xóa những gì tôi lưu về bạn."
)
MENU_TITLE = "Bạn muốn xem gì?"

BTN_QA = "📚 Hỏi đáp"
BTN_SCENARIOS = "🧩 Tình huống mẫu"
BTN_LEAFLETS = "📄 Tờ gấp"
BTN_GUIDE = "❓ Hướng dẫn"
BTN_SKITS = "🎭 Tiểu phẩm"
BTN_MENU = "🏠 Menu"
BTN_PREV = "◀ Trang trước"
BTN_NEXT = "Xem tiếp ▶ ({page}/{pages})"
BTN_HELPFUL = "👍 Hữu ích"
BTN_NOT_HELPFUL = "👎 Chưa đúng"
BTN_MORE = "📖 Xem thêm"
BTN_SKIP = "Bỏ qua"
BTN_YES_ERASE = "✅ Xóa dữ liệu của tôi"
BTN_NO = "Không, giữ lại"

GUIDE = (
    "Cách dùng Trợ lý Hòa giải:\n"
    "• Gõ câu hỏi, vd. \"tieu chuan hoa giai vien\", \"hàng xóm xây tường lấn đất\".\n"
    "• Câu trả lời luôn có dòng \"Căn cứ\" ghi điều luật; bấm 📖 Xem thêm để đọc kỹ hơn.\n"
    "• Bấm 👍 hoặc 👎 để góp ý — cán bộ Sở Tư pháp đọc các góp ý này để bổ sung nội dung.\n"
    "• Các lệnh: /start (menu), /xoa (xóa dữ liệu của bạn).\n"
    "• /kiemtra: kiểm tra một việc có hòa giải ở cơ sở được không.\n"
    "• /vanban: soạn văn bản hòa giải thành, biên bản hòa giải không thành, trang sổ theo dõi (/huy để hủy).\n"
    "Trợ lý chỉ hướng dẫn pháp luật về hòa giải ở cơ sở, không thay quyết định của cơ quan có thẩm quyền."
)

SUGGEST_TITLE = "Có phải bạn muốn hỏi:"
NUMBERED_HINT = "Trả lời bằng số (1–{n}) để chọn."
NONE_FOUND = (
    "Xin lỗi, Trợ lý chưa có câu trả lời cho câu hỏi này: nó nằm ngoài những gì Trợ lý biết.\n"
    "Trợ lý giúp được về hòa giải ở cơ sở (hòa giải viên, tổ hòa giải, cách tiến hành hòa giải, việc nào được "
    "hòa giải) và các mâu thuẫn, tranh chấp thường gặp ở thôn, bản (đất đai, ranh giới, gia súc, vay nợ, gia đình).\n"
    "Câu hỏi đã được ghi lại để cán bộ bổ sung. Nếu cần người trả lời, bấm 🆘 Hỏi cán bộ; hoặc mở Menu để xem theo chủ đề."
)
BTN_PART = "❓ Câu {n}: {q}"
BTN_MORE_OF = "📖 Xem thêm: {title}"
BTN_OVERFLOW = "⋯ Thêm"
OVERFLOW_TITLE = "Các lựa chọn khác:"
EMPTY_TEXT = "Bạn hãy gõ câu hỏi bằng chữ nhé."
UNSUPPORTED = (
    "Tôi chỉ đọc được tin nhắn chữ (chưa xem được ảnh, nhãn dán, tin nhắn thoại, tệp hay vị trí). "
    "Bạn hãy gõ câu hỏi bằng chữ, có dấu hay không dấu đều được."
)
UNKNOWN_COMMAND = "Tôi chưa hiểu lệnh này. Gõ /start để mở menu, hoặc gõ thẳng câu hỏi của bạn."
FLOOD = "Bạn gửi hơi nhanh. Xin chờ một phút rồi gửi tiếp nhé."
EXPIRED_BUTTON = "Nút này đã cũ. Bạn hãy gõ lại câu hỏi hoặc bấm /start."
ENTRY_GONE = "Nội dung này hiện không còn. Bạn hãy gõ lại câu hỏi để tìm nội dung mới nhất."

TOPICS_TITLE = "Chọn chủ đề:"
TOPIC_PAGE = "{title} (trang {page}/{pages}):"
TOPIC_EMPTY = "Chủ đề này chưa có nội dung."
SCENARIOS_TITLE = "Tình huống mẫu — chọn loại việc:"
LEAFLETS_TITLE = "Tờ gấp pháp luật:"
SKITS_TITLE = "Tiểu phẩm để sinh hoạt, tập huấn:"
MORE_PAGE = "(trang {page}/{pages})"
RELATED = "Xem thêm nội dung liên quan:"

THANKS_HELPFUL = "Cảm ơn bạn đã góp ý! 👍"
ASK_REASON = "Cảm ơn bạn. Câu trả lời chưa đúng ở chỗ nào?"
REASONS: dict[str, str] = {
    "wrong_question": "Chưa đúng câu tôi hỏi",
    "unclear": "Khó hiểu",
    "outdated": "Có thể sai/đã cũ",
    "missing_case": "Thiếu tình huống như của tôi",
}
ASK_COMMENT = "Bạn có thể viết thêm một dòng để cán bộ hiểu rõ hơn (không bắt buộc), hoặc bấm Bỏ qua."
THANKS_FEEDBACK = "Cảm ơn bạn! Góp ý đã được ghi lại để cán bộ xem và sửa."

ERASE_CONFIRM = (
    "Bạn muốn xóa dữ liệu tôi lưu về bạn? Tôi sẽ xóa trạng thái trò chuyện, các góp ý 👍/👎 của bạn "
    "và bỏ liên kết giữa bạn với các câu hỏi đã ghi (câu hỏi chỉ còn lại dạng ẩn danh)."
)
ERASED = "Đã xóa dữ liệu của bạn. Gõ /start để bắt đầu lại bất cứ lúc nào."
ERASE_CANCELLED = "Đã giữ nguyên, không xóa gì."

SCENARIO_SECTIONS = {
    "situation": "📌 Tình huống",
    "analysis": "⚖️ Phân tích pháp lý",
    "steps": "🪜 Các bước hòa giải viên nên làm",
    "pitfalls": "⚠️ Những điều cần tránh",
    "escalate_when": "🆘 Khi nào cần báo cán bộ, chính quyền",
}
SKIT_SECTIONS = {"roles": "🎭 Vai diễn", "script": "🎬 Kịch bản", "discussion": "💬 Câu hỏi thảo luận"}
DETAILS_TITLE = "📖 Giải thích thêm"

# --- the public library (/thu-vien/) and the embeddable chat widget -------------------------------------------------
LIBRARY_TITLE = "Thư viện hòa giải ở cơ sở"
LIBRARY_REVIEWED = "Rà soát nội dung ngày {date}"
LIBRARY_PDF_FOOTER = "Trợ lý Hòa giải — Thư viện hòa giải ở cơ sở. Tài liệu tham khảo, không thay thế văn bản pháp luật."
LIBRARY_PDF_UNAVAILABLE = (
    "Máy chủ tạm thời chưa tạo được bản PDF (thiếu phông chữ tiếng Việt). "
    "Bạn vẫn in được tờ gấp bằng lệnh In của trình duyệt."
)
LIBRARY_NOT_FOUND = "Không có nội dung này, hoặc nội dung chưa được công bố."
LIBRARY_SEARCH = "Tìm kiếm"
LIBRARY_SEARCH_TITLE = "Tìm: {query}"
WIDGET_OPEN = "💬 Hỏi Trợ lý Hòa giải"
WIDGET_CLOSE = "Đóng cửa sổ trò chuyện"
WIDGET_FRAME_TITLE = "Trợ lý Hòa giải — trò chuyện"
WIDGET_NOT_ALLOWED = "Trợ lý Hòa giải: trang {origin} chưa được phép nhúng cửa sổ trò chuyện (HOAGIAI_WIDGET_ORIGINS)."
WIDGET_BAD_ORIGIN = (
    "HOAGIAI_WIDGET_ORIGINS: \"{value}\" không phải một origin hợp lệ "
    "(ví dụ đúng: https://sotuphap.sonla.gov.vn hoặc https://*.sonla.gov.vn)."
)

# The command menu that chat apps show beside the text box (Telegram setMyCommands): (command, description).
# Features that add a command append it here; every command must also be handled by the dialogue or a flow.
COMMAND_MENU: list[tuple[str, str]] = [
    ("start", "Mở menu chính"),
    ("huongdan", "Hướng dẫn sử dụng"),
    ("xoa", "Xóa dữ liệu trợ lý lưu về bạn"),
    ("kiemtra", "Việc này có hòa giải được không?"),
    ("vanban", "Soạn văn bản hòa giải"),
]
CHANNEL_NOT_CONNECTED = "Kênh {channel} chưa kết nối được, tin nhắn chưa gửi đi."

# --- admin console (trang quản trị) ----------------------------------------------------------------------------------

ADMIN_FIRST_ACCOUNT = (
    "Đã tạo tài khoản quản trị đầu tiên: tên đăng nhập \"{username}\", mật khẩu dùng một lần: {password}\n"
    "Mật khẩu này chỉ in ra một lần; hãy đăng nhập tại {url} và đổi mật khẩu ngay."
)
ADMIN_LOGIN_FAILED = "Sai tên đăng nhập hoặc mật khẩu."
ADMIN_LOGIN_THROTTLED = (
    "Đăng nhập sai quá nhiều lần. Hãy chờ 15 phút rồi thử lại, hoặc nhờ quản trị viên đặt lại mật khẩu."
)
ADMIN_LOGIN_EXPIRED_FORM = "Trang đăng nhập đã cũ. Hãy nhập lại."
ADMIN_CSRF_REFUSED = "Yêu cầu bị từ chối vì thiếu mã bảo vệ biểu mẫu (CSRF). Hãy tải lại trang rồi thử lại."
ADMIN_FORBIDDEN = "Bạn không có quyền mở trang này."
ADMIN_NOT_FOUND = "Không tìm thấy trang hoặc nội dung này."
ADMIN_TOO_LARGE = "Nội dung gửi lên quá lớn."
ADMIN_BAD_FORM = "Biểu mẫu gửi lên không hợp lệ."
ADMIN_API_UNAUTHORIZED = "Cần mã truy cập hợp lệ (tiêu đề Authorization: Bearer <mã>)."
ADMIN_API_FORBIDDEN = (
    "Tài khoản của mã truy cập này không có quyền dùng chức năng này (cần vai trò biên tập viên hoặc quản trị)."
)

ADMIN_PASSWORD_SHORT = "Mật khẩu cần ít nhất {n} ký tự."
ADMIN_PASSWORD_IS_USERNAME = "Mật khẩu không được trùng tên đăng nhập."
ADMIN_PASSWORD_MISMATCH = "Hai lần nhập mật khẩu mới không khớp."
ADMIN_PASSWORD_WRONG = "Mật khẩu hiện tại không đúng."
ADMIN_PASSWORD_SAME = "Mật khẩu mới phải khác mật khẩu cũ."
ADMIN_USERNAME_INVALID = "Tên đăng nhập gồm 2–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."
ADMIN_USERNAME_TAKEN = "Tên đăng nhập này đã có."
ADMIN_USER_UNKNOWN = "Không có tài khoản này."
ADMIN_ROLE_INVALID = "Vai trò phải là một trong: admin, editor, staff."
ADMIN_LAST_ADMIN = "Phải còn ít nhất một quản trị viên đang hoạt động."
ADMIN_NOT_YOURSELF = "Bạn không thể tự khóa hoặc tự hạ quyền tài khoản của mình."
ROLE_LABELS: dict[str, str] = {"admin": "Quản trị", "editor": "Biên tập viên", "staff": "Cán bộ tiếp nhận vụ việc"}

ADMIN_ENTRY_EXISTS = "Đã có nội dung với mã `{id}`."
ADMIN_ENTRY_UNKNOWN = "Không có nội dung với mã `{id}`."
ADMIN_KIND_INVALID = "Loại nội dung phải là một trong: qa, scenario, leaflet, skit."
ADMIN_KIND_CHANGED = "Không đổi được loại của một nội dung đã có (đang là {kind})."
ADMIN_ID_MISMATCH = "Mã `id` trong nội dung khác mã trên đường dẫn."
ADMIN_STATUS_API = (
    "Trạng thái khi lưu chỉ được là draft hoặc review; xuất bản bằng POST /admin/api/entries/{id}/publish."
)
ADMIN_NEEDS_REVIEW = "Đang bật duyệt pháp lý: hãy gửi duyệt trước, rồi một người khác duyệt và xuất bản."
ADMIN_SECOND_PERSON = "Đang bật duyệt pháp lý: người duyệt phải khác người soạn ({author})."
ADMIN_REVISION_UNKNOWN = "Không có phiên bản này."
ADMIN_FIELD_NOT_OBJECT = "Dữ liệu gửi lên phải là một đối tượng JSON."
ADMIN_BAD_JSON = "Dữ liệu gửi lên không phải JSON hợp lệ."
ADMIN_ALT_TOO_LONG = "Câu hỏi quá dài để thêm làm cách hỏi khác."
ADMIN_REASON_REQUIRED = "Hãy ghi lý do bỏ qua."
ADMIN_CLUSTER_GONE = "Nhóm câu hỏi này đã được xử lý hoặc không còn."
ADMIN_NOTE_REQUIRED = "Hãy ghi chú vì sao cần rà soát (vd. luật được sửa đổi)."
ADMIN_REVIEW_NOTE = "[{date}] Cần rà soát: {note}"
ADMIN_NOTHING_SELECTED = "Chưa chọn văn bản cần tra."
ADMIN_LEXICON_INVALID = "Dòng {line}: {problem}"
ADMIN_LEXICON_PAIR = "viết tắt cần dạng \"viết tắt = nghĩa đầy đủ\""
ADMIN_LEXICON_GROUP = "nhóm đồng nghĩa cần ít nhất hai cụm, cách nhau bằng dấu ="
ADMIN_ZIP_INVALID = "Tệp tải lên không phải tệp zip hợp lệ."
ADMIN_ZIP_UNSAFE = "Tệp zip chứa đường dẫn không an toàn: {name}"
ADMIN_ZIP_EMPTY = "Tệp zip không có tệp tri thức nào (cần topics.yaml, documents.yaml và các thư mục qa/, scenarios/…)."
ADMIN_UPLOAD_EXPIRED = "Bản tải lên đã hết hạn hoặc không còn; hãy tải lên lại."

ADMIN_FLASH: dict[str, str] = {
    "saved": "Đã lưu bản nháp.",
    "submitted": "Đã gửi duyệt.",
    "published": "Đã xuất bản: trợ lý trả lời theo nội dung mới ngay bây giờ.",
    "archived": "Đã chuyển vào lưu trữ (không xóa).",
    "reverted": "Đã khôi phục phiên bản đã chọn.",
    "password": "Đã đổi mật khẩu.",
    "user_saved": "Đã lưu tài khoản.",
    "token_revoked": "Đã thu hồi mã truy cập.",
    "alt_added": "Đã thêm cách hỏi khác và xuất bản.",
    "ignored": "Đã bỏ qua nhóm câu hỏi.",
    "lexicon": "Đã lưu và áp dụng từ điển tìm kiếm.",
    "marked": "Đã đánh dấu cần rà soát.",
    "imported": "Đã nhập tri thức.",
    "logged_out": "Đã đăng xuất.",
    "case_assigned": "Đã giao vụ việc.",
    "case_replied": "Đã gửi câu trả lời tới hòa giải viên.",
    "case_noted": "Đã lưu ghi chú nội bộ (hòa giải viên không thấy).",
    "case_closed": "Đã đóng vụ việc; hòa giải viên được mời chấm điểm.",
    "case_draft": "Đã tạo tình huống mẫu nháp; biên tập viên sẽ kiểm tra ẩn danh và hoàn thiện.",
    "case_draft_exists": "Tình huống mẫu nháp của vụ việc này đã có.",
}

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
    "topics": "Chủ đề",
    "citations": "Căn cứ pháp lý",
    "sources": "Nguồn tham khảo (mỗi dòng một địa chỉ)",
    "related": "Nội dung liên quan (mỗi dòng một mã)",
    "note": "Ghi chú nội bộ",
    "reviewed": "Ngày rà soát",
    "status": "Trạng thái",
}
STATUS_LABELS: dict[str, str] = {"draft": "Bản nháp", "review": "Chờ duyệt / cần rà soát", "published": "Đã xuất bản",
                                 "archived": "Lưu trữ"}
OUTCOME_LABELS: dict[str, str] = {"answer": "Trả lời", "suggest": "Gợi ý", "none": "Không tìm thấy"}
SOURCE_LABELS: dict[str, str] = {"none": "Không tìm thấy", "suggest": "Gợi ý không ai chọn", "feedback": "👎 Góp ý"}

# --- "Có hòa giải được không?" (/kiemtra) -------------------------------------------------------------------------
BTN_SCOPE = "⚖️ Có hòa giải được không?"
BTN_SCOPE_AGAIN = "🔁 Kiểm tra việc khác"
SCOPE_INTRO = (
    "Kiểm tra nhanh: việc này có hòa giải ở cơ sở được không? Tôi hỏi từng câu, bạn bấm nút để trả lời. "
    "Kết quả để tham khảo, không thay ý kiến của cơ quan có thẩm quyền."
)
SCOPE_VERDICTS: dict[str, str] = {
    "co-the": "✅ Có thể hòa giải ở cơ sở",
    "khong": "⛔ Không thuộc phạm vi hòa giải ở cơ sở",
    "chua-ro": "❓ Chưa đủ căn cứ để kết luận: cần hỏi thêm trước khi hòa giải",
}
SCOPE_ESCALATE_HINT = "Nếu vẫn chưa chắc, bấm 🆘 Hỏi cán bộ để gửi câu hỏi cho cán bộ tư pháp."
SCOPE_UNAVAILABLE = (
    "Chức năng kiểm tra đang được cập nhật. Bạn hãy gõ câu hỏi, vd. \"việc nào không được hòa giải\"."
)

# --- Paperwork (/vanban) -------------------------------------------------------------------------------------------
BTN_PAPERWORK = "📝 Soạn văn bản"
BTN_PAPERWORK_OTHER = "📝 Soạn văn bản khác"
BTN_FORM_CANCEL = "✖ Hủy"
FORM_BLANK = "……………………………………"  # a skipped field stays visibly blank, to be filled in by hand
PAPERWORK_CHOOSE = (
    "Bạn muốn soạn văn bản nào? Tôi hỏi lần lượt từng mục; mục nào chưa có thì bấm Bỏ qua, văn bản để trống chỗ đó "
    "(dòng chấm) để viết tay sau. Gõ /huy để hủy bất cứ lúc nào.\n"
    "🔒 Tên, địa chỉ bạn gõ chỉ dùng để tạo văn bản và được xóa ngay khi tạo xong."
)
PAPERWORK_STEP = "({step}/{total}) {prompt}"
PAPERWORK_TEXT_HINT = "(Gõ \"bỏ qua\" để để trống mục này, /huy để hủy.)"
PAPERWORK_EMPTY = "Bạn hãy gõ nội dung cho mục này, hoặc bấm Bỏ qua."
PAPERWORK_TOO_LONG = "Câu trả lời dài quá {limit} ký tự; bạn hãy viết gọn lại."
PAPERWORK_CANCELLED = "Đã hủy. Những gì bạn vừa nhập đã được xóa."
PAPERWORK_NOTHING_OPEN = "Không có văn bản nào đang soạn. Gõ /vanban để bắt đầu."
PAPERWORK_UNAVAILABLE = "Chưa có mẫu văn bản nào. Bạn hãy báo cán bộ quản trị."
PAPERWORK_DONE_FILE = "📎 Tệp Word (.docx) được gửi kèm. Thông tin bạn nhập đã được xóa khỏi cuộc trò chuyện."
PAPERWORK_DONE_LINK = (
    "📎 Tải tệp Word (.docx) bằng liên kết kèm theo: chỉ tải được 01 lần, trong 24 giờ. "
    "Thông tin bạn nhập đã được xóa khỏi cuộc trò chuyện."
)
DOWNLOAD_TITLE = "Tải văn bản"
DOWNLOAD_READY = "Văn bản đã sẵn sàng: {filename}. Liên kết chỉ tải được 01 lần, hết hạn lúc {expires}."
BTN_DOWNLOAD = "⬇ Tải tệp Word"
DOWNLOAD_GONE = (
    "Liên kết tải văn bản này không còn dùng được: mỗi liên kết chỉ tải được 01 lần và hết hạn sau 24 giờ. "
    "Bạn hãy soạn lại bằng lệnh /vanban."
)
ADMIN_REVISION_ACTIONS: dict[str, str] = {
    "create": "Tạo mới", "update": "Sửa", "submit": "Gửi duyệt", "publish": "Xuất bản", "archive": "Lưu trữ",
    "revert": "Khôi phục phiên bản cũ", "import": "Nhập từ tệp", "add_alternate": "Thêm cách hỏi khác",
    "review": "Đánh dấu cần rà soát",
}

# --- escalation to a justice officer (task 9.2) ---------------------------------------------------------------------
BTN_ESCALATE = "🆘 Hỏi cán bộ"
ESC_TOPIC = "Chuyển câu hỏi khó cho cán bộ tư pháp. Vụ việc thuộc loại nào? (gõ /huy để hủy bất cứ lúc nào)"
BTN_OTHER_TOPIC = "Loại khác"
ESC_COMMUNE = "Vụ việc ở xã, phường nào? (gõ tên xã)"
BTN_SAME_COMMUNE = "✔ {commune}"
ESC_DESCRIPTION = (
    "Hãy mô tả vụ việc trong một tin nhắn: chuyện gì xảy ra, các bên muốn gì, tổ đã làm gì.\n"
    "⚠️ Không ghi họ tên đầy đủ, số điện thoại, số CCCD/CMND của các bên."
)
ESC_TOO_SHORT = "Mô tả hơi ngắn. Bạn viết thêm vài câu để cán bộ hiểu vụ việc nhé."
ESC_ATTACH = "Gửi kèm câu hỏi gần nhất của bạn và câu trả lời của trợ lý cho cán bộ?"
BTN_ATTACH_YES = "Có, gửi kèm"
BTN_ATTACH_NO = "Không"
ESC_DONE = (
    "✅ Đã chuyển vụ việc {number} cho cán bộ tư pháp. Cán bộ sẽ trả lời trong vòng {hours} giờ, ngay trong "
    "cuộc trò chuyện này. Gõ /vuviec để xem các vụ việc đang mở."
)
ESC_EMERGENCY = (
    "🚨 Nếu có bạo lực hoặc nguy hiểm đến tính mạng: gọi ngay Công an 113; trẻ em bị xâm hại, bạo lực: gọi "
    "Tổng đài bảo vệ trẻ em 111 (miễn phí); báo Chủ tịch UBND xã, công an xã. Vụ việc đã được đánh dấu khẩn."
)
ESC_CANCELLED = "Đã hủy, không gửi gì cho cán bộ."
ESC_NOTHING_TO_CANCEL = "Không có việc gì đang làm dở để hủy."
CASES_NONE = "Bạn không có vụ việc nào đang mở. Bấm 🆘 Hỏi cán bộ để chuyển một vụ việc khó."
CASES_LIST = "Vụ việc đang mở của bạn:"
CASE_STATUS = {"new": "chờ cán bộ nhận", "assigned": "cán bộ đang xử lý", "answered": "cán bộ đã trả lời",
               "closed": "đã đóng"}
BTN_ADD_INFO = "➕ Bổ sung {number}"
CASE_ADD_PROMPT = "Gõ thông tin bổ sung cho vụ việc {number} (một tin nhắn):"
CASE_ADDED = "Đã gửi thông tin bổ sung cho vụ việc {number}."
CASE_ADD_FAILED = "Vụ việc này đã đóng hoặc không còn. Gõ /vuviec để xem lại."
CASE_REPLY = "💬 Cán bộ trả lời vụ việc {number}:\n{text}"
CASE_CLOSED = "Vụ việc {number} đã được đóng ({outcome}). Sự hỗ trợ của cán bộ hữu ích đến đâu? Chấm từ 1 đến 5:"
CASE_RATED = "Cảm ơn bạn đã chấm điểm!"

# staff side (staff chats and console)
STAFF_CASE_TITLE = "📥 Vụ việc {number}{urgent}"
STAFF_CASE_META = "Loại: {topic} · Xã: {commune} · Kênh: {channel}"
STAFF_NO_TOPIC = "khác"
STAFF_CASE_ATTACHED = "Câu hỏi gần nhất của hòa giải viên: {question}"
STAFF_CASE_HOWTO = "↩️ Trả lời (reply) tin nhắn này để gửi câu trả lời cho hòa giải viên."
BTN_TAKE_CASE = "Nhận xử lý"
BTN_CLOSE_CASE = "Đóng"
STAFF_CASE_ADDED = "➕ Vụ việc {number}: hòa giải viên bổ sung thông tin:\n{text}"
STAFF_RELAY_FAILED = (
    "⚠️ Chưa gửi được câu trả lời vụ việc {number} tới hòa giải viên ({reason}). Hãy liên hệ qua cách khác; "
    "câu trả lời đã được lưu trong trang quản trị."
)
STAFF_TAKEN = "👤 {user} nhận xử lý vụ việc {number}."
STAFF_CLOSED = "✅ {user} đã đóng vụ việc {number}."
STAFF_NO_CASE = "không tìm thấy vụ việc"
STAFF_NO_CHANNEL = "kênh {channel} hiện không gửi được tin"
STAFF_OVERDUE_PREFIX = "⏰ QUÁ HẠN {hours} GIỜ CHƯA TRẢ LỜI\n"
STAFF_NOT_ALLOWED = "Tài khoản của bạn chưa được liên kết với vai trò cán bộ, không thể thao tác vụ việc."
STAFF_REPLY_SENT = "Đã gửi câu trả lời vụ việc {number} cho hòa giải viên."
STAFF_CLOSE_OUTCOME = "đã hướng dẫn"
STAFF_CASE_GONE = "Vụ việc này đã đóng hoặc không còn."
STAFF_UNKNOWN_NUMBER = "Không có vụ việc {number}. Hãy kiểm tra lại số vụ việc."
# Zalo groups show no buttons and have no reply-to: staff act by typing the case number first.
STAFF_ZALO_HOWTO = (
    "Cán bộ thao tác bằng tin nhắn trong nhóm này, bắt đầu bằng số vụ việc:\n"
    "1. #{number} <câu trả lời> — gửi câu trả lời cho hòa giải viên\n"
    "2. #{number} nhan — nhận xử lý\n"
    "3. #{number} dong — đóng vụ việc"
)
STAFF_ZALO_EMPTY = "Hãy ghi câu trả lời sau số vụ việc, ví dụ: #{number} Anh mời hai bên gặp riêng trước."
LINK_USAGE = "Gõ /lienket kèm mã liên kết lấy trong trang quản trị, ví dụ: /lienket K7M2QX9P (mã dùng được 10 phút)."
LINK_DONE = "Đã liên kết tài khoản {channel} này với tài khoản \"{username}\" trên trang quản trị."
LINK_NOT_STAFF = "Lưu ý: tài khoản này chưa có vai trò cán bộ, nên chưa thao tác được vụ việc trong nhóm cán bộ."
LINK_FAILED = "Mã liên kết không đúng hoặc đã hết hạn (mỗi mã dùng một lần, trong 10 phút). Hãy tạo mã mới."
LINK_PRIVATE_ONLY = "Hãy gửi /lienket trong tin nhắn riêng với trợ lý, không gửi trong nhóm."
ADMIN_CLI_LINKED = "Đã liên kết {channel} {external_id} với tài khoản {username}."
ADMIN_CLI_LINK_EMPTY = "Mã tài khoản Telegram/Zalo không được để trống."
STAFF_CHAT_ID_INVALID = "{name}: \"{value}\" không phải mã nhóm chat hợp lệ (ví dụ đúng: -1001234567890)."
ADMIN_CSV_DAYS_HEADER = ["Ngày", "Tổng câu hỏi", "Trả lời", "Gợi ý", "Không tìm thấy", "Tỷ lệ trả lời (%)",
                         "Tỷ lệ chưa trả lời được (%)"]
ADMIN_CSV_TOTAL = "Cộng"
ADMIN_CSV_OPEN_CASES = "Vụ việc đang mở (lúc xuất tệp)"
ADMIN_CSV_OVERDUE_CASES = "Vụ việc quá hạn trả lời (lúc xuất tệp)"
ADMIN_CSV_TOPICS_HEADER = ["Chủ đề", "Số câu trả lời"]
ADMIN_CSV_CLUSTERS_HEADER = ["Câu hỏi chưa trả lời được", "Số lần hỏi", "Lần cuối (UTC)"]
ADMIN_CHART_TOPICS = "Số câu trả lời theo chủ đề"
ADMIN_DIFF_BEFORE, ADMIN_DIFF_AFTER = "trước", "sau"
ADMIN_CLI_CREATED = "Đã tạo tài khoản {username} ({role})."
ADMIN_CLI_RESET = "Đã đặt mật khẩu tạm cho {username}; phải đổi mật khẩu ở lần đăng nhập sau."
ADMIN_CLI_DISABLED = "Đã khóa tài khoản {username}: mọi phiên đăng nhập và mã API của tài khoản này hết hiệu lực."
ADMIN_CLI_TOKEN = "Mã truy cập API của {username} (chỉ hiện một lần, dùng tiêu đề Authorization: Bearer <mã>):"
ADMIN_CLI_PASSWORD_PROMPT = "Mật khẩu: "
ADMIN_CLI_PASSWORD_AGAIN = "Nhập lại mật khẩu: "

# --- console: escalated cases (admin/cases.py) ---------------------------------------------------------------------
ADMIN_CASE_STATUS: dict[str, str] = {"new": "Mới", "assigned": "Đang xử lý", "answered": "Đã trả lời",
                                     "closed": "Đã đóng"}
# The fixed outcome categories a case is closed with (reports to the province count them).
CASE_OUTCOMES: tuple[str, ...] = ("Đã hướng dẫn, hòa giải thành", "Đã hướng dẫn, hòa giải không thành",
                                  "Chuyển cơ quan có thẩm quyền", "Không liên lạc được", "Khác")
ADMIN_CASE_UNKNOWN = "Không có vụ việc này."
ADMIN_CASE_CLOSED = "Vụ việc đã đóng, không thao tác được nữa."
ADMIN_CASE_NOT_CLOSED = "Chỉ tạo tình huống mẫu từ vụ việc đã đóng."
ADMIN_CASE_ANONYMIZED = "Vụ việc đã được ẩn danh theo thời hạn lưu, không còn nội dung để tạo tình huống mẫu."
ADMIN_CASE_TEXT_REQUIRED = "Hãy nhập nội dung (tối đa {limit} ký tự)."
ADMIN_CASE_OUTCOME_INVALID = "Hãy chọn một kết quả trong danh sách."
ADMIN_CASE_ASSIGNEE_INVALID = "Chỉ giao được cho tài khoản cán bộ hoặc quản trị đang hoạt động."
CASE_DRAFT_TITLE = "Tình huống mẫu (nháp): {topic}"
CASE_DRAFT_PLACEHOLDER = "[Biên tập viên viết phần này: vụ việc không có câu trả lời của cán bộ.]"
CASE_DRAFT_OUTCOME = "Kết quả vụ việc: {outcome}."
CASE_DRAFT_NOTE = (
    "Tạo tự động từ vụ việc {number} ({outcome}) ngày {date}. Số điện thoại, số CCCD/CMND đã được che tự động. "
    "Biên tập viên PHẢI kiểm tra ẩn danh trước khi gửi duyệt: thay họ tên người, tên bản, xã bằng tên khác "
    "(ghi \"tên đã đổi\"), bỏ mọi chi tiết nhận ra được người trong cuộc; rồi viết lại tiêu đề, tóm tắt, bổ sung "
    "căn cứ, các bước và những điều cần tránh."
)
ADMIN_LINK_CODE_HOWTO = "Gửi /lienket {code} cho bot trên Telegram hoặc Zalo"
ADMIN_LINK_STAFF_ONLY = "Chỉ tài khoản cán bộ tiếp nhận vụ việc hoặc quản trị mới liên kết Telegram/Zalo."
