"""logbook: recorded mediation cases and the claims of their reminders (issue 18)

Revision ID: 0010_logbook
Revises: 0006_chat_history
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_logbook'
down_revision = '0006_chat_history'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'logbook_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_key', sa.String(length=64), nullable=True),
        sa.Column('commune_id', sa.String(length=64), nullable=False),
        sa.Column('village', sa.String(length=120), nullable=True),
        sa.Column('case_date', sa.Date(), nullable=False),
        sa.Column('kind_id', sa.String(length=32), nullable=False),
        sa.Column('start_id', sa.String(length=32), nullable=False),
        sa.Column('result_id', sa.String(length=32), nullable=False),
        sa.Column('agreement_written', sa.Boolean(), nullable=False),
        sa.Column('summary', sa.Text(), nullable=True),
        sa.Column('difficulty', sa.Text(), nullable=True),
        sa.Column('deadline', sa.Date(), nullable=True),
        sa.Column('reminder_wanted', sa.Boolean(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=True),
        sa.Column('raw_user_id', sa.String(length=128), nullable=True),
        sa.Column('performance', sa.String(length=16), nullable=True),
        sa.Column('performance_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('summary_dropped', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_logbook_record_day', 'logbook_record', ['case_date', 'commune_id'])
    op.create_index('ix_logbook_record_user', 'logbook_record', ['user_key', 'case_date'])
    op.create_table(
        'logbook_reminder',
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('stage', sa.String(length=8), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('record_id', 'stage'),
    )


def downgrade() -> None:
    op.drop_table('logbook_reminder')
    op.drop_index('ix_logbook_record_user', table_name='logbook_record')
    op.drop_index('ix_logbook_record_day', table_name='logbook_record')
    op.drop_table('logbook_record')
