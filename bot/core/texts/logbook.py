"""The mediation logbook (/ghiso, /soghi): recording a case, listing and editing one's records, and the reminders
to follow an agreement (Law 35/2013 Art. 21(4), 25, 26)."""

BTN_LOGBOOK = "📒 Ghi sổ"
BTN_LB_TODAY = "Hôm nay"
BTN_LB_YESTERDAY = "Hôm qua"
BTN_LB_YES = "Có"
BTN_LB_NO = "Không"
BTN_LB_NO_DEADLINE = "Không có thời hạn"
BTN_LB_IN_DAYS = "Sau {days} ngày"
BTN_LB_CANCEL = "✖ Hủy"
BTN_LB_REMIND = "🔔 Nhắc tôi theo dõi"
BTN_LB_NO_REMIND = "🔕 Thôi nhắc"
BTN_LB_DIFFICULTY = "✍️ Ghi khó khăn"
BTN_LB_EDIT = "✏️ Sửa"
BTN_LB_DELETE = "🗑 Xóa"
BTN_LB_DELETE_YES = "🗑 Xóa hẳn"
BTN_LB_MINE = "📒 Sổ của tôi"
BTN_LB_NEW = "➕ Ghi vụ mới"
BTN_LB_FROM_DOC = "📒 Ghi vào sổ"
BTN_LB_OLDER = "▶ Cũ hơn"
BTN_LB_NEWER = "◀ Mới hơn"
BTN_LB_PERF = {"done": "✅ Đã thực hiện", "ongoing": "⏳ Đang thực hiện", "not": "❌ Không thực hiện"}
LB_FIELDS = {"date": "Ngày", "kind": "Loại vụ việc", "start": "Căn cứ", "result": "Kết quả", "written": "Văn bản",
             "deadline": "Thời hạn", "summary": "Tóm tắt", "difficulty": "Khó khăn"}

LB_UNAVAILABLE = "Sổ hòa giải chưa sẵn sàng (thiếu danh sách loại vụ việc). Bạn báo cán bộ quản trị giúp."
LB_NEED_PLACE = ("📒 Ghi sổ theo dõi hòa giải (Luật Hòa giải ở cơ sở, Điều 21 khoản 4).\nBước 1. Tổ hòa giải của "
                 "bạn ở đâu? Chỉ hỏi một lần, đổi sau bằng /coso.")
LB_HEADER = "📒 Ghi sổ · Tổ hòa giải: {place}"
LB_OFFER_FROM_DOC = ("📒 Ghi vụ này vào sổ theo dõi hòa giải? Bấm “Ghi vào sổ” hoặc gõ /ghiso: tôi điền sẵn những gì "
                     "văn bản đã có.")
LB_PREFILLED = ("Đã điền sẵn từ văn bản vừa soạn ({what}): ngày, căn cứ, kết quả, thời hạn, tóm tắt (nếu văn bản "
                "có). Tôi chỉ hỏi phần còn thiếu; sửa sau khi ghi bằng ✏️ Sửa.")
LB_STEP = "Bước {n}. {question}"
LB_ASK_DATE = "Vụ, việc được hòa giải ngày nào? Bấm nút hoặc gõ ngày (vd. 25/11/2026)."
LB_ASK_KIND = "Loại vụ, việc?"
LB_ASK_START = "Vì sao tổ tiến hành hòa giải (căn cứ, Điều 16 Luật Hòa giải ở cơ sở)?"
LB_ASK_RESULT = ("Kết quả hòa giải? Hòa giải thành thì chọn thêm có lập văn bản hòa giải thành hay không (Điều 24 "
                 "khoản 2).")
