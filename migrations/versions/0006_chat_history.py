"""chat_turn: web-chat transcripts, restored when the page is reloaded (issue 19)

Revision ID: 0006_chat_history
Revises: 0009_training
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_chat_history'
down_revision = '0009_training'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'chat_turn',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_key', sa.String(length=64), nullable=False),
        sa.Column('sender', sa.String(length=8), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('buttons', sa.JSON(), nullable=False),
        sa.Column('link', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_chat_turn_user', 'chat_turn', ['user_key', 'id'])
    op.create_index('ix_chat_turn_created', 'chat_turn', ['created_at'])


def downgrade() -> None:
    op.drop_index('ix_chat_turn_created', table_name='chat_turn')
    op.drop_index('ix_chat_turn_user', table_name='chat_turn')
    op.drop_table('chat_turn')
