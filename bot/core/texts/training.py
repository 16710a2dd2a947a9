"""What mediators read while training: practice rounds (/onluyen), progress (/tiendo), the daily question (/moingay,
/dunglai), where they serve (/coso) and contests (/thi). Console words for training are in console_training.py."""

# --- practice (/onluyen) ---------------------------------------------------------------------------------------------
BTN_PRACTICE = "🎯 Ôn luyện"
BTN_PRACTICE_MIXED = "🔀 Ôn trộn các chủ đề"
BTN_PRACTICE_TOPICS = "📂 Ôn theo chủ đề"
BTN_PRACTICE_CONTINUE = "▶ Làm tiếp lượt đang dở ({step}/{total})"
BTN_PROGRESS = "📈 Tiến độ của tôi"
BTN_DAILY = "⏰ Câu hỏi mỗi ngày"
BTN_QUIZ_NEXT = "➡️ Câu tiếp ({step}/{total})"
BTN_QUIZ_RELATED = "📚 Đọc bài liên quan"
BTN_QUIZ_AGAIN = "🔁 Lượt mới"
PRACTICE_INTRO = (
    "🎯 Ôn luyện: mỗi lượt 5 câu hỏi trắc nghiệm, trả lời từng câu bằng nút bấm. Sau mỗi câu có giải thích và "
    "điều luật. Câu trả lời sai sẽ được hỏi lại sau 1, 3 và 7 ngày cho đến khi bạn trả lời đúng 2 lần."
)
PRACTICE_TOPICS = "Chọn chủ đề muốn ôn:"
PRACTICE_EMPTY = "Chưa có câu hỏi ôn luyện nào. Bạn hãy quay lại sau nhé."
PRACTICE_TOPIC_EMPTY = "Chủ đề này chưa có câu hỏi ôn luyện. Bạn chọn chủ đề khác nhé."
QUIZ_HEADER = "🎯 Câu {step}/{total} · {topic}"
QUIZ_MIXED = "Trộn các chủ đề"
QUIZ_RIGHT = "✅ Đúng rồi!"
QUIZ_WRONG = "❌ Chưa đúng."
QUIZ_THE_ANSWER = "Đáp án đúng: {answer}"
QUIZ_ALREADY = "Bạn đã trả lời câu này rồi."
QUIZ_ROUND_DONE = "🏁 Kết quả lượt này: {right}/{total} câu đúng."
QUIZ_ROUND_PERFECT = "Rất tốt, bạn trả lời đúng tất cả!"
QUIZ_ROUND_REVIEW = "Nên ôn lại: {topics}."
QUIZ_ROUND_COMEBACK = "Các câu sai sẽ được hỏi lại trong những lượt sau (sau 1, 3, 7 ngày) đến khi bạn trả lời đúng 2 lần."

# --- progress (/tiendo) -----------------------------------------------------------------------------------------
PROGRESS_NONE = "Bạn chưa làm câu ôn luyện nào. Bấm 🎯 Ôn luyện hoặc gõ /onluyen để bắt đầu."
PROGRESS_TITLE = "📈 Tiến độ ôn luyện của bạn"
PROGRESS_TOTALS = "• Đã làm {rounds} lượt; trả lời {answered} câu, đúng {right} câu ({share}%)."
PROGRESS_STREAK = "• Chuỗi ngày ôn liên tiếp: {days} ngày."
PROGRESS_TOPICS = "• Số câu đúng theo chủ đề:"
PROGRESS_TOPIC_LINE = "   – {topic}: {right}/{answered}"
PROGRESS_REVIEWS = "• Câu chờ hỏi lại: {waiting} (đến hạn hôm nay: {due})."

# --- the daily question (/moingay, /dunglai) ------------------------------------------------------------------------
DAILY_ASK_HOUR = (
    "⏰ Câu hỏi mỗi ngày: mỗi ngày Trợ lý gửi bạn 01 câu hỏi ôn luyện vào giờ bạn chọn (giờ Việt Nam; tin đến "
    "trong khoảng giờ đó). Bạn muốn nhận lúc mấy giờ?"
)
DAILY_HOUR_HINT = "Gõ một số từ 0 đến 23, vd. 7 (7 giờ sáng) hoặc 20 (8 giờ tối). Gõ /huy để thôi."
DAILY_HOUR_INVALID = "Giờ phải là một số từ 0 đến 23, vd. 7 hoặc 20. Bạn gõ lại nhé (hoặc /huy để thôi)."
BTN_HOUR = "{hour} giờ"
DAILY_SET = (
    "✅ Đã đăng ký: mỗi ngày bạn nhận 01 câu hỏi trong khoảng {hour} giờ đến {hour} giờ 59 (giờ Việt Nam). "
    "Gõ /dunglai để thôi nhận."
)
DAILY_WINDOW_NOTE = (
    "Lưu ý: trên kênh này Trợ lý chỉ được gửi tin khi bạn đã nhắn cho Trợ lý trong vòng {hours} giờ trước đó; "
    "hôm nào quá thời hạn này thì câu hỏi không được gửi."
)
DAILY_STATUS = "⏰ Bạn đang nhận câu hỏi mỗi ngày trong khoảng {hour} giờ (giờ Việt Nam)."
BTN_DAILY_CHANGE = "🕐 Đổi giờ"
BTN_DAILY_STOP = "⏹ Thôi nhận"
DAILY_STOPPED = "Đã dừng câu hỏi mỗi ngày. Gõ /moingay để đăng ký lại bất cứ lúc nào."
DAILY_NOT_ON = "Bạn chưa đăng ký câu hỏi mỗi ngày. Gõ /moingay để đăng ký."
DAILY_CANCELLED = "Đã hủy, không thay đổi gì."
DAILY_HEADER = "⏰ Câu hỏi hôm nay · {topic}"
DAILY_FOOTER = "(Gõ /dunglai để thôi nhận câu hỏi mỗi ngày.)"
DAILY_REPEAT = "(Bạn đã trả lời câu này rồi; chỉ lần trả lời đầu được tính.)"
BTN_DAILY_MORE = "🎯 Ôn thêm 5 câu"

