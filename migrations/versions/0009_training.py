"""training: places, quiz attempts and reviews, daily question, contests

Revision ID: 0009_training
Revises: 0008_voice
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009_training'
down_revision = '0008_voice'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seconds_per_question', sa.Integer(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('contest_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('shown_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('choice', sa.Integer(), nullable=True),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entry_id', 'item_id')
    )
    with op.batch_alter_table('contest_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contest_answer_entry_id'), ['entry_id'], unique=False)

    op.create_table('contest_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('user_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contest_id', 'user_key')
    )
    with op.batch_alter_table('contest_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contest_entry_contest_id'), ['contest_id'], unique=False)

    op.create_table('daily_send',
    sa.Column('user_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('user_key', 'day')
    )
    op.create_table('daily_subscription',
    sa.Column('user_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('raw_user_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('hour', sa.Integer(), nullable=False),
    sa.Column('minute', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_key')
    )
    op.create_table('quiz_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempt_user', ['user_key', 'created_at'], unique=False)

    op.create_table('quiz_review',
    sa.Column('user_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('returns', sa.Integer(), nullable=False),
    sa.Column('rights', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_key', 'item_id')
    )
    op.create_table('quiz_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('questions', sa.Integer(), nullable=False),
    sa.Column('right', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quiz_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_round_user_key'), ['user_key'], unique=False)

    op.create_table('user_place',
    sa.Column('user_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('commune_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('village', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_key')
    )
    with op.batch_alter_table('user_place', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_place_commune_id'), ['commune_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('user_place', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_place_commune_id'))

    op.drop_table('user_place')
    with op.batch_alter_table('quiz_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_round_user_key'))

    op.drop_table('quiz_round')
    op.drop_table('quiz_review')
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempt_user')

    op.drop_table('quiz_attempt')
    op.drop_table('daily_subscription')
    op.drop_table('daily_send')
    with op.batch_alter_table('contest_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contest_entry_contest_id'))

    op.drop_table('contest_entry')
    with op.batch_alter_table('contest_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contest_answer_entry_id'))

    op.drop_table('contest_answer')
    op.drop_table('contest')
