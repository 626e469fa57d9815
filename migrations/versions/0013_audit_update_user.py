"""audit log: an admin changed a person's name, role or organisation ("update_user")

The action column keeps its values in a CHECK constraint (app/models/types.py, enum_column), which
gets the new value here. SQLite changes a constraint by copying the table, which drops the
append-only trigger of 0005: it is made again right after.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 01:00:00

"""
import warnings

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

BEFORE = ('export', 'erase', 'retention_erase', 'reset_password', 'deactivate', 'activate',
          'print_qr_cards', 'withdraw_qr_cards', 'end_sessions')
AFTER = BEFORE + ('update_user',)
NAME = 'ck_audit_event_auditaction'

APPEND_ONLY_SQLITE = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only');
END;
"""


def _allow(values):
    condition = "action IN (" + ", ".join(f"'{value}'" for value in values) + ")"
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(op.f(NAME), 'audit_event', type_='check')
        op.create_check_constraint(op.f(NAME), 'audit_event', condition)
        return
    # SQLite: reflecting the tables audit_event refers to meets user_account's index on
    # lower(username), which SQLAlchemy cannot reflect and skips (only audit_event is copied).
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', message='Skipped unsupported reflection', category=sa.exc.SAWarning)
        with op.batch_alter_table('audit_event', schema=None) as batch_op:
            batch_op.drop_constraint(op.f(NAME), type_='check')
            batch_op.create_check_constraint(op.f(NAME), condition)
    op.execute("DROP TRIGGER IF EXISTS audit_event_append_only")
    op.execute(APPEND_ONLY_SQLITE)


def upgrade():
    _allow(AFTER)


def downgrade():
    # Fails while the log holds "update_user" events: the audit log is append-only.
    _allow(BEFORE)