LB_RESULT_WRITTEN = "{name}, có văn bản"  # the success result of logbook.yaml, with a văn bản hòa giải thành
LB_RESULT_UNWRITTEN = "{name}, không lập văn bản"
LB_RESULT_ICONS = {"thanh": "✅", "khong-thanh": "❌", "dang-hoa-giai": "⏳", "ngoai-pham-vi": "⛔"}  # by result id
LB_ASK_WRITTEN = "Có lập văn bản hòa giải thành không (Điều 24 khoản 2)?"
LB_ASK_DEADLINE = ("Các bên thỏa thuận thực hiện đến ngày nào? Bấm nút hoặc gõ ngày (vd. 15/12/2026). Có thời hạn thì "
                   "sau khi ghi bạn có thể nhờ tôi nhắc theo dõi.")
LB_ASK_SUMMARY = ("Gõ tóm tắt ngắn nội dung vụ, việc, KHÔNG ghi tên, số điện thoại, số giấy tờ (tôi vẫn che tên và số "
                  "nếu có). Không muốn ghi: bấm hoặc gõ “Bỏ qua”.")
LB_ASK_DIFFICULTY = ("Gõ khó khăn, vướng mắc khi hòa giải vụ này (tổ trưởng thấy trong báo cáo của tổ), không ghi tên "
                     "người. Không có: bấm hoặc gõ “Bỏ qua”.")
LB_GIVEN = "(Đang ghi: {value})"
LB_BAD_DATE = "Tôi chưa đọc được ngày “{typed}”. Gõ theo dạng ngày/tháng/năm, vd. 25/11/2026."
LB_FUTURE_DATE = "Ngày {day} chưa tới. Vụ, việc đã hòa giải thì ghi ngày đã qua hoặc hôm nay."
LB_OLD_DATE = "Ngày {day} đã quá xa (hơn 2 năm). Bạn kiểm tra lại ngày."
LB_DEADLINE_BEFORE = "Thời hạn {day} trước ngày hòa giải {case_day}. Bạn gõ lại thời hạn."
LB_TOO_LONG = "Tóm tắt dài quá ({n} ký tự). Bạn rút gọn dưới {limit} ký tự."
LB_PICK_BUTTON = "Bạn bấm một nút ở trên (hoặc gõ số thứ tự của lựa chọn), hoặc gõ /huy để thôi ghi."
LB_CANCELLED = "Đã thôi ghi sổ, không lưu gì."
LB_NOTHING_OPEN = "Không có vụ nào đang ghi. Gõ /ghiso để ghi một vụ, /soghi để xem sổ."
LB_SAVED = "✅ Đã ghi vào sổ: vụ số {id}."
LB_UPDATED = "✅ Đã sửa vụ số {id}."
LB_CARD = "📒 Vụ số {id} · {date}\nTổ hòa giải: {place}\nLoại: {kind}\nCăn cứ: {start}\nKết quả: {result}"
LB_CARD_WRITTEN = "Văn bản hòa giải thành: {value}"
LB_CARD_DEADLINE = "Thời hạn thực hiện: {day}"
LB_CARD_REMIND = "Nhắc theo dõi: {value}"
LB_CARD_PERF = "Thực hiện thỏa thuận: {value}"
LB_CARD_SUMMARY = "Tóm tắt (đã che tên, số): {value}"
LB_CARD_DIFFICULTY = "Khó khăn: {value}"
LB_CARD_DROPPED = "Tóm tắt đã xóa theo thời hạn lưu giữ; số liệu vẫn giữ."
LB_PERF_NAMES = {"done": "đã thực hiện", "ongoing": "đang thực hiện", "not": "không thực hiện"}
LB_REMIND_ON = ("🔔 Tôi sẽ hỏi bạn “Các bên đã thực hiện thỏa thuận chưa?” vào {before} (3 ngày trước hạn) và đúng ngày "
                "{day}, khoảng {hour} giờ (giờ Việt Nam), trên kênh này.")
