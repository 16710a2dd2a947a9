"""What editors, staff and administrators read in the console (/admin) and its JSON API."""

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
ROLE_LABELS: dict[str, str] = {"admin": "Quản trị", "editor": "Biên tập viên", "staff": "Cán bộ tiếp nhận vụ việc",
                               "leader": "Tổ trưởng tổ hòa giải"}
ADMIN_ENTRY_EXISTS = "Đã có nội dung với mã “{id}”: chọn mã khác."
ADMIN_ENTRY_UNKNOWN = "Không có nội dung với mã “{id}”."
ADMIN_KIND_INVALID = "Loại nội dung phải là một trong: {kinds}."  # the registered kinds (bot.core.kinds)
ADMIN_KIND_CHANGED = "Không đổi được loại của một nội dung đã có (đang là {kind})."
ADMIN_ID_MISMATCH = "Mã trong nội dung khác mã trên đường dẫn."
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
    "example_added": "Đã thêm làm câu hỏi thực tế của nội dung và xuất bản: trợ lý sẽ nhận ra những câu kể chuyện tương tự.",
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
    "contest_created": "Đã tạo cuộc thi. Gửi mã cho người dự thi: họ gõ /thi MÃ cho trợ lý.",
    "communes": "Đã lưu danh sách xã, bản; /coso dùng danh sách mới ngay.",
    "logbook-lists": "Đã lưu danh mục sổ hòa giải; /ghiso dùng danh mục mới ngay.",
    "audio_uploaded": "Đã tải bản ghi âm lên. Nếu nội dung đang được xuất bản, bản ghi chờ xuất bản cùng nội dung.",
    "audio_deleted": "Đã xóa bản ghi âm: trợ lý không gửi bản ghi này nữa.",
}
STATUS_LABELS: dict[str, str] = {"draft": "Bản nháp", "review": "Chờ duyệt / cần rà soát", "published": "Đã xuất bản",
                                 "archived": "Lưu trữ"}
OUTCOME_LABELS: dict[str, str] = {"answer": "Trả lời", "suggest": "Gợi ý", "none": "Không tìm thấy"}
SOURCE_LABELS: dict[str, str] = {"none": "Không tìm thấy", "suggest": "Gợi ý không ai chọn", "feedback": "👎 Góp ý"}
ADMIN_REVISION_ACTIONS: dict[str, str] = {
    "create": "Tạo mới", "update": "Sửa", "submit": "Gửi duyệt", "publish": "Xuất bản", "archive": "Lưu trữ",
    "revert": "Khôi phục phiên bản cũ", "import": "Nhập từ tệp", "add_alternate": "Thêm cách hỏi khác",
    "add_example": "Thêm câu hỏi thực tế",
    "review": "Đánh dấu cần rà soát", "audio_upload": "Tải lên bản ghi âm", "audio_delete": "Xóa bản ghi âm",
    "audio_publish": "Xuất bản bản ghi âm",
}
ADMIN_CSV_DAYS_HEADER = ["Ngày", "Tổng câu hỏi", "Trả lời", "Gợi ý", "Không tìm thấy", "Tỷ lệ trả lời (%)",
                         "Tỷ lệ chưa trả lời được (%)"]
ADMIN_CSV_TOTAL = "Cộng"
ADMIN_CSV_OPEN_CASES = "Vụ việc đang mở (lúc xuất tệp)"
ADMIN_CSV_OVERDUE_CASES = "Vụ việc quá hạn trả lời (lúc xuất tệp)"
ADMIN_CSV_TOPICS_HEADER = ["Chủ đề", "Số câu trả lời"]
ADMIN_CSV_CLUSTERS_HEADER = ["Câu hỏi chưa trả lời được", "Số lần hỏi", "Lần cuối (giờ Việt Nam)"]
ADMIN_CHART_TOPICS = "Biểu đồ số câu trả lời theo chủ đề; số liệu ở bảng bên dưới"
ADMIN_CHART_DAILY = (
    "Biểu đồ câu hỏi mỗi ngày trong {days} ngày: {total} câu hỏi, {answer} được trả lời, {suggest} chỉ gợi ý, "
    "{none} không tìm thấy; số liệu từng ngày ở bảng bên dưới"
)
ADMIN_DIFF_BEFORE, ADMIN_DIFF_AFTER = "trước", "sau"

# --- console: escalated cases (admin/cases.py) ---------------------------------------------------------------------
ADMIN_CASE_STATUS: dict[str, str] = {"new": "Mới", "assigned": "Đang xử lý", "answered": "Đã trả lời",
                                     "closed": "Đã đóng"}
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
ADMIN_LINK_STAFF_ONLY = ("Chỉ tài khoản cán bộ tiếp nhận vụ việc, tổ trưởng tổ hòa giải hoặc quản trị mới liên kết "
                         "Telegram/Zalo.")
