"""voice: recorded answers (audio_clip), Telegram file ids per bot (telegram_file), mediators' voice messages
(voice_message)

Revision ID: 0008_voice
Revises: 0004_app_secret
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_voice'
down_revision = '0004_app_secret'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'audio_clip',
        sa.Column('id', sa.String(length=24), nullable=False),
        sa.Column('entry_id', sa.String(length=80), nullable=False),
        sa.Column('lang', sa.String(length=8), nullable=False),
        sa.Column('state', sa.String(length=8), nullable=False),
        sa.Column('speaker', sa.String(length=120), nullable=False),
        sa.Column('transcript', sa.Text(), nullable=True),
        sa.Column('reviewed', sa.Date(), nullable=True),
        sa.Column('duration_s', sa.Float(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('entry_id', 'lang', 'state'),
    )
    op.create_index('ix_audio_clip_entry_id', 'audio_clip', ['entry_id'])
    op.create_table(
        'telegram_file',
        sa.Column('bot', sa.String(length=64), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('file_id', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('bot', 'sha256'),
    )
    op.create_table(
        'voice_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_key', sa.String(length=64), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('raw_user_id', sa.String(length=128), nullable=True),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('mime', sa.String(length=64), nullable=False),
        sa.Column('duration_s', sa.Float(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_voice_message_user_key', 'voice_message', ['user_key'])
    op.create_index('ix_voice_message_case_id', 'voice_message', ['case_id'])


def downgrade() -> None:
    op.drop_index('ix_voice_message_case_id', table_name='voice_message')
    op.drop_index('ix_voice_message_user_key', table_name='voice_message')
    op.drop_table('voice_message')
    op.drop_table('telegram_file')
    op.drop_index('ix_audio_clip_entry_id', table_name='audio_clip')
    op.drop_table('audio_clip')
