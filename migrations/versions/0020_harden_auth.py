"""generated_document.token holds the SHA-256 of the download link's token, like API tokens (issue 15): the links
issued before the upgrade keep working until they expire.

Revision ID: 0020_harden_auth
Revises: 0021_harden_delivery
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0020_harden_auth'
down_revision = '0021_harden_delivery'
branch_labels = None
depends_on = None

documents = sa.table('generated_document', sa.column('token', sa.String(64)))


def upgrade() -> None:
    conn = op.get_bind()
    for (token,) in conn.execute(sa.select(documents.c.token)).all():
        digest = hashlib.sha256(token.encode()).hexdigest()
        conn.execute(sa.update(documents).where(documents.c.token == token).values(token=digest))


def downgrade() -> None:
    pass  # a hash cannot be turned back into its token: links issued before stay unusable, as after expiry
