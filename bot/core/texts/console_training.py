"""The console's words for training (admin/training.py, admin/contests.py): reports, contests, communes."""

ADMIN_TRAINING_SMALL = "< 5"  # a commune × topic cell with fewer than 5 distinct users: too few to show
ADMIN_TRAINING_NO_COMMUNE = "Chưa chọn xã"
ADMIN_TRAINING_ALL_TOPICS = "Tất cả chủ đề"
ADMIN_TRAINING_CELL = "{users} người · {share}% đúng"
ADMIN_CSV_TRAINING_HEADER = ["Xã, phường", "Chủ đề", "Số người ôn luyện", "Số câu trả lời", "Tỷ lệ đúng (%)"]
ADMIN_CSV_RANKING_HEADER = ["Hạng", "Tên hiển thị", "Kênh", "Số câu đúng", "Số câu đã trả lời", "Tổng thời gian (giây)"]
ADMIN_CONTEST_CODE_INVALID = "Mã cuộc thi gồm 3–16 chữ in hoa không dấu hoặc số, vd. HGV2026."
ADMIN_CONTEST_CODE_TAKEN = "Mã cuộc thi {code} đã được dùng."
ADMIN_CONTEST_TITLE_REQUIRED = "Hãy đặt tên cuộc thi (tối đa 200 ký tự)."
ADMIN_CONTEST_ITEMS_REQUIRED = "Hãy nhập mã các câu hỏi trắc nghiệm, mỗi dòng một mã (1–100 câu)."
ADMIN_CONTEST_ITEM_UNKNOWN = "Dòng {line}: `{id}` không phải câu trắc nghiệm đã xuất bản."
ADMIN_CONTEST_ITEM_TWICE = "Dòng {line}: câu `{id}` đã có ở trên."
ADMIN_CONTEST_TIME_INVALID = "Thời gian bắt đầu và kết thúc dạng ngày giờ (giờ Việt Nam); kết thúc phải sau bắt đầu."
ADMIN_CONTEST_SECONDS_INVALID = "Số giây cho mỗi câu là một số từ 5 đến 600."
ADMIN_CONTEST_UNKNOWN = "Không có cuộc thi này."
ADMIN_COMMUNES_LINE = "Dòng {line}: {problem}"
ADMIN_COMMUNES_FORMAT = "cần dạng \"mã | Tên xã | bản 1; bản 2\" (mã có thể để trống khi thêm xã mới)"