LB_REMIND_OFF = "🔕 Đã thôi nhắc vụ số {id}."
LB_REMIND_NEEDS = "Chỉ vụ hòa giải thành có thời hạn thực hiện mới nhắc được. Sửa thời hạn trước (✏️ Sửa)."
LB_REMIND_WINDOW = "Lưu ý: kênh này chỉ cho phép tôi nhắn trong {hours} giờ kể từ tin nhắn cuối của bạn."
LB_EDIT_WHAT = "Sửa mục nào của vụ số {id}?"
LB_DELETE_CONFIRM = "Xóa hẳn vụ số {id} khỏi sổ? Việc này không hoàn tác được."
LB_DELETED = "🗑 Đã xóa vụ số {id}."
LB_GONE = "Không tìm thấy vụ này trong sổ của bạn (có thể đã xóa)."
LB_LIST_EMPTY = "Sổ của bạn chưa có vụ nào. Bấm “➕ Ghi vụ mới” hoặc gõ /ghiso."
LB_LIST_TITLE = "📒 Sổ của bạn: {total} vụ (trang {page}/{pages}). Bấm một vụ để xem, sửa hoặc xóa."
LB_LIST_ITEM = "{date} · {kind} · {result}"
LB_PERF_QUESTION = ("🔔 Theo dõi thỏa thuận (vụ số {id}, hòa giải ngày {date}, {kind}; hạn thực hiện {deadline})\n"
                    "Các bên đã thực hiện thỏa thuận chưa?")
LB_PERF_DONE = "✅ Đã ghi: các bên đã thực hiện thỏa thuận (vụ số {id}). Cảm ơn bạn đã theo dõi."
LB_PERF_ONGOING = ("⏳ Đã ghi: đang thực hiện (vụ số {id}). Hòa giải viên tiếp tục theo dõi, đôn đốc (Luật Hòa giải ở "
                   "cơ sở, Điều 26); tôi sẽ hỏi lại vào ngày hết hạn nếu chưa tới.")
LB_PERF_NOT = (
    "❌ Đã ghi: không thực hiện (vụ số {id}). Những việc nên làm:\n"
    "1. Báo ngay cho tổ trưởng tổ hòa giải để báo cáo Trưởng ban công tác Mặt trận (Luật Hòa giải ở cơ sở, Điều 26).\n"
    "2. Nhắc các bên: họ có trách nhiệm thực hiện thỏa thuận hòa giải thành; bên nào vì sự kiện bất khả kháng không "
    "thực hiện được thì phải trao đổi, thỏa thuận với bên kia và báo cho hòa giải viên (Điều 25).\n"
    "3. Các bên có thể gửi đơn đề nghị Tòa án công nhận kết quả hòa giải thành ngoài Tòa án, trong 06 tháng kể từ ngày "
    "đạt được thỏa thuận (Bộ luật Tố tụng dân sự 2015, Điều 416–419; thời hạn ở Điều 418 khoản 1). Thỏa thuận phải do "
    "các bên tự nguyện, không trái luật, đạo đức xã hội (Điều 417).\n"
    "4. Nếu các bên không thỏa thuận lại được, hướng dẫn họ đề nghị cơ quan có thẩm quyền giải quyết (Luật Hòa giải ở "
    "cơ sở, Điều 21 khoản 3, Điều 27).\n"
    "Cần cán bộ tư pháp hỗ trợ: bấm 🆘."
)
LB_PERF_GONE = "Vụ này không còn trong sổ của bạn, nên tôi không ghi câu trả lời."

# -- the console page of the lists (knowledge/logbook.yaml) ----------------------------------------------------------
ADMIN_LOGBOOK_LISTS = {"kinds": "Loại vụ, việc", "starts": "Căn cứ hòa giải", "results": "Kết quả"}
ADMIN_LOGBOOK_LINE = "{list}, dòng {line}: {problem}"
ADMIN_LOGBOOK_FORMAT = "cần dạng \"mã | Tên\" hoặc \"mã | Tên | ẩn\" (mã có thể để trống khi thêm mục mới)"
ADMIN_LOGBOOK_PROBLEM = "Danh mục chưa hợp lệ: {problem}"
