"""A parsed page made ready for trafilatura: what no reader sees is removed first.

trafilatura scores blocks for boilerplate but reads hidden ones like any other:
a ``<template>``'s promo, a paragraph marked ``hidden``, a ``display:none``
keyword list (content farms stuff them for search engines) all reached the
audit as article prose. The fragment reader (feeds) never let them through;
pages now follow the same rule (``fragment.is_hidden``).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from audits.sources.fragment import is_hidden

# Elements whose content is never displayed in place (trafilatura drops <noscript>
# and scripts itself; a <template> it reads as ordinary content).
_NEVER_SHOWN = frozenset({"template"})
# Never dropped: anti-flicker snippets hide the whole <body> until a script has run.
_ROOTS = frozenset({"html", "body"})


def drop_hidden(tree: HtmlElement) -> None:
    """Remove hidden elements and templates with their content (their tails stay)."""
    doomed = [
        element
        for element in tree.iter()
        if isinstance(element.tag, str)
        and element.tag not in _ROOTS
        and (element.tag in _NEVER_SHOWN or is_hidden(element.attrib.items()))
    ]
    for element in doomed:  # one inside another goes with it; dropping it too is harmless
        if element.getparent() is not None:
            element.drop_tree()
