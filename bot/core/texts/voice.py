"""Recorded answers and voice messages: what mediators read in a chat, what staff and editors read in the staff
chats and the console, and the player page. Kept together so that the whole feature reads in one place."""

# --- listening to recorded answers (chat) -----------------------------------------------------------------------------
BTN_LANGUAGE = "🗣 Ngôn ngữ nghe"
BTN_LISTEN_OF = "{listen}: {title}"  # several answers in one message: one button per answer with a clip
LANG_CHOOSE = (
    "Bạn muốn nghe câu trả lời bằng tiếng nào trước? Khi câu trả lời có bản ghi âm bằng tiếng bạn chọn, "
    "nút nghe tiếng đó hiện đầu tiên."
)
LANG_SET = "Đã chọn: {name}. Câu trả lời nào có bản ghi âm bằng tiếng này sẽ đưa nút nghe lên đầu."
LANG_NONE = "Chưa có ngôn ngữ nào để chọn. Bạn hãy báo cán bộ quản trị."
LISTEN_CAPTION = "🔊 {title}\n{language} · người đọc: {speaker} · {duration}"
LISTEN_OPEN = "Bấm để nghe: {url}"
LISTEN_GONE = "Bản ghi âm này không còn. Bạn hãy gõ lại câu hỏi để nghe bản mới nhất."
DURATION = "{minutes} phút {seconds:02d} giây"
DURATION_SHORT = "{seconds} giây"

# --- voice messages from mediators (chat) -----------------------------------------------------------------------------
VOICE_RECEIVED = (
    "🎙 Tôi đã nhận tin nhắn thoại của bạn ({duration}) nhưng chưa nghe hiểu được tiếng nói.\n"
    "• Bạn có thể gõ câu hỏi bằng chữ, có dấu hay không dấu đều được.\n"
    "• Hoặc bấm \"📨 Gửi cho cán bộ\": bản ghi được chuyển cho cán bộ tư pháp như một vụ việc cần hỗ trợ, cán bộ "
    "nghe rồi trả lời ngay trong cuộc trò chuyện này.\n"
    "🔒 Bản ghi chỉ được gửi khi bạn bấm nút; nếu không, nó tự xóa sau 24 giờ."
)
BTN_VOICE_SEND = "📨 Gửi cho cán bộ"
BTN_VOICE_DROP = "✖ Không gửi"
VOICE_SENT = (
    "✅ Đã gửi bản ghi cho cán bộ tư pháp: vụ việc {number}. Cán bộ sẽ trả lời trong vòng {hours} giờ, ngay trong "
    "cuộc trò chuyện này. Gõ /vuviec để bổ sung thông tin bằng chữ."
)
VOICE_DROPPED = "Đã xóa bản ghi, không gửi cho ai."
VOICE_GONE = "Bản ghi này không còn (đã gửi, đã xóa hoặc đã quá 24 giờ). Bạn hãy gửi lại tin nhắn thoại."
VOICE_TOO_LONG = "Tin nhắn thoại dài quá {minutes} phút. Bạn hãy nói ngắn hơn, hoặc gõ câu hỏi bằng chữ."
VOICE_UNREADABLE = "Tôi không mở được tin nhắn thoại này. Bạn hãy gửi lại, hoặc gõ câu hỏi bằng chữ."
UNSUPPORTED_TEXT_ONLY = (
    "Ở đây tôi chỉ đọc được tin nhắn chữ: chưa nghe được tin nhắn thoại, chưa xem được ảnh, nhãn dán hay tệp.\n"
    "• Hãy gõ câu hỏi bằng chữ, có dấu hay không dấu đều được.\n"
    "• Muốn gửi tin nhắn thoại cho cán bộ tư pháp: mở trang trò chuyện trên web{web}, giữ nút 🎙 để ghi âm."
)
VOICE_CASE_DESCRIPTION = "🎙 Tin nhắn thoại ({duration}) hòa giải viên gửi qua trợ lý; nghe bản ghi trong vụ việc."

# --- staff chats ------------------------------------------------------------------------------------------------------
STAFF_VOICE_CAPTION = "🎙 Bản ghi của vụ việc {number} ({duration})"
STAFF_VOICE_LINK = "🎙 Vụ việc {number} có bản ghi âm ({duration}): nghe trong trang quản trị {url}"

# --- the console and its API ------------------------------------------------------------------------------------------
AUDIO_NO_FFMPEG = (
    "Máy chủ chưa cài ffmpeg nên chưa nhận được tệp âm thanh mới (các bản ghi đã có vẫn phát bình thường). "
    "Hãy nhờ quản trị hệ thống cài gói ffmpeg."
)
AUDIO_TOO_LARGE = "Tệp âm thanh quá lớn: tối đa {mb} MB. Hãy gửi bản ghi dưới 3 phút, dạng mp3, m4a hoặc ogg."
AUDIO_UNREADABLE = "Không đọc được tệp này như âm thanh. Hãy gửi tệp ogg/opus, mp3, m4a, wav hoặc webm."
AUDIO_TOO_LONG = "Bản ghi dài hơn {minutes} phút. Hãy cắt ngắn hoặc ghi lại cho gọn."
AUDIO_TOO_BIG_AFTER = "Bản ghi sau khi nén vẫn lớn hơn {mb} MB. Hãy ghi lại ngắn hơn."
AUDIO_FILE_MISSING = "Chưa chọn tệp âm thanh (trường `file`)."
AUDIO_LANG_INVALID = "Ngôn ngữ phải là một trong: {codes} (danh sách trong languages.yaml)."
AUDIO_NOT_FOUND = "Nội dung này không có bản ghi âm tiếng `{lang}`."
AUDIO_ENTRY_ARCHIVED = "Nội dung đã lưu trữ: không thêm bản ghi âm được."
AUDIO_NO_REVERT = "Bản ghi âm không khôi phục được từ lịch sử; hãy tải tệp lên lại."
AUDIO_STATUS: dict[str, str] = {"published": "Đang phục vụ", "pending": "Chờ xuất bản cùng nội dung"}
AUDIO_REACH_TITLE = "Bản ghi âm"

# --- the public library and the player page (/nghe/<clip-id>) ---------------------------------------------------------
LIBRARY_LISTEN = "🔊 Nghe"
LIBRARY_HAS_AUDIO = "có bản ghi âm"
LIBRARY_SPEAKER = "người đọc"
LIBRARY_TRANSCRIPT = "Lời đọc"
LISTEN_PAGE_CRUMB = "Nghe"
LISTEN_PAGE_DOWNLOAD = "⬇ Tải bản ghi ({size})"
LISTEN_PAGE_READ = "Đọc nội dung này bằng chữ"
LISTEN_PAGE_NO_PLAYER = "Trình duyệt này chưa phát được bản ghi; hãy bấm tải về để nghe."
