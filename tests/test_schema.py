import sqlalchemy as sa

from data_loaders.schema import Base


def test_migrations_create_every_table(engine):
    names = set(sa.inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= names
    assert "alembic_version" in names


def test_migrations_are_idempotent(db_url):
    from data_loaders.db import make_engine

    make_engine(db_url).dispose()
    eng = make_engine(db_url)  # second upgrade: nothing to do, no error
    with eng.connect() as c:
        assert c.execute(sa.text("select version_num from alembic_version")).scalar() == _head()
    eng.dispose()


def _config():
    from alembic.config import Config

    from data_loaders.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def _index_names(conn) -> set[str]:
    if conn.dialect.name == "sqlite":
        return set(conn.execute(sa.text("select name from sqlite_master where type = 'index' "
                                        "and tbl_name = 'dossier'")).scalars())
    return set(conn.execute(sa.text("select indexname from pg_indexes where tablename = 'dossier'")).scalars())


def test_a_database_made_by_0001_is_brought_to_the_breakdown_index(db_url):
    """0002 replaces the agency covering index by the breakdown one on an existing database,
    records kept; downgrading restores the old index."""
    from alembic import command

    from data_loaders.db import make_engine

    eng = make_engine(db_url, migrate=False)
    cfg = _config()
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(sa.text("insert into dossier (dossier_id, agency_code, received_at, received_day, row_hash, "
                             "first_batch_id, batch_id, source_profile, deadline_exact) values ('D1', 'A', "
                             "'2026-01-02 08:00:00', '2026-01-02', 1, 1, 1, 'test', false)"))
        assert "ix_dossier_agency_cover" in _index_names(conn)
    eng.dispose()
    eng = make_engine(db_url)  # upgrades to head
    with eng.connect() as conn:
        names = _index_names(conn)
        assert {"ix_dossier_breakdown_cover", "ix_dossier_day_cover"} <= names
        assert "ix_dossier_agency_cover" not in names
        assert conn.execute(sa.text("select count(*) from dossier")).scalar() == 1
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
        names = _index_names(conn)
        assert "ix_dossier_agency_cover" in names
        assert not {"ix_dossier_breakdown_cover", "ix_dossier_day_cover"} & names
    eng.dispose()
