"""Typed settings, read from the environment (and `.env`), built once in the CLI and passed down."""

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.search import SearchConfig
from bot.web.client import Network, parse_proxies


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    knowledge_dir: Path = Field(default=BUNDLED_KNOWLEDGE, alias="HOAGIAI_KNOWLEDGE_DIR")
    data_dir: Path = Field(default=Path("data"), alias="HOAGIAI_DATA_DIR")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    host: str = Field(default="127.0.0.1", alias="HOAGIAI_HOST")
    port: int = Field(default=8080, alias="HOAGIAI_PORT")
    public_url: str | None = Field(default=None, alias="HOAGIAI_PUBLIC_URL")
    user_salt: str | None = Field(default=None, alias="HOAGIAI_USER_SALT")
    log_retention_days: int = Field(default=730, alias="HOAGIAI_LOG_RETENTION_DAYS")
    flood_limit: int = Field(default=20, alias="HOAGIAI_FLOOD_LIMIT")
    refresh_interval_s: float = Field(default=5.0, alias="HOAGIAI_REFRESH_INTERVAL")
    log_json: bool = Field(default=False, alias="HOAGIAI_LOG_JSON")

    answer_threshold: float = Field(default=SearchConfig.answer_threshold, alias="HOAGIAI_ANSWER_THRESHOLD")
    suggest_threshold: float = Field(default=SearchConfig.suggest_threshold, alias="HOAGIAI_SUGGEST_THRESHOLD")

    telegram_bot_token: str | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_api_base_url: str | None = Field(default=None, alias="TELEGRAM_API_BASE_URL")

    zalo_bot_token: str | None = Field(default=None, alias="ZALO_BOT_TOKEN")
    zalo_webhook_url: str | None = Field(default=None, alias="ZALO_WEBHOOK_URL")
    zalo_webhook_secret: str | None = Field(default=None, alias="ZALO_WEBHOOK_SECRET")
    zalo_api_base_url: str = Field(default="https://bot-api.zaloplatforms.com/bot", alias="ZALO_API_BASE_URL")

    zalo_oa_app_id: str | None = Field(default=None, alias="ZALO_OA_APP_ID")
    zalo_oa_secret_key: str | None = Field(default=None, alias="ZALO_OA_SECRET_KEY")
    # Token refresh authenticates with the *application* secret, not the OA secret that signs webhooks.
    zalo_oa_app_secret: str | None = Field(default=None, alias="ZALO_OA_APP_SECRET")
    zalo_oa_access_token: str | None = Field(default=None, alias="ZALO_OA_ACCESS_TOKEN")
    zalo_oa_refresh_token: str | None = Field(default=None, alias="ZALO_OA_REFRESH_TOKEN")
    zalo_oa_api_base_url: str = Field(default="https://openapi.zalo.me", alias="ZALO_OA_API_BASE_URL")
    zalo_oa_oauth_base_url: str = Field(default="https://oauth.zaloapp.com", alias="ZALO_OA_OAUTH_BASE_URL")

    staff_telegram_chat_id: str | None = Field(default=None, alias="STAFF_TELEGRAM_CHAT_ID")
    staff_zalo_chat_id: str | None = Field(default=None, alias="STAFF_ZALO_CHAT_ID")
    case_response_hours: int = Field(default=48, alias="HOAGIAI_CASE_RESPONSE_HOURS")
    case_retention_days: int = Field(default=365, alias="HOAGIAI_CASE_RETENTION_DAYS")

    legal_review: bool = Field(default=False, alias="HOAGIAI_LEGAL_REVIEW")
    review_age_months: int = Field(default=12, alias="HOAGIAI_REVIEW_AGE_MONTHS")
    secure_cookies: bool = Field(default=False, alias="HOAGIAI_SECURE_COOKIES")
    widget_origins: str = Field(default="", alias="HOAGIAI_WIDGET_ORIGINS")
    daily_check_interval_s: float = Field(default=30.0, alias="HOAGIAI_DAILY_CHECK_INTERVAL")  # also the reminders'
    # The hour (Vietnam time, 0-23) from which the logbook's reminders to follow an agreement go out.
    reminder_hour: int = Field(default=8, ge=0, le=23, alias="HOAGIAI_REMINDER_HOUR")
    ffmpeg: str = Field(default="ffmpeg", alias="HOAGIAI_FFMPEG")  # converts uploaded and spoken audio
    # Reverse proxies whose X-Forwarded-For is believed (IPs/CIDRs, comma-separated); none by default.
    trusted_proxies: str = Field(default="", alias="HOAGIAI_TRUSTED_PROXIES")
    rate_per_ip: int = Field(default=60, ge=0, alias="HOAGIAI_RATE_PER_IP")  # chat/search requests a minute; 0 = off

    @field_validator("trusted_proxies")
    @classmethod
    def _valid_proxies(cls, value: str) -> str:
        parse_proxies(value)  # a bad item stops the start with its name
        return value

    def proxies(self) -> tuple[Network, ...]:
        return parse_proxies(self.trusted_proxies)

    def search_config(self) -> SearchConfig:
        return SearchConfig(
            answer_threshold=self.answer_threshold,
            suggest_threshold=self.suggest_threshold,
        )
