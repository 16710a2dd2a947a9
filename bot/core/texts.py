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
BTN_PREV = "◀"
BTN_NEXT = "▶"
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
    "Trợ lý chỉ hướng dẫn pháp luật về hòa giải ở cơ sở, không thay quyết định của cơ quan có thẩm quyền."
)

SUGGEST_TITLE = "Có phải bạn muốn hỏi:"
NUMBERED_HINT = "Trả lời bằng số (1–{n}) để chọn."
NONE_FOUND = (
    "Xin lỗi, tôi chưa tìm thấy nội dung phù hợp với câu hỏi này. Câu hỏi đã được ghi lại để cán bộ bổ sung.\n"
    "Mẹo: viết thêm vài từ về việc bạn gặp (vd. \"tranh chấp ranh giới đất\", \"thù lao hòa giải viên\"), "
    "hoặc bấm 📚 Hỏi đáp để xem theo chủ đề."
)
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
