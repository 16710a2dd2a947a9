"""Typed settings, read from the environment (and `.env`), built once in the CLI and passed down."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.search import SearchConfig


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    knowledge_dir: Path = Field(default=BUNDLED_KNOWLEDGE, alias="HOAGIAI_KNOWLEDGE_DIR")
    data_dir: Path = Field(default=Path("data"), alias="HOAGIAI_DATA_DIR")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    host: str = Field(default="127.0.0.1", alias="HOAGIAI_HOST")
    port: int = Field(default=8080, alias="HOAGIAI_PORT")

    answer_threshold: float = Field(default=SearchConfig.answer_threshold, alias="HOAGIAI_ANSWER_THRESHOLD")
    answer_margin: float = Field(default=SearchConfig.answer_margin, alias="HOAGIAI_ANSWER_MARGIN")
    suggest_threshold: float = Field(default=SearchConfig.suggest_threshold, alias="HOAGIAI_SUGGEST_THRESHOLD")

    def search_config(self) -> SearchConfig:
        return SearchConfig(
            answer_threshold=self.answer_threshold,
            answer_margin=self.answer_margin,
            suggest_threshold=self.suggest_threshold,
        )
