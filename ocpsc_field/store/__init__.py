"""The local, encrypted store: profiles, schema, migrations, repositories, the change journal."""
