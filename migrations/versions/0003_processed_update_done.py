"""processed_update.done_at: tell an answered update from a claim whose process died mid-way

Revision ID: 0003_processed_update_done
Revises: 0002_admin_console
Create Date: 2026-11-28 01:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_processed_update_done'
down_revision = '0002_admin_console'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('processed_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('processed_update', schema=None) as batch_op:
        batch_op.drop_column('done_at')
