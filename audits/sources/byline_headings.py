"""Headings and sentences that open as a byline does: "By Popular Demand", "By The
Numbers", "By Land and Sea", "By All Means". After "By", a byline names people, a desk
or an outlet; these go on in common English words, which no list of given names
holds either, so the shape of a name alone ("By Haley Ott") cannot tell them apart.
The idiom they open with can, where all their words are common ones: a writer's
surname, or an unlisted given name, is rarely a common word.
"""

from __future__ import annotations

from audits.sources.name_words import is_given_name, is_news_word

# How common English words must be to make a heading, not a person's name the
# given-name list lacks: its first word so common ("Missing", "Clear", "Key", "How";
# not "Ludovic", "Saul", "Haley") and no given name, the rest common too ("Persons",
# "Findings"; a surname is not: "Will Dunham" is a name).
_COMMON_FIRST_ZIPF = 4.5
_COMMON_WORD_ZIPF = 4.0
# Common English words that are given names too, which the given-name list lacks or
# may: "Reporting: Will Green", "Reporting: Hope Long", "Reporting: Young Kim" are
# credits, no headings.
WORD_GIVEN_NAMES = frozenset(
    "Will Hope Rich Young Summer Faith Grace Joy Rose Mark Bill Guy Dawn April May June"
    " Pat Sue Ray Art Chase Drew Frank Grant Jack Rob Don Jean Glen Iris Ivy Holly"
    " Heather Daisy Penny Victor Dean Earl Sky Autumn Sunny Honor Noble Wade".split()
)
# The words that open the idioms a heading or a sentence makes with "By" ("By
# Popular Demand", "By All Means", "By Land and Sea", "By Word of Mouth", "By Way of
# Explanation"). Only these: an organisation's name is common words too ("By Friends
# of the Earth", "By Human Rights Watch", "By Save the Children" are bylines), and so
# may a writer's be ("By Guest Williams", "By Chance Brown"). No word that opens an
# organisation's name as often: "Public" ("Public Health England"), "Royal" ("Royal
# Society"), "Common" ("Common Dreams"), "Special" ("Special Olympics").
_HEADING_OPENERS = frozenset(
    "Popular All Any Land Air Sea Rail Road Train Car Word Way Virtue Order Design"
    " Default Request Invitation Many Most Every Far Night Hand Heart Accident Nature"
    " Definition Comparison Contrast Degrees Example Choice Mistake Force Proxy Hook"
    " Numbers Leaps Trial".split()
)
# Outlets named so, as a syndicated story's byline names them.
_OPENER_OUTLETS = frozenset({"popular science", "popular mechanics", "popular information"})
# "The" and one word opens a heading ("By The Numbers", "By The Book", "By The Way")
# unless the word names an outlet alone ("By The Conversation", "By The Hill").
_THE_OUTLETS = frozenset(
    "Conversation Local Hill Atlantic Nation Week Age Print National Australian"
    " Information Athletic Cut Root Spectator Verge Intercept Forward Tablet Lancet"
    " Onion Hindu Scotsman Bulwark Ringer People".split()
)


def reads_as_heading(names: list[str]) -> bool:
    """Whether the ``names`` a line opening with "By" gives as its writers are a
    heading's words: two words or more, all common English words, no word a news
    outlet's, a desk's or a writer's post ("Our Correspondent"), opening as an idiom
    with "By" does ("Popular Demand", "All Means", "Land" and "Sea"), or "The" and one
    word that names no outlet ("The Numbers"; not "The Hill"). One word alone ("By
    Reuters", "By Agencies", "By Design") is left as it is: an agency's name is
    often a common word. The caller rules out names that read as people's."""
    words = [w.strip(".,;:") for name in names for w in name.split()]
    if len(words) < 2 or any(map(is_news_word, words)):
        return False
    first = words[0].title() if words[0].isupper() else words[0]
    if first == "The":
        the_heading = len(words) == 2 and words[1].title() not in _THE_OUTLETS
        return the_heading and opens_with_word(" ".join(words))
    return (
        first in _HEADING_OPENERS
        and " ".join(words).casefold() not in _OPENER_OUTLETS
        and opens_with_word(" ".join(words))
    )


def opens_with_word(names: str) -> bool:
    """Whether ``names`` are common English words, the first no given name ("Missing
    Persons"; not "Ludovic Marin", "Mark Heinrich", "Will Dunham" nor "Will Green",
    whose words are all common)."""
    from audits.features.text import zipf  # wordfreq loads in a third of a second

    words = [w.strip(".,;:") for w in names.split()]
    first = words[0]
    return (
        len(first) > 1
        and not is_given_name(first := first.title() if first.isupper() else first)
        and first not in WORD_GIVEN_NAMES
        and zipf(first.lower()) >= _COMMON_FIRST_ZIPF
        and all(zipf(w.lower()) >= _COMMON_WORD_ZIPF for w in words[1:] if w)
    )
