"""sign-off time: when the supervisor made a sign-off, which decides the current level

A sign-off made offline reaches the server later than it was made, and two supervisors may sign
the same competence offline: the newest by this time counts, not the newest to arrive. Rows from
before get their arrival time, which was the moment they were made. The server default keeps the
servers of the release before (which do not set it) storing sign-offs during a rolling deploy.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 00:40:00

"""
import warnings

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'competence_signoff',
        sa.Column('signed_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=True),
    )
    op.execute('UPDATE competence_signoff SET signed_at = created_at')
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column('competence_signoff', 'signed_at', nullable=False)
        return
    # SQLite changes a column by copying the table; reflecting the tables it refers to meets
    # user_account's index on lower(username), which SQLAlchemy cannot reflect and skips (that
    # index is not copied: only competence_signoff is).
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', message='Skipped unsupported reflection', category=sa.exc.SAWarning)
        with op.batch_alter_table('competence_signoff', schema=None) as batch_op:
            batch_op.alter_column('signed_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade():
    op.drop_column('competence_signoff', 'signed_at')
