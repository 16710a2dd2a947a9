"""What mediators read in a chat: greeting, menus, answers, feedback, the scope check, paperwork, the escalation form."""

GREETING = (
    "Xin chào! Tôi là Trợ lý Hòa giải — trợ lý pháp luật cho hòa giải viên ở cơ sở.\n"
    "Bạn cứ gõ câu hỏi như khi nói chuyện, có dấu hay không dấu đều được "
    "(vd. \"hoa giai vien duoc tra tien ko\"). Tôi trả lời ngắn, có dẫn điều luật.\n"
    "Bạn cũng có thể xem hỏi đáp theo chủ đề, tình huống mẫu và tờ gấp bằng các nút bên dưới."
)
PRIVACY = (
    "🔒 Riêng tư: tôi lưu câu hỏi (không lưu tên hay số điện thoại của bạn) để cải thiện câu trả lời; trên trang web, "
    "cuộc trò chuyện được lưu để mở lại trang vẫn còn. Tất cả được xóa sau 2 năm. Gõ /xoa để xóa những gì tôi lưu "
    "về bạn (nên làm khi dùng chung máy tính)."
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
BTN_LAW = "📖 Xem điều luật"
BTN_LAW_OF = "📖 Điều luật: {title}"
BTN_BACK_TO_ANSWER = "↩ Về câu trả lời"
BTN_SKIP = "Bỏ qua"
BTN_YES_ERASE = "✅ Xóa dữ liệu của tôi"
BTN_NO = "Không, giữ lại"
GUIDE = (
    "Cách dùng Trợ lý Hòa giải:\n"
    "• Gõ câu hỏi, vd. \"tieu chuan hoa giai vien\", \"hàng xóm xây tường lấn đất\".\n"
    "• Câu trả lời luôn có dòng \"Căn cứ\" ghi điều luật; bấm 📖 Xem thêm để đọc kỹ hơn, "
    "📖 Xem điều luật để đọc nguyên văn điều luật được dẫn.\n"
    "• Bấm 👍 hoặc 👎 để góp ý — cán bộ Sở Tư pháp đọc các góp ý này để bổ sung nội dung.\n"
    "• Các lệnh: /start (menu), /xoa (xóa dữ liệu của bạn).\n"
    "• /kiemtra: kiểm tra một việc có hòa giải ở cơ sở được không.\n"
    "• /vanban: soạn văn bản hòa giải thành, biên bản hòa giải không thành, trang sổ theo dõi (/huy để hủy).\n"
    "• /onluyen: ôn 5 câu trắc nghiệm; /tiendo: xem tiến độ; /moingay: nhận 01 câu mỗi ngày (/dunglai để thôi).\n"
    "• /coso: chọn xã, bản nơi bạn làm hòa giải; /thi MÃ: dự thi hòa giải viên giỏi.\n"
    "• /ghiso: ghi một vụ, việc vào sổ theo dõi hòa giải (không ghi tên người); /soghi: xem, sửa, xóa sổ của bạn.\n"
    "• /ngonngu: chọn tiếng (Việt, Thái, Mông…) để nghe trước những câu trả lời có bản ghi âm (nút 🔊 Nghe).\n"
    "• /chuyen: gửi vụ việc khó cho cán bộ Sở Tư pháp (🆘 Hỏi cán bộ); /vuviec: xem các vụ việc đã gửi và bổ sung "
    "thông tin.\n"
    "Trợ lý chỉ hướng dẫn pháp luật về hòa giải ở cơ sở, không thay quyết định của cơ quan có thẩm quyền."
)
# The short citation line under every answer: "Căn cứ: Luật HGCS (Điều 3, 18–21, 24) · NĐ 15/2014 (Điều 5)".
CITE_SHORT_LINE = "Căn cứ: {groups}"
CITE_GROUP = "{document} (Điều {articles})"
CITE_SEPARATOR = " · "
CITE_RANGE = "{first}–{last}"
CITE_MORE_DOCUMENTS = " và {n} văn bản khác"
CITE_MORE_ARTICLES = " và {n} điều khác"
# The detailed line (scope-check verdicts, paperwork): "Căn cứ: điểm a khoản 1 Điều 7 Luật Hòa giải ở cơ sở; …."
CITATION_LINE = "Căn cứ: {citations}."
CITE_ARTICLE = "Điều {article} {document}"
CITE_CLAUSE = "khoản {clause}"
CITE_POINT = "điểm {point}"
# "📖 Xem điều luật": the cited articles verbatim, the cited clauses first.
LAW_INTRO = "📖 Nguyên văn điều luật được dẫn cho: {title}"
LAW_HEAD = "📜 Điều {article}. {title}\n({document})"
LAW_NUMBERED = "{name} số {doc}"
LAW_CITED = "Phần được dẫn: {parts}"
LAW_CITED_FIRST = "Phần được dẫn: {parts} (in trước; phần còn lại của điều ở sau)"
LAW_LABEL = "Điều {article} {document}"
LAW_REST_HEAD = "📜 {label}: các phần còn lại của điều"
LAW_CONTINUED = "(tiếp theo {label})"
LAW_MISSING_HEAD = "📜 Điều {article} {document}"
LAW_NOT_BUNDLED = (
    "Trợ lý chưa có nguyên văn điều này. Bạn tra văn bản gốc trên Cơ sở dữ liệu quốc gia về văn bản pháp luật "
    "(vbpl.vn) hoặc hỏi cán bộ tư pháp."
)
LAW_WHOLE_DOCUMENT_HEAD = "📜 {document}"
LAW_WHOLE_DOCUMENT = "Câu trả lời dẫn chung cả văn bản này, không dẫn một điều cụ thể."
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
    "Tôi chỉ đọc được tin nhắn chữ và nhận tin nhắn thoại (chưa xem được ảnh, nhãn dán, tệp hay vị trí). "
    "Bạn hãy gõ câu hỏi bằng chữ, có dấu hay không dấu đều được."
)
UNKNOWN_COMMAND = "Tôi chưa hiểu lệnh này. Gõ /start để mở menu, hoặc gõ thẳng câu hỏi của bạn."
FLOOD = "Bạn gửi hơi nhanh. Xin chờ một phút rồi gửi tiếp nhé."
EXPIRED_BUTTON = "Nút này đã cũ. Bạn hãy gõ lại câu hỏi hoặc bấm /start."
STALE_BUTTON = "Nút này đã cũ, bạn chọn lại từ menu nhé."  # a button action that is unknown or malformed
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
    "Bạn muốn xóa dữ liệu tôi lưu về bạn? Tôi sẽ xóa trạng thái trò chuyện, cuộc trò chuyện đã lưu trên trang web, "
    "các góp ý 👍/👎 của bạn và bỏ liên kết giữa bạn với các câu hỏi đã ghi (câu hỏi chỉ còn lại dạng ẩn danh)."
)
ERASED = "Đã xóa dữ liệu của bạn. Gõ /start để bắt đầu lại bất cứ lúc nào."
ERASE_CANCELLED = "Đã giữ nguyên, không xóa gì."
# In the web chat's saved transcript, in place of what was typed into a form (/vanban) and of replies echoing it.
HISTORY_PRIVATE_INPUT = "🔒 (thông tin nhập cho văn bản, không lưu lại)"
HISTORY_PRIVATE_REPLY = "🔒 (nội dung có thông tin bạn nhập cho văn bản, không lưu lại)"
# The command menu that chat apps show beside the text box (Telegram setMyCommands): (command, description).
# Features that add a command append it here; every command must also be handled by the dialogue or a flow.
COMMAND_MENU: list[tuple[str, str]] = [
    ("start", "Mở menu chính"),
    ("huongdan", "Hướng dẫn sử dụng"),
    ("xoa", "Xóa dữ liệu trợ lý lưu về bạn"),
    ("kiemtra", "Việc này có hòa giải được không?"),
    ("vanban", "Soạn văn bản hòa giải"),
    ("onluyen", "Ôn luyện: 5 câu hỏi trắc nghiệm"),
    ("tiendo", "Tiến độ ôn luyện của tôi"),
    ("moingay", "Nhận 01 câu hỏi ôn luyện mỗi ngày"),
    ("dunglai", "Thôi nhận câu hỏi mỗi ngày"),
    ("coso", "Chọn xã, bản nơi tôi làm hòa giải"),
    ("ghiso", "Ghi một vụ việc vào sổ hòa giải"),
    ("soghi", "Xem, sửa sổ hòa giải của tôi"),
    ("thi", "Dự thi hòa giải viên giỏi: /thi MÃ"),
    ("ngonngu", "Chọn tiếng để nghe câu trả lời"),
]

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
BTN_FORM_BACK = "◀ Sửa mục trước"
BTN_FORM_MAKE = "✅ Tạo văn bản"
BTN_FORM_EDIT = "Sửa mục {n}"
BTN_KEEP_UNMARKED = "✔ Giữ nguyên \"{value}\""
FORM_BLANK = "……………………………………"  # a skipped field stays visibly blank, to be filled in by hand
PAPERWORK_CHOOSE = (
    "Bạn muốn soạn văn bản nào? Tôi hỏi lần lượt từng mục; mục nào chưa có thì bấm Bỏ qua, văn bản để trống chỗ đó "
    "(dòng chấm) để viết tay sau. Gõ /huy để hủy bất cứ lúc nào.\n"
    "🔒 Tên, địa chỉ bạn gõ chỉ dùng để tạo văn bản và được xóa ngay khi tạo xong."
)
PAPERWORK_STEP = "({step}/{total}) {prompt}"
PAPERWORK_TEXT_HINT = "(Gõ \"bỏ qua\" để để trống mục này, \"quay lại\" để sửa mục trước, /huy để hủy.)"
PAPERWORK_GIVEN = "(Đang ghi: {value}. Gõ nội dung mới để thay.)"
PAPERWORK_ASK_MARKS = (
    "Bạn gõ \"{value}\" không có dấu. Tên người, địa danh sẽ được ghi vào văn bản pháp lý. "
    "Bạn có muốn gõ lại có dấu không? Gõ lại ngay bây giờ, hoặc bấm Giữ nguyên."
)
PAPERWORK_REVIEW = "Kiểm tra lại trước khi tạo văn bản:"
PAPERWORK_REVIEW_HOW = "Nếu đã đúng, bấm ✅ Tạo văn bản. Muốn sửa mục nào, bấm Sửa mục N hoặc gõ \"sửa N\"."
PAPERWORK_EMPTY = "Bạn hãy gõ nội dung cho mục này, hoặc bấm Bỏ qua."
PAPERWORK_TOO_LONG = "Câu trả lời dài quá {limit} ký tự; bạn hãy viết gọn lại."
PAPERWORK_CANCELLED = "Đã hủy. Những gì bạn vừa nhập đã được xóa."
PAPERWORK_NOTHING_OPEN = "Không có văn bản nào đang soạn. Gõ /vanban để bắt đầu."
PAPERWORK_UNAVAILABLE = "Chưa có mẫu văn bản nào. Bạn hãy báo cán bộ quản trị."
PAPERWORK_DONE_FILE = "📎 Tệp Word (.docx) được gửi kèm. Thông tin bạn nhập đã được xóa khỏi cuộc trò chuyện."
PAPERWORK_DONE_LINK = (
    "📎 Tải tệp Word (.docx) bằng liên kết kèm theo: tải được nhiều lần trong 24 giờ, sau đó tệp bị xóa. "
    "Ai có liên kết cũng tải được, đừng gửi liên kết cho người khác. "
    "Thông tin bạn nhập đã được xóa khỏi cuộc trò chuyện."
)

