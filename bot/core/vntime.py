"""Vietnam's time: every day a person sees (dashboard days, the console's times, documents) is a day in
Asia/Ho_Chi_Minh, while the database stores UTC."""

import datetime as dt
from zoneinfo import ZoneInfo

ZONE_NAME = "Asia/Ho_Chi_Minh"
LOCAL_TZ = ZoneInfo(ZONE_NAME)
# Vietnam has kept UTC+7 without daylight saving since 1975; SQLite, which knows no zones, shifts by this offset.
UTC_OFFSET = dt.timedelta(hours=7)


def local_today(now: dt.datetime | None = None) -> dt.date:
    return (now or dt.datetime.now(dt.UTC)).astimezone(LOCAL_TZ).date()


def day_start(day: dt.date) -> dt.datetime:
    """The UTC moment a Vietnamese day begins (00:00 in Vietnam is 17:00 UTC the day before)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC)
