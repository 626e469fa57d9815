"""counted figures: the evaluation's figures, kept for a while once counted (app/evaluation/cache.py)

A new table only: the servers of the release before never read it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 03:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'counted_figures',
        sa.Column('key', sa.String(length=160), nullable=False),
        sa.Column('counted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_counted_figures')),
    )
    op.create_index(op.f('ix_counted_figures_counted_at'), 'counted_figures', ['counted_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_counted_figures_counted_at'), table_name='counted_figures')
    op.drop_table('counted_figures')