# --- where a mediator serves (/coso) --------------------------------------------------------------------------------
PLACE_ASK_COMMUNE = (
    "📍 Bạn làm hòa giải ở xã, phường nào? Gõ tên xã (có dấu hay không dấu đều được), vd. \"chieng coi\". "
    "Gõ /huy để thôi."
)
PLACE_CURRENT = "Hiện lưu: {place}."
PLACE_PICK_COMMUNE = "Bạn chọn xã, phường nào?"
PLACE_NO_COMMUNE = "Không thấy xã, phường nào có tên \"{typed}\". Bạn gõ lại tên xã nhé (hoặc /huy để thôi)."
PLACE_ASK_VILLAGE = "{commune}: bạn ở bản, tổ dân phố nào? Gõ tên bản, hoặc bấm Bỏ qua."
PLACE_ASK_VILLAGE_PLAIN = "{commune}: bạn ở bản, tổ dân phố nào? Gõ tên bản, hoặc gõ \"bỏ qua\"."
PLACE_PICK_VILLAGE = "Bạn chọn bản nào?"
PLACE_NO_VILLAGE = "Danh sách của {commune} không có bản \"{typed}\". Bạn gõ lại, hoặc bỏ qua bước này."
PLACE_SAVED = (
    "✅ Đã lưu nơi bạn làm hòa giải: {place}. Kết quả ôn luyện của bạn được tính vào số liệu của xã này "
    "(không kèm tên bạn). Gõ /coso để đổi."
)
PLACE_UNAVAILABLE = "Danh sách xã, phường chưa được cập nhật. Bạn hãy báo cán bộ quản trị."
PLACE_CANCELLED = "Đã hủy, nơi làm hòa giải giữ như cũ."
BTN_RETYPE = "✏️ Gõ lại"

# --- contests (/thi CODE) -------------------------------------------------------------------------------------------
CONTEST_ASK_CODE = "Gõ /thi và mã cuộc thi ban tổ chức đưa, vd. /thi HGV2026."
CONTEST_UNKNOWN = "Không có cuộc thi nào mã {code}. Bạn kiểm tra lại mã với ban tổ chức nhé."
CONTEST_ENDED = "Cuộc thi \"{title}\" đã kết thúc. Kết quả do ban tổ chức công bố."
CONTEST_ASK_NAME = (
    "🏆 {title}\nBạn đăng ký dự thi với tên hiển thị nào? Tên này hiện trên bảng xếp hạng (2–40 ký tự, vd. "
    "\"Lò Thị Hoa - bản Nà Sản\"). Không ghi số điện thoại, số CCCD. Gõ /huy để thôi."
)
CONTEST_NAME_INVALID = "Tên hiển thị cần từ 2 đến 40 ký tự. Bạn gõ lại nhé."
CONTEST_JOINED = "✅ Đã đăng ký dự thi với tên: {name}."
CONTEST_NOT_STARTED = (
    "Cuộc thi bắt đầu lúc {start} (giờ Việt Nam). Câu hỏi chỉ hiện khi cuộc thi bắt đầu: đến giờ, gõ lại "
    "/thi {code} hoặc bấm ▶ Vào thi."
)
CONTEST_RULES = (
    "🏆 {title}\n{count} câu hỏi, mỗi câu {seconds} giây, tính giờ từ lúc câu hỏi hiện ra. Mỗi câu chỉ trả lời "
    "được một lần; xếp hạng theo số câu đúng, bằng nhau thì ai nhanh hơn xếp trên. Hạn chót: {end}."
)
BTN_CONTEST_GO = "▶ Vào thi"
CONTEST_HEADER = "🏆 Câu {step}/{total} · ⏱ {seconds} giây"
CONTEST_RECORDED = "✔ Đã ghi câu trả lời ({seconds} giây)."
CONTEST_LATE = "⏰ Quá {limit} giây: câu này không được tính."
CONTEST_ALREADY = "Câu này đã được trả lời hoặc không còn mở: mỗi câu chỉ được trả lời một lần."
CONTEST_DONE = (
    "🏁 Bạn đã làm xong: {right}/{total} câu đúng trong {seconds} giây. Xếp hạng tạm thời: {rank}/{participants}. "
    "Kết quả chính thức do ban tổ chức công bố."
)
CONTEST_CANCELLED = "Đã hủy đăng ký dự thi."
