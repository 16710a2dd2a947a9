"""What anyone reads on the public web: the library, the chat widget, download pages, and the web API's errors."""

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
LIBRARY_ARTICLES = "Điều luật được dẫn"
LIBRARY_ARTICLE_TITLE = "Điều {article}. {title}"
LIBRARY_ARTICLE_NOT_BUNDLED = "(chưa có nguyên văn trong thư viện)"
LIBRARY_ARTICLE_EXPIRED = "Văn bản này đã hết hiệu lực; điều luật được giữ lại để đối chiếu các việc trước đó."
LIBRARY_ARTICLE_SOURCE = "Nguồn văn bản"
LIBRARY_ARTICLE_CITED_BY = "Nội dung trong thư viện dẫn điều này"
# GET /api/articles?doc=<number>&article=<n>: 404 {"error", "field"} when the document or article is not there.
ARTICLE_UNKNOWN_DOC = "Không có văn bản với số hiệu này trong danh mục văn bản (tham số 'doc')."
ARTICLE_UNKNOWN = "Số điều phải là số nguyên dương (tham số 'article')."
ARTICLE_NOT_BUNDLED = "Chưa có nguyên văn Điều {article} {document} trong thư viện."
WIDGET_OPEN = "💬 Hỏi Trợ lý Hòa giải"
WIDGET_CLOSE = "Đóng cửa sổ trò chuyện"
WIDGET_FRAME_TITLE = "Trợ lý Hòa giải — trò chuyện"
WIDGET_NOT_ALLOWED = "Trợ lý Hòa giải: trang {origin} chưa được phép nhúng cửa sổ trò chuyện (HOAGIAI_WIDGET_ORIGINS)."
WIDGET_BAD_ORIGIN = (
    "HOAGIAI_WIDGET_ORIGINS: \"{value}\" không phải một origin hợp lệ "
    "(ví dụ đúng: https://sotuphap.sonla.gov.vn hoặc https://*.sonla.gov.vn)."
)
DOWNLOAD_TITLE = "Tải văn bản"
DOWNLOAD_TIME_FORMAT = "%H:%M ngày %d/%m/%Y"  # when a download link expires (strftime)
DOWNLOAD_READY = (
    "Văn bản đã sẵn sàng: {filename}. Liên kết tải được nhiều lần đến {expires}, sau đó tệp bị xóa. "
    "Ai có liên kết cũng tải được: đừng gửi liên kết cho người khác."
)
BTN_DOWNLOAD = "⬇ Tải tệp Word"
DOWNLOAD_GONE = (
    "Liên kết tải văn bản này không còn dùng được: liên kết hết hạn sau 24 giờ và tệp đã bị xóa. "
    "Bạn hãy soạn lại bằng lệnh /vanban."
)

# --- the web chat's JSON API (/api/...) and the server's own error answer ---------------------------------------------
API_TOO_LARGE = "Nội dung gửi lên quá lớn."
API_BAD_JSON = "Dữ liệu gửi lên không phải JSON hợp lệ."
API_PARAM_RANGE = "Tham số '{name}' phải là số nguyên từ {low} đến {high}."
API_TOO_DEEP = "Dữ liệu gửi lên lồng nhau quá {limit} tầng."
API_NOT_OBJECT = "Dữ liệu gửi lên phải là một đối tượng JSON."
API_SESSION_INVALID = "Mã phiên (session) phải gồm 1–64 ký tự chữ, số, '_' hoặc '-'."
API_NOT_STRING = "Trường '{name}' phải là chuỗi ký tự."
API_TOO_LONG = "Trường '{name}' dài quá {limit} ký tự."
API_TEXT_OR_ACTION = "Cần đúng một trong hai trường 'text' hoặc 'action'."
API_AFTER_INVALID = "Tham số 'after' phải là số nguyên không âm."
API_VOICE_FORM = "Cần biểu mẫu multipart có 'session' và 'file' (bản ghi âm)."
API_ENTRY_UNKNOWN = "Không có nội dung với mã 'entry_id' này."
API_HELPFUL_INVALID = "Trường 'helpful' phải là true hoặc false."
API_REASON_INVALID = "Lý do phải là một trong: {reasons} (hoặc null)."
SERVER_TROUBLE = "Máy chủ đang gặp sự cố, xin thử lại sau ít phút."
