"""What operators read on the command line (`hoagiai ...`) and in start-up errors."""

SERVER_RUNNING = "Trợ lý Hòa giải đang chạy: {url}  (trang quản trị: {url}admin/)"
SERVER_RUNNING_LOG = "Trợ lý Hòa giải đang chạy: %s"
CLI_SKIPPED = "bỏ qua: {error}"
CLI_CHECK_ERRORS = "{errors} lỗi trong {files} tệp"
CLI_CHECK_OK = "OK: {summary} ({published} đã xuất bản; {topics} chủ đề; {documents} văn bản)"
CLI_CHECK_TOOLS = "Công cụ: cây kiểm tra phạm vi {nodes} nút; {templates} mẫu văn bản"
CLI_CHECK_COMMUNES = "Xã, phường (communes.yaml): {communes}"
CLI_CHECK_LOGBOOK = "Sổ hòa giải (logbook.yaml): {kinds} loại vụ việc, {starts} căn cứ, {results} kết quả"
CLI_CHECK_AUDIO = "Bản ghi âm: {clips} (ngôn ngữ: {languages})"
CLI_FORMATTED = "đã định dạng: {path}"
CLI_FORMATTED_COUNT = "{n} tệp được viết lại"
CLI_CHAT_WELCOME = "Trợ lý Hòa giải — gõ câu hỏi, Enter để gửi; gõ 'thoat' hoặc Ctrl-D để thoát."
CLI_CHAT_SAVED = "📎 Đã lưu tệp: {path}"
CLI_NO_DIRECTORY = "Không tìm thấy thư mục: {path}"
CLI_IMPORTED = "Đã nhập: {created} mục mới, {updated} mục cập nhật, {unchanged} mục không đổi, {files} tệp danh mục"
CLI_IMPORTED_CLIPS = "Đã nhập {n} bản ghi âm mới hoặc thay đổi"
CLI_EXPORTED = "Đã xuất {n} tệp vào {path}"
CLI_SINCE_INVALID = "--since phải là ngày dạng YYYY-MM-DD"
CLI_NO_UNANSWERED = "Không có câu hỏi nào chưa được trả lời."
CLI_UNANSWERED_COMMENT = "      💬 {reason}: {text}"  # a mediator's comment after 👎, under its question
CLI_RETENTION_QUESTIONS = "Đã xóa nội dung {n} câu hỏi (và góp ý viết kèm 👎) cũ hơn {days} ngày (số liệu theo ngày được giữ)."
CLI_RETENTION_DOCUMENTS = "Đã xóa {n} tệp văn bản có liên kết tải đã hết hạn (chỉ giữ số lượng văn bản đã tạo)."
CLI_RETENTION_HISTORY = "Đã xóa {n} dòng lịch sử trò chuyện trên web cũ hơn {days} ngày."
CLI_RETENTION_CASES = "Đã ẩn danh {n} vụ việc đã đóng quá {days} ngày."
CLI_RETENTION_LOGBOOK = "Đã xóa tóm tắt, khó khăn của {n} vụ trong sổ hòa giải cũ hơn {days} ngày (số liệu được giữ)."
CLI_RETENTION_VOICE = "Đã xóa {n} tin nhắn thoại (không được gửi sau 24 giờ, hoặc của vụ việc đã ẩn danh)."
CLI_BACKED_UP = "Đã sao lưu {rows} dòng dữ liệu ({tables} bảng) và toàn bộ tri thức vào {path}"
CLI_RESTORED = "Đã khôi phục {rows} dòng dữ liệu từ {path}"

ADMIN_CLI_LINKED = "Đã liên kết {channel} {external_id} với tài khoản {username}."
ADMIN_CLI_LINK_EMPTY = "Mã tài khoản Telegram/Zalo không được để trống."
ADMIN_CLI_CREATED = "Đã tạo tài khoản {username} ({role})."
ADMIN_CLI_RESET = "Đã đặt mật khẩu tạm cho {username}; phải đổi mật khẩu ở lần đăng nhập sau."
ADMIN_CLI_DISABLED = "Đã khóa tài khoản {username}: mọi phiên đăng nhập và mã API của tài khoản này hết hiệu lực."
ADMIN_CLI_TOKEN = "Mã truy cập API của {username} (chỉ hiện một lần, dùng tiêu đề Authorization: Bearer <mã>):"
ADMIN_CLI_PASSWORD_PROMPT = "Mật khẩu: "
ADMIN_CLI_PASSWORD_AGAIN = "Nhập lại mật khẩu: "

