"""processed_update.sent: messages of an answer already sent, so a take-over after a crash does not answer twice
(issue 15)

Revision ID: 0021_harden_delivery
Revises: 0012_logbook_roles
"""
import sqlalchemy as sa
from alembic import op

revision = '0021_harden_delivery'
down_revision = '0012_logbook_roles'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('processed_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('processed_update', schema=None) as batch_op:
        batch_op.drop_column('sent')
