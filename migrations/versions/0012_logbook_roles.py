"""logbook roles: a leader's team and a staff account's communes on app_user (issue 18)

Revision ID: 0012_logbook_roles
Revises: 0010_logbook
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_logbook_roles'
down_revision = '0010_logbook'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user') as batch:
        batch.add_column(sa.Column('team_commune', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('team_village', sa.String(length=120), nullable=True))
        batch.add_column(sa.Column('communes', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('app_user') as batch:
        batch.drop_column('communes')
        batch.drop_column('team_village')
        batch.drop_column('team_commune')
