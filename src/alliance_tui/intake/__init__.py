"""Bringing articles into a corpus folder from where they are published (`add`).

fetch     polite HTTP: robots.txt, a pace per host, timeouts, size and redirect caps
feeds     the items of an RSS or Atom feed
pages     a web page's main text, title, date and publisher
shelf     what the corpus folder holds, file names, writing an article file
adding    sources to articles: opening each source, placing each article
"""

from alliance_tui.intake.adding import AddOutcome, AddReport, add_sources, split_sources
from alliance_tui.intake.fetch import FetchSettings

__all__ = ["AddOutcome", "AddReport", "FetchSettings", "add_sources", "split_sources"]
