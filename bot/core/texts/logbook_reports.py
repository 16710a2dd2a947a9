"""Texts of the logbook's statistics and team reports (issue 18): the console's pages, `hoagiai report`, the team
leader's report in the chat (/sotodoi) and as a .docx, and the roles that read them."""

REPORT_BAD_DATE = "Ngày “{value}” không hợp lệ: gõ theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-01-31."
REPORT_BAD_ORDER = "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."
REPORT_TOO_LONG = "Khoảng thời gian quá dài: tối đa 10 năm."
REPORT_UNKNOWN_COMMUNE = "Không có xã, phường với mã “{value}” trong danh sách xã (communes.yaml)."
REPORT_COMMUNE_FORBIDDEN = "Tài khoản của bạn không được xem số liệu của xã, phường này."
REPORT_XLSX_NEEDS_OUTPUT = "Định dạng xlsx cần tên tệp để ghi: thêm --output TỆP.xlsx."
REPORT_WRITTEN = "Đã ghi {path}."
REPORT_CANNOT_WRITE = "Không ghi được tệp {path}: {error}"

ADMIN_TEAM_UNKNOWN_COMMUNE = "Không có xã, phường với mã “{value}”: tổ hòa giải ghi theo dạng <mã xã>/<bản>."
ADMIN_TEAM_NEEDS_VILLAGE = "Ghi tổ hòa giải theo dạng <mã xã>/<bản, tổ dân phố>, ví dụ xa-chieng-la/ban-hua-la."
ADMIN_TEAM_UNKNOWN_VILLAGE = "{commune} không có bản này. Các bản đã khai: {villages}."
ADMIN_TEAM_LEADER_ONLY = "Chỉ tài khoản tổ trưởng mới gắn với một tổ hòa giải."
ADMIN_COMMUNES_STAFF_ONLY = "Chỉ tài khoản cán bộ mới giới hạn theo xã, phường."
ADMIN_COMMUNES_UNKNOWN = "Không có xã, phường với mã: {ids}."
ADMIN_LEADER_NEEDS_TEAM = "Tài khoản tổ trưởng cần tổ hòa giải (<mã xã>/<bản>)."

# The console's statistics page and exports.
STATS_COMMUNE = "Xã, phường"
STATS_TOTAL = "Tổng số vụ, việc"
STATS_RATE = "Tỷ lệ hòa giải thành (%)"
STATS_ALL = "Toàn tỉnh"
STATS_MONTH = "Tháng"
STATS_CHART_COMMUNES = "Số vụ, việc theo xã, phường từ {start} đến {end}: tổng {total}"
STATS_CHART_MONTHS = "Số vụ, việc theo tháng từ {start} đến {end}, theo kết quả"
STATS_SERIES = ("Hòa giải thành", "Không thành", "Đang hòa giải hoặc dừng")
STATS_RATE_NOTE = ("Tỷ lệ hòa giải thành = số vụ thành / (số vụ thành + số vụ không thành); vụ đang hòa giải và vụ "
                   "dừng vì không thuộc phạm vi không tính vào tỷ lệ.")

# The .xlsx laid out like the statistical form.
XLSX_UNIT = "ĐƠN VỊ BÁO CÁO: {unit}"
XLSX_UNIT_DEFAULT = "Sở Tư pháp"
XLSX_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
XLSX_MOTTO = "Độc lập - Tự do - Hạnh phúc"
XLSX_TITLE = "SỐ VỤ, VIỆC HÒA GIẢI Ở CƠ SỞ"
XLSX_PERIOD = "Kỳ báo cáo: từ ngày {start} đến ngày {end}"
XLSX_BASIS = ("Chỉ tiêu “Số vụ, việc hòa giải ở cơ sở” (mã 0403, Hệ thống chỉ tiêu thống kê ngành Tư pháp, Thông tư "
              "10/2017/TT-BTP). Các cột theo cách trình bày thường dùng, chưa đối chiếu được với biểu mẫu báo cáo "
              "thống kê đang có hiệu lực.")
