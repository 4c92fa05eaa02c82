"""What is kept on disk beside the Whoosh index: the fact store (SQLite)."""
