"""media blobs: uploaded files in the database (MEDIA_STORAGE=database)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 19:30:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'media_blob',
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('content_type', sa.String(length=60), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_media_blob')),
    )


def downgrade():
    op.drop_table('media_blob')
