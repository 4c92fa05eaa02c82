"""Where articles are kept: a Whoosh index for the text and a fact store (SQLite) for
the figures, in one index folder, brought up to date together and read together.

    folder     the folder's layout, its errors, opening its Whoosh index
    index      bringing a folder up to date with a corpus (and repairing it)
    workers    reading and extracting changed files, in a pool when there are many
    facts      the fact store; rows: how facts and records are laid out in it
    schema     the Whoosh schema and document of an article
    library    reading a folder: articles, facts, a searcher
    fresh      reading a folder while another process checks it against the corpus
    search     the query language, bounded, and snippets; fact_query: fields about
               figures answered by the fact store; ranking: fast BM25F over blocks
"""

from alliance_tui.store.folder import CURRENT, LOCK, IndexBusy, IndexDamaged, LibraryClosed
from alliance_tui.store.index import Progress, update_index
from alliance_tui.store.library import Library

__all__ = [
    "CURRENT",
    "LOCK",
    "IndexBusy",
    "IndexDamaged",
    "Library",
    "LibraryClosed",
    "Progress",
    "update_index",
]
