"""dossier covering indexes: the breakdown (agency × channel × procedure × field × locality) and
the days of receipt

Replaces ix_dossier_agency_cover (agency first, then the dates): the new index starts with the
same column, so the per-agency figures still read it in order, and it also serves the one-pass
breakdown of dashboard/cube.py (GROUP BY its first seven columns without sorting the rows).
ix_dossier_day_cover serves the figures per month (grouped per day of receipt, then summed).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_COLUMNS = ["agency_code", "channel", "procedure_code", "procedure_name", "field", "locality_code", "locality",
            "received_day", "returned_day", "due_day", "apology_issued", "deadline_exact", "due_at", "returned_at"]


_DAY_COLUMNS = ["received_day", "returned_day", "due_day", "channel", "apology_issued", "deadline_exact", "due_at",
                "returned_at"]


def upgrade() -> None:
    op.drop_index('ix_dossier_agency_cover', table_name='dossier')
    op.create_index('ix_dossier_breakdown_cover', 'dossier', _COLUMNS, unique=False)
    op.create_index('ix_dossier_day_cover', 'dossier', _DAY_COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index('ix_dossier_day_cover', table_name='dossier')
    op.drop_index('ix_dossier_breakdown_cover', table_name='dossier')
    op.create_index('ix_dossier_agency_cover', 'dossier',
                    ['agency_code', 'received_day', 'returned_day', 'due_day', 'channel', 'apology_issued',
                     'deadline_exact', 'due_at', 'returned_at'], unique=False)
