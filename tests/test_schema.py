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
        assert c.execute(sa.text("select version_num from alembic_version")).scalar() == "0001"
    eng.dispose()
