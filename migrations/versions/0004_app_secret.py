"""app_secret: secrets every replica must share (the pseudonymous user-key salt)

Revision ID: 0004_app_secret
Revises: 0003_processed_update_done
"""
import sqlalchemy as sa
from alembic import op

revision = '0004_app_secret'
down_revision = '0003_processed_update_done'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'app_secret',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('app_secret')