XLSX_UNIT_OF_COUNT = "Đơn vị tính: vụ, việc"
XLSX_NO = "STT"
XLSX_RESULTS = "Kết quả hòa giải"
XLSX_KINDS = "Chia theo loại vụ, việc"
XLSX_TOTAL_ROW = "Tổng cộng"
XLSX_SHEET_COMMUNES = "Theo xã"
XLSX_SHEET_MONTHS = "Theo tháng"
XLSX_MADE_BY = "NGƯỜI LẬP BIỂU"
XLSX_HEAD = "THỦ TRƯỞNG ĐƠN VỊ"
XLSX_SIGN = "(Ký, ghi rõ họ tên)"
XLSX_SIGN_SEAL = "(Ký, ghi rõ họ tên, đóng dấu)"
XLSX_MADE_ON = "Lập ngày {day}"

# The team leader's report (Law 35/2013 Art. 15(5)).
TEAM_TITLE = "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ"
TEAM_OF = "Tổ hòa giải {village}, {commune}"
TEAM_PERIOD = "Từ ngày {start} đến ngày {end}"
TEAM_BASIS = ("Báo cáo của tổ trưởng tổ hòa giải gửi Ủy ban nhân dân cấp xã và Ban Thường trực Ủy ban Mặt trận Tổ "
              "quốc Việt Nam cấp xã (Luật Hòa giải ở cơ sở 2013, Điều 15 khoản 5), lập từ sổ ghi chép của các hòa "
              "giải viên trong tổ.")
TEAM_TOTAL = "Tổng số vụ, việc: {n}"
TEAM_BY_RESULT = "Theo kết quả"
TEAM_BY_KIND = "Theo loại vụ, việc"
TEAM_RATE = "Tỷ lệ hòa giải thành: {rate}"
TEAM_RATE_NONE = "chưa có vụ thành hoặc không thành"
TEAM_PENDING = "Thỏa thuận chưa được thực hiện xong: {n}"
TEAM_PENDING_LINE = "{day}: {kind}, hạn thực hiện {deadline}, {state}"
TEAM_NO_DEADLINE = "chưa ghi"
TEAM_PERFORMANCE = {None: "chưa có tin", "ongoing": "đang thực hiện", "not": "không thực hiện"}
TEAM_DIFFICULTIES = "Khó khăn, vướng mắc hòa giải viên ghi lại: {n}"
TEAM_DIFFICULTY_LINE = "{day} ({kind}): {text}"
TEAM_NONE = "Không có."
TEAM_LEADER_SIGN = "TỔ TRƯỞNG TỔ HÒA GIẢI"
TEAM_DOC_CAPTION = "Báo cáo năm {year} của tổ hòa giải (tệp Word)"

# The chat (/sotodoi) and the console's team page.
TEAM_NOT_LEADER = ("Lệnh /sotodoi dành cho tổ trưởng tổ hòa giải. Cán bộ Sở Tư pháp tạo tài khoản tổ trưởng trên trang "
                   "quản trị; sau đó bạn mở “Tài khoản của tôi”, bấm “Tạo mã liên kết” và gửi /lienket MÃ cho trợ lý "
                   "(Telegram hoặc Zalo).")
TEAM_CHOOSE = "📒 Sổ của tổ {team}: chọn kỳ báo cáo."
TEAM_YEAR = "Năm {year}"
TEAM_THIS_YEAR_SO_FAR = "Năm {year} (đến nay)"
TEAM_LAST_MONTHS = "6 tháng gần đây"
TEAM_PAGE_TITLE = "Sổ của tổ hòa giải"
LINK_LEADER = "Từ nay bạn gõ /sotodoi ở đây để xem sổ và báo cáo của tổ hòa giải."
TEAM_DOC_FILE = "📎 Báo cáo của tổ (tệp Word .docx) được gửi kèm, để in, ký và gửi Ủy ban nhân dân xã và Mặt trận."
TEAM_DOC_LINK = ("📎 Tải báo cáo của tổ (tệp Word .docx) bằng liên kết kèm theo: tải được trong 24 giờ, sau đó tệp bị "
                 "xóa. Ai có liên kết cũng tải được, đừng gửi cho người khác.")
