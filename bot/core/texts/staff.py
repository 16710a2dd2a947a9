"""What justice officers read: case cards and notices in the staff chats, linking a chat account, case outcomes."""

CHANNEL_NOT_CONNECTED = "Kênh {channel} chưa kết nối được, tin nhắn chưa gửi đi."
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
# Events written into a case's thread (the console shows them), and what replaces texts past retention.
CASE_EVENT_TAKEN = "{user} nhận xử lý"
CASE_EVENT_CLOSED = "Đóng vụ việc: {outcome}"
CASE_ANONYMIZED = "[đã ẩn danh]"
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
STAFF_CHAT_ID_INVALID = "{name}: \"{value}\" không phải mã nhóm chat hợp lệ (ví dụ đúng: -1001234567890)."
# The fixed outcome categories a case is closed with (reports to the province count them).
CASE_OUTCOMES: tuple[str, ...] = ("Đã hướng dẫn, hòa giải thành", "Đã hướng dẫn, hòa giải không thành",
                                  "Chuyển cơ quan có thẩm quyền", "Không liên lạc được", "Khác")