# --- backups (`hoagiai backup`, `hoagiai restore`) ------------------------------------------------------------------
BACKUP_UNREADABLE = "Không đọc được tệp sao lưu {source}: {error}"
BACKUP_NO_MANIFEST = "Tệp sao lưu thiếu hoặc hỏng manifest.json."
BACKUP_FORMAT = "Định dạng sao lưu {format} không được hỗ trợ."
BACKUP_REVISION = "Bản sao lưu ở phiên bản lược đồ {backup}, cơ sở dữ liệu ở {database}: hãy dùng cùng phiên bản phần mềm."
BACKUP_NOT_EMPTY = (
    "Cơ sở dữ liệu đích không trống (bảng {table} đã có dữ liệu): chỉ khôi phục vào một cơ sở dữ liệu trống.\n"
    "Với SQLite, chọn một thư mục dữ liệu mới: HOAGIAI_DATA_DIR=./data-khoi-phuc .venv/bin/hoagiai restore {source}\n"
    "Với PostgreSQL, tạo một cơ sở dữ liệu trống (createdb hoagiai_moi) rồi: "
    "DATABASE_URL=postgresql+psycopg://user:pass@host:5432/hoagiai_moi .venv/bin/hoagiai restore {source}\n"
    "Sau đó trỏ máy chủ vào cơ sở dữ liệu mới (cùng HOAGIAI_DATA_DIR hoặc DATABASE_URL)."
)

# --- settings refused at start-up -------------------------------------------------------------------------------------
TELEGRAM_SECRET_INVALID = (
    "TELEGRAM_WEBHOOK_SECRET: 1–256 characters among A–Z, a–z, 0–9, '_' and '-' (Telegram's rule)"
)

# --- `hoagiai check`: documents.yaml and the bundled article texts (knowledge/articles/) ------------------------------
# The coverage line's words are a contract of the issue ("citation text: N/M bundled"); the gloss follows.
CLI_CHECK_CITATION_TEXT = (
    "citation text: {bundled}/{cited} bundled (điều luật được dẫn đã có nguyên văn trong knowledge/articles/)"
)
CLI_CHECK_WARNINGS = "{n} cảnh báo (không chặn việc dùng tri thức)"
CITATION_NOT_BUNDLED = "chưa có nguyên văn Điều {article} {document} ({doc}) trong {file}"
DOCUMENT_MISSING = "văn bản {doc} thiếu `{field}`"
DOCUMENT_SLUG = "`slug` của văn bản {doc} phải là `{slug}` (số hiệu bỏ dấu, chữ thường, `/` thành `-`)"
DOCUMENT_SLUG_TWICE = "`slug` `{slug}` đã dùng cho văn bản khác"
ARTICLES_NO_DOCUMENT = "không có văn bản nào trong documents.yaml có `slug: {slug}` (tên tệp phải là slug của văn bản)"
ARTICLES_YAML = "lỗi cú pháp YAML: {error}"
ARTICLES_NOT_LIST = "tệp điều luật phải là một danh sách các điều `{article, title, text, source}`"
ARTICLES_ITEM = "mỗi điều phải là một ánh xạ `{article, title, text, source}`"
ARTICLES_UNKNOWN_FIELD = "trường không được phép: `{field}` (chỉ có article, title, text, source)"
ARTICLES_NUMBER = "`article` phải là số nguyên dương (số của điều)"
ARTICLES_EMPTY = "`{field}` không được để trống"
ARTICLES_DUPLICATE = "Điều {n} đã có ở dòng {line}"
ARTICLES_ORDER = "Điều {n} đứng sau một điều số lớn hơn: xếp các điều theo số tăng dần"