# --- escalation to a justice officer (task 9.2) ---------------------------------------------------------------------
BTN_ESCALATE = "🆘 Hỏi cán bộ"
BTN_ESCALATE_URGENT = "🆘 Hỏi cán bộ (khẩn)"
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
EMERGENCY_ESCALATE_HINT = "Gõ /chuyen để báo ngay cho cán bộ tư pháp: vụ việc được đánh dấu khẩn."
ESC_URGENT_FLAGGED = "Vụ việc sẽ được đánh dấu khẩn để cán bộ xem trước."
ESC_CANCELLED = "Đã hủy, không gửi gì cho cán bộ."
ESC_NOTHING_TO_CANCEL = "Không có việc gì đang làm dở để hủy."
CASES_NONE = (
    "Bạn không có vụ việc nào đang mở hay đã trả lời trong {days} ngày qua. "
    "Bấm 🆘 Hỏi cán bộ để chuyển một vụ việc khó."
)
CASES_LIST = "Vụ việc của bạn (đang mở, và đã trả lời hoặc đã đóng trong {days} ngày qua):"
CASE_LIST_ITEM = "📁 {number}: {status} (gửi ngày {date})"
CASE_THREAD_EARLIER = "  … {n} tin nhắn trước đó"
CASE_THREAD_LINE = {"me": "  • Bạn: {text}", "staff": "  • Cán bộ: {text}"}
CASE_STATUS = {"new": "chờ cán bộ nhận", "assigned": "cán bộ đang xử lý", "answered": "cán bộ đã trả lời",
               "closed": "đã đóng"}
BTN_ADD_INFO = "➕ Bổ sung {number}"
CASE_ADD_PROMPT = "Gõ thông tin bổ sung cho vụ việc {number} (một tin nhắn):"
CASE_ADDED = "Đã gửi thông tin bổ sung cho vụ việc {number}."
CASE_ADD_FAILED = "Vụ việc này đã đóng hoặc không còn. Gõ /vuviec để xem lại."
CASE_REPLY = "💬 Cán bộ trả lời vụ việc {number}:\n{text}"
CASE_CLOSED = "Vụ việc {number} đã được đóng ({outcome}). Sự hỗ trợ của cán bộ hữu ích đến đâu? Chấm từ 1 đến 5:"
CASE_RATED = "Cảm ơn bạn đã chấm điểm!"
