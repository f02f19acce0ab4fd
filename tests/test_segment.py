from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audits import segment as segment_module
from audits.segment import MAX_SENTENCE_CHARS, segment
from tests.counting_patterns import CountingPattern


def texts_of(text: str) -> list[str]:
    return [s.text for s in segment(text).sentences]


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Mr. Blinken met officials of the U.S. State Department at 10 a.m. on Friday. "
        "Dr. Smith and Mrs. Jones arrived later."
    )
    assert texts_of(text) == [
        "Mr. Blinken met officials of the U.S. State Department at 10 a.m. on Friday.",
        "Dr. Smith and Mrs. Jones arrived later.",
    ]


def test_ambiguous_abbreviation_before_a_sentence_opener_ends_the_sentence() -> None:
    assert texts_of("He moved to the U.S. The rest of his family stayed in Lyon.") == [
        "He moved to the U.S.",
        "The rest of his family stayed in Lyon.",
    ]


def test_initials_numbers_and_quotes() -> None:
    text = (
        'John F. Kennedy spoke first. Prices rose 3.5 percent in May. "Why?" she asked. '
        'He said: "It is over." Then he left.'
    )
    assert texts_of(text) == [
        "John F. Kennedy spoke first.",
        "Prices rose 3.5 percent in May.",
        '"Why?" she asked.',
        'He said: "It is over."',
        "Then he left.",
    ]


def test_headlines_bullets_and_dashes_from_the_seed(seed_text: str) -> None:
    sentences = texts_of(seed_text)
    assert sentences[:3] == [
        "Awani Review",
        "Complete News World",
        "Lavrov and Blinken hold their positions in Geneva",
    ]
    bullet = next(s for s in sentences if s.startswith("•"))
    assert bullet.endswith("specializes in QUB Radio:")
    assert any(s.startswith("See also") for s in sentences)
    # A dash inside a sentence does not split it, and ". ." stays with its sentence.
    assert any("seven people on each side" in s and s.endswith("bouquets. .") for s in sentences)


def test_paragraphs_are_kept(seed_text: str) -> None:
    seg = segment(seed_text)
    assert len(seg.paragraphs) == 18
    for s in seg.sentences:
        p = seg.paragraphs[s.paragraph]
        assert p.start <= s.start and s.end <= p.end


def test_hard_wrapped_prose_is_joined_but_lines_are_not() -> None:
    wrapped = (
        "The committee met on Tuesday to discuss the budget for the coming\n"
        "year and agreed that spending on roads should rise by a modest\n"
        "amount. Members also asked for a review of the bus network.\n"
    )
    assert texts_of(wrapped) == [
        "The committee met on Tuesday to discuss the budget for the coming\n"
        "year and agreed that spending on roads should rise by a modest\n"
        "amount.",
        "Members also asked for a review of the bus network.",
    ]
    lines = "Storm hits coast\nThousands without power\nSchools closed on Monday"
    assert texts_of(lines) == [
        "Storm hits coast",
        "Thousands without power",
        "Schools closed on Monday",
    ]


def test_cjk_sentence_ends_split_without_spaces() -> None:
    assert texts_of("他说了。我们走吧！") == ["他说了。", "我们走吧！"]


def test_overlong_sentence_is_cut_at_clause_boundaries() -> None:
    blob = ", ".join(f"item number {i} in a list without end" for i in range(120))
    sentences = segment(blob).sentences
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)


@pytest.mark.parametrize(
    ("opening", "closing"),
    [*[("", c) for c in ";:?!)»…"], ("„", "“"), ("‚", "‘")],
)
def test_an_overlong_stretch_is_never_cut_before_its_closing_punctuation(
    opening: str, closing: str
) -> None:
    # The window's last character is a French-spaced ';' (or a closing bracket or
    # quote): cut at the space before it, the next sentence opened with it.
    # A German closing “ or ‘ closes the „ or ‚ that opens the stretch.
    head = "word " * ((MAX_SENTENCE_CHARS - 5) // 5) + "abc " + closing
    head = opening + head[len(opening) :]
    assert len(head) == MAX_SENTENCE_CHARS
    text = head + " " + "more words here " * 30 + "end"
    pieces = [s.text for s in segment(text).sentences]
    assert len(pieces) > 1
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert not any(p[0] in ";:?!)»…“‘" for p in pieces), [p[:12] for p in pieces]
    assert sum(len(p.split()) for p in pieces) == len(text.split())


@pytest.mark.parametrize(
    "opening",
    # German quoting and elisions: » and ’ were refused as closing marks wherever they
    # stood. An English “ or ‘ opening on a figure, a bracket or a dash: they close
    # only a German „…“ or ‚…‘ quote. Each moved the cut a word back for nothing.
    [
        *("»Hallo«", "›so‹", "”Hej”", "’tis", "’90s", "“Hello”", "„Hallo“"),
        *("“$5 million”", "“(…)”", "“…", "“—", "‘(so)’"),
    ],
)
def test_an_overlong_stretch_may_be_cut_before_a_quote_mark_that_opens_words(
    opening: str,
) -> None:
    head = "word " * ((MAX_SENTENCE_CHARS - 5) // 5) + "abc " + opening
    text = head + " " + "more words here " * 30 + "end"
    pieces = [s.text for s in segment(text).sentences]
    assert pieces[0].endswith(" abc") and pieces[1].startswith(opening)
    assert sum(len(p.split()) for p in pieces) == len(text.split())


def test_a_huge_stretch_without_punctuation_is_cut_without_recursing() -> None:
    # 2,000 cuts: far more than Python's recursion limit allowed the old splitter.
    text = "word " * (MAX_SENTENCE_CHARS * 2000 // 5)
    sentences = segment(text).sentences
    assert len(sentences) >= 2000
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert sum(len(s.text.split()) for s in sentences) == len(text.split())


# Pieces of news copy that the splitter's rules look at, to be strung together in
# any order: abbreviations, initials, list markers, quotes, invisible and unusual
# spaces, line breaks of every kind, emoji, CJK punctuation.
_PIECES = [
    *"Mr. U.S. etc. i.e. No. p. G. II. 1. a. 3.5 ... … ?! ”. \" ' ( ) • -".split(),
    *"Smith asked But the".split(),
    " ",
    "  ",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\ufeff",
    "😢",
    "。",
    "？",
]


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
    | st.text(alphabet=list(" \n\t.!?…;:,\"'”“«»-–•aAbBzZ0. U.S.Mr"), max_size=300)
    | st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)
)
def test_sentences_partition_the_text(text: str) -> None:
    seg = segment(text)
    covered = [0] * len(text)
    previous_end = 0
    for i, s in enumerate(seg.sentences):
        assert s.index == i
        assert s.text == text[s.start : s.end]
        assert s.start >= previous_end
        assert s.start < s.end
        assert not s.text[0].isspace() and not s.text[-1].isspace()
        previous_end = s.end
        for k in range(s.start, s.end):
            covered[k] += 1
    for k, ch in enumerate(text):
        if not ch.isspace():
            assert covered[k] == 1, (k, ch)


def test_a_numbered_list_item_keeps_its_number() -> None:
    text = "Steps:\n1. Preheat the oven.\n2. Bake for 20 minutes\n10. Serve. Enjoy it."
    assert texts_of(text) == [
        "Steps:",
        "1. Preheat the oven.",
        "2. Bake for 20 minutes",
        "10. Serve.",
        "Enjoy it.",
    ]
    text = "II. Background\nThe war began.\nSteps:\na. Preheat the oven.\nb. Bake it."
    assert texts_of(text) == [
        "II. Background",
        "The war began.",
        "Steps:",
        "a. Preheat the oven.",
        "b. Bake it.",
    ]
    # Only a line's opening number is a list marker.
    assert texts_of("The score rose to 12. 3 teams tied.") == [
        "The score rose to 12.",
        "3 teams tied.",
    ]


def test_a_line_never_ends_in_a_sentence_without_letters_or_digits() -> None:
    # Spaced closing quotes are common in machine translation; so are trailing emoji.
    text = (
        'It burns in the hearts of people all over the world. "\n'
        "Thank you very much. 😢\n"
        "Bespalov says. -\n"
        "He said: «It is over.» »\n"
        "他说了。 ”"
    )
    assert texts_of(text) == [
        'It burns in the hearts of people all over the world. "',
        "Thank you very much. 😢",
        "Bespalov says. -",
        "He said: «It is over.» »",
        "他说了。 ”",
    ]
    # Inside a line, a symbol that opens the next sentence stays with it.
    assert texts_of("Read this. 👉 Click here.") == ["Read this.", "👉 Click here."]


def test_more_titles_and_abbreviations_before_numbers() -> None:
    text = (
        "The driver was preparing to deliver more money, Det. Dennis McCarthy wrote. "
        "Scott Pelley asked Sens. John Kennedy and Lindsey Graham. "
        "See p. 5 and pp. 10-12 of the law (Art. 12, Sec. 3). Light duration max. 10 hrs."
    )
    assert texts_of(text) == [
        "The driver was preparing to deliver more money, Det. Dennis McCarthy wrote.",
        "Scott Pelley asked Sens. John Kennedy and Lindsey Graham.",
        "See p. 5 and pp. 10-12 of the law (Art. 12, Sec. 3).",
        "Light duration max. 10 hrs.",
    ]


def test_zero_width_characters_beside_the_space_do_not_hide_a_sentence_end() -> None:
    text = "He arrived.\u200b She left. He stayed.\ufeff \u200bThen he went.\u2060 Fine."
    assert texts_of(text) == [
        "He arrived.\u200b",
        "She left.",
        "He stayed.\ufeff",
        "\u200bThen he went.\u2060",
        "Fine.",
    ]


def test_a_line_break_after_an_abbreviation_falls_inside_the_sentence() -> None:
    wrapped = (
        "The committee met on Tuesday with former president George W.\n"
        "Bush to discuss the budget for the coming year and agreed\n"
        "that spending should rise, officials of the State Dept.\n"
        "Roads Office, the Transport Board and the U.S.\n"
        "Army said after the talks on roads, bridges and tunnels in\n"
        "the region. Then they left.\n"
    )
    assert texts_of(wrapped) == [
        "The committee met on Tuesday with former president George W.\n"
        "Bush to discuss the budget for the coming year and agreed\n"
        "that spending should rise, officials of the State Dept.\n"
        "Roads Office, the Transport Board and the U.S.\n"
        "Army said after the talks on roads, bridges and tunnels in\n"
        "the region.",
        "Then they left.",
    ]
    # One line per paragraph: only where a paragraph cannot end.
    lines = (
        "The installer aborts on new hardware (i.e.\n"
        "modern hardware), it says.\n"
        "He met Mr.\n"
        "Smith on Monday.\n"
        "He enlisted on Sept.\n"
        "He was arrested later.\n"
        "He moved to the U.K.\n"
        "The rest stayed."
    )
    assert texts_of(lines) == [
        "The installer aborts on new hardware (i.e.\nmodern hardware), it says.",
        "He met Mr.\nSmith on Monday.",
        "He enlisted on Sept.",
        "He was arrested later.",
        "He moved to the U.K.",
        "The rest stayed.",
    ]


def test_a_quoted_question_or_exclamation_keeps_its_attribution() -> None:
    text = (
        "“Is it over?” Smith asked. "
        '"We will win!" President Donald Trump said, to applause. '
        "'Why?' Mr. Lee wondered. "
        "“Why?” Smith said the plan was late. "
        "It was late! Smith asked for more."
    )
    assert texts_of(text) == [
        "“Is it over?” Smith asked.",
        '"We will win!" President Donald Trump said, to applause.',
        "'Why?' Mr. Lee wondered.",
        "“Why?”",
        "Smith said the plan was late.",
        "It was late!",
        "Smith asked for more.",
    ]


def test_a_list_that_trails_off_in_etc_ends_before_a_capitalised_word() -> None:
    text = (
        "It covers police, courts, etc. Many commercial structures also joined. "
        "He bought apples, pears, etc. and went home."
    )
    assert texts_of(text) == [
        "It covers police, courts, etc.",
        "Many commercial structures also joined.",
        "He bought apples, pears, etc. and went home.",
    ]


def test_an_initial_ends_a_sentence_before_a_word_that_names_no_one() -> None:
    text = (
        "The body makes immunoglobulins A and G. But there is no decision yet. "
        "George W. Bush met J. A. Smith and Robert E. Lee. He took vitamin C. Then he slept.\n"
        "Q. Can you send my order abroad?\n"
        "A. If you are in the UK, yes."
    )
    assert texts_of(text) == [
        "The body makes immunoglobulins A and G.",
        "But there is no decision yet.",
        "George W. Bush met J. A. Smith and Robert E. Lee.",
        "He took vitamin C.",
        "Then he slept.",
        "Q. Can you send my order abroad?",
        "A. If you are in the UK, yes.",
    ]


def test_street_month_and_company_abbreviations_end_a_sentence_before_an_opener() -> None:
    text = (
        "He lives on Main St. The house is old. They met on Wall St. In the end they agreed. "
        "The deal was signed in Jan. The money came in Feb. 2021. "
        "See Smith et al. The results differ. The wall is 10 ft. The roof is higher. "
        "She joined Acme Corp. Many analysts were surprised. It was Smith Jr. Some cheered."
    )
    assert texts_of(text) == [
        "He lives on Main St.",
        "The house is old.",
        "They met on Wall St.",
        "In the end they agreed.",
        "The deal was signed in Jan.",
        "The money came in Feb. 2021.",
        "See Smith et al.",
        "The results differ.",
        "The wall is 10 ft.",
        "The roof is higher.",
        "She joined Acme Corp.",
        "Many analysts were surprised.",
        "It was Smith Jr.",
        "Some cheered.",
    ]


def test_saints_forts_and_mounts_stay_inside_their_sentence() -> None:
    # Before a name the abbreviation goes on; "Main St. John's" stays one sentence,
    # the reading that loses nothing if it was Saint John's.
    text = (
        "He visited St. John's church near Main St. John's bakery is next door. "
        "The St. Louis Cardinals won. He moved to Ft. Worth and climbed Mt. Everest. "
        "She joined Apple Inc. Chief Executive Tim Cook spoke on Oct. 5 in the U.S. Army hall."
    )
    assert texts_of(text) == [
        "He visited St. John's church near Main St. John's bakery is next door.",
        "The St. Louis Cardinals won.",
        "He moved to Ft. Worth and climbed Mt. Everest.",
        "She joined Apple Inc. Chief Executive Tim Cook spoke on Oct. 5 in the U.S. Army hall.",
    ]


def test_a_company_designator_ends_a_sentence_before_a_capitalised_subject() -> None:
    # "Corp." closes the company's name; a capitalised word and a verb after it open a
    # new sentence. A title after it, or a name in capitals, belongs to the company;
    # "Bros." goes on into the name ("Warner Bros. Discovery").
    text = (
        "The bid came from Acme Corp. Shares rose 5% on the news. "
        "It was made by Procter & Gamble Co. Investors cheered. "
        "Acme Corp. Chief Executive Jane Doe spoke. "
        "Acme Corp. President Bill Ray and Acme Inc. CEO Tim Cook met. "
        "Acme Corp. Sales Director Ann Lee agreed. "
        "He met U.S. President Joe Biden. The U.S. Army said it would help. "
        "They live in Co. Kerry near the sea. Warner Bros. Discovery said no."
    )
    assert texts_of(text) == [
        "The bid came from Acme Corp.",
        "Shares rose 5% on the news.",
        "It was made by Procter & Gamble Co.",
        "Investors cheered.",
        "Acme Corp. Chief Executive Jane Doe spoke.",
        "Acme Corp. President Bill Ray and Acme Inc. CEO Tim Cook met.",
        "Acme Corp. Sales Director Ann Lee agreed.",
        "He met U.S. President Joe Biden.",
        "The U.S. Army said it would help.",
        "They live in Co. Kerry near the sea.",
        "Warner Bros. Discovery said no.",
    ]


def test_a_clock_time_or_a_street_ends_a_sentence_before_a_capitalised_subject() -> None:
    # "p.m." closes a time and "Ave." a street's name as "Corp." closes a company's:
    # a day, a time zone or a compass point after one still belongs to it.
    text = (
        "The meeting ended at 5 p.m. Police said nobody was hurt. "
        "It starts at 8 p.m. Eastern time. The vote is at 9 a.m. Tuesday in the hall. "
        "Talks began at 3 p.m. Moscow time. "
        "The fire was on Fifth Ave. Firefighters came at 10:30 a.m. Witnesses said so. "
        "He lives at 12 Elm Rd. Neighbours said he was quiet. Walk down Fifth Ave. South "
        "to the park. The St. Louis officials met. The D.C. Council said no."
    )
    assert texts_of(text) == [
        "The meeting ended at 5 p.m.",
        "Police said nobody was hurt.",
        "It starts at 8 p.m. Eastern time.",
        "The vote is at 9 a.m. Tuesday in the hall.",
        "Talks began at 3 p.m. Moscow time.",
        "The fire was on Fifth Ave.",
        "Firefighters came at 10:30 a.m.",
        "Witnesses said so.",
        "He lives at 12 Elm Rd.",
        "Neighbours said he was quiet.",
        "Walk down Fifth Ave. South to the park.",
        "The St. Louis officials met.",
        "The D.C. Council said no.",
    ]


def test_a_day_with_an_ordinal_dot_before_a_month_stays_in_its_sentence() -> None:
    # Czech and German MT keep the day's ordinal dot: "od 13. října" -> "since 13. October".
    text = (
        "It is the lowest daily count since 13. October. The fair runs from 3. March to "
        "5. April in Brno. The meeting on Friday, 13. October, was short. He was born on "
        "1. January 1990."
    )
    assert texts_of(text) == [
        "It is the lowest daily count since 13. October.",
        "The fair runs from 3. March to 5. April in Brno.",
        "The meeting on Friday, 13. October, was short.",
        "He was born on 1. January 1990.",
    ]


def test_a_number_that_ends_a_sentence_before_a_month_still_ends_it() -> None:
    text = (
        "The score was 2-1. October was a good month. They finished 3. March saw a "
        "recovery. They won 3 to 1. May I add that it was deserved?\n1. January: sales rose."
    )
    assert texts_of(text) == [
        "The score was 2-1.",
        "October was a good month.",
        "They finished 3.",
        "March saw a recovery.",
        "They won 3 to 1.",
        "May I add that it was deserved?",
        "1. January: sales rose.",
    ]


def test_an_ordinal_dot_after_a_determiner_or_a_date_lead_stays_in_its_sentence() -> None:
    # German MT: "sein 60. Weltcupsieg", "ab 1. Mai", "bis 1. Mai", "der 1. Mai".
    text = (
        "He celebrated his 60. World Cup victory. As of 1. May the rules apply. By 1. "
        "May the ministry must decide. Starting 1. July all tenants pay more. The 1. May "
        "demonstrations were calm. They won by 3. March was good. He took the 405. "
        "Traffic was bad."
    )
    assert texts_of(text) == [
        "He celebrated his 60. World Cup victory.",
        "As of 1. May the rules apply.",
        "By 1. May the ministry must decide.",
        "Starting 1. July all tenants pay more.",
        "The 1. May demonstrations were calm.",
        "They won by 3.",
        "March was good.",
        "He took the 405.",
        "Traffic was bad.",
    ]


def test_german_number_abbreviations_end_a_sentence_only_before_an_opener() -> None:
    text = "The costs are 1,2 Mrd. Euro. The damage is 25 Mio. The firm will pay 3 Mio. euros."
    assert texts_of(text) == [
        "The costs are 1,2 Mrd. Euro.",
        "The damage is 25 Mio.",
        "The firm will pay 3 Mio. euros.",
    ]


def test_a_date_in_spaced_ordinal_numbers_stays_in_its_sentence() -> None:
    text = "The works started on 1. 4. 2022. They end in 2029. Read parts 1. 4. Then stop."
    assert texts_of(text) == [
        "The works started on 1. 4. 2022.",
        "They end in 2029.",
        "Read parts 1.",
        "4.",
        "Then stop.",
    ]


def test_clubs_and_leagues_named_with_an_ordinal_dot_stay_in_their_sentence() -> None:
    text = (
        "Hoffenheim beat 1. FC Köln on Saturday. The 2. Bundesliga resumes on Friday. "
        "The score was 3-1. FC Barcelona lost too."
    )
    assert texts_of(text) == [
        "Hoffenheim beat 1. FC Köln on Saturday.",
        "The 2. Bundesliga resumes on Friday.",
        "The score was 3-1.",
        "FC Barcelona lost too.",
    ]


def test_circa_born_died_rupees_and_weekdays_before_a_number_end_no_sentence() -> None:
    text = (
        "The church was built c. 1450 and restored ca. 1890. Smith (b. 1950, d. 2001) "
        "paid Rs. 500 for it. See Eq. 2 in ed. 3. The talks are on Wed. 5 June. "
        "We lay in the sun. 10 people fainted."
    )
    assert texts_of(text) == [
        "The church was built c. 1450 and restored ca. 1890.",
        "Smith (b. 1950, d. 2001) paid Rs. 500 for it.",
        "See Eq. 2 in ed. 3.",
        "The talks are on Wed. 5 June.",
        "We lay in the sun.",
        "10 people fainted.",
    ]


def test_a_time_zone_in_capitals_ends_its_sentence() -> None:
    text = "The race starts at 10 a.m. EST. Runners gather at 9. It was est. 1850 by Smith."
    assert texts_of(text) == [
        "The race starts at 10 a.m. EST.",
        "Runners gather at 9.",
        "It was est. 1850 by Smith.",
    ]


def test_titles_of_indian_nigerian_and_canadian_english_stay_inside_their_sentence() -> None:
    text = (
        '"The roads are bad," said corporator Smt. Sunita Pawar. '
        "Coun. Lindell Smith, who represents the area, backed it. "
        "Engr. Musa Ibrahim and Barr. Festus Okoye met Fr. John Doyle and Kum. Priya Rao."
    )
    assert texts_of(text) == [
        '"The roads are bad," said corporator Smt. Sunita Pawar.',
        "Coun. Lindell Smith, who represents the area, backed it.",
        "Engr. Musa Ibrahim and Barr. Festus Okoye met Fr. John Doyle and Kum. Priya Rao.",
    ]


def test_academic_ranks_before_a_title_stay_inside_their_sentence() -> None:
    text = (
        "Lead author Assoc. Prof. Mei Lin Ong said the test was cheap. "
        '"It works," said Asst. Prof. Rahul Menon.'
    )
    assert texts_of(text) == [
        "Lead author Assoc. Prof. Mei Lin Ong said the test was cheap.",
        '"It works," said Asst. Prof. Rahul Menon.',
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The contract went to Smith & Assoc. The firm said it would start work in May.",
        "He hired Jones & Asst. Their bill came to $400.",
        "She was promoted to Assoc. It was her tenth year at the school.",
    ],
)
def test_academic_ranks_after_an_ampersand_or_before_an_opener_end_the_sentence(
    text: str,
) -> None:
    assert len(texts_of(text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "The study was led by Prof. Lim & Assoc. Prof. Tan Wei Ming of the university.",
        "Smith & Assoc. Inc. announced the deal on Monday.",
        "The firm Smith & Assoc. LLP was fined for the breach.",
    ],
)
def test_a_title_or_a_firms_suffix_after_an_ampersands_rank_goes_on(text: str) -> None:
    assert texts_of(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "The contract went to Smith & Assoc. Lawyers for the firm declined to comment.",
        "The audit was done by Lee & Assoc. Mr. Lee said the books were clean.",
        "The audit was done by Tan & Assoc. Dr. Tan declined to comment.",
    ],
)
def test_a_person_or_a_plural_after_an_ampersands_rank_opens_a_sentence(text: str) -> None:
    assert len(texts_of(text)) == 2


def test_especially_and_including_run_on() -> None:
    text = "Thanks again everyone, esp. @radiatorrob for the tip. Prices incl. VAT and delivery."
    assert texts_of(text) == [
        "Thanks again everyone, esp. @radiatorrob for the tip.",
        "Prices incl. VAT and delivery.",
    ]


def test_a_us_dateline_with_a_state_abbreviation_is_no_sentence_of_its_own() -> None:
    text = (
        "MADISON, Wis. — Starting next fall, students will sleep in a little longer.\n\n"
        "She moved to Madison, Wis. Then she found work. He lives in Fresno, Calif. "
        "Police said he was safe."
    )
    assert texts_of(text) == [
        "MADISON, Wis. — Starting next fall, students will sleep in a little longer.",
        "She moved to Madison, Wis.",
        "Then she found work.",
        "He lives in Fresno, Calif.",
        "Police said he was safe.",
    ]


def test_an_acronym_that_spells_a_state_still_ends_its_sentence() -> None:
    # "VA" (Veterans Affairs) is no state abbreviation: "Va." is left out on purpose.
    assert texts_of("He was treated at the VA. Doctors said he was fine.") == [
        "He was treated at the VA.",
        "Doctors said he was fine.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # German „…“ and German or Danish »…« close with “ and «: a quoted sentence
        # ending in one ran on into the next.
        (
            "He said: „Wir kommen.“ Then he left.",
            ["He said: „Wir kommen.“", "Then he left."],
        ),
        ("She wrote: »Vi kommer.« Then she left.", ["She wrote: »Vi kommer.«", "Then she left."]),
        # And their single quotes: German ‚…‘, Danish ›…‹, French ‹…›.
        ("He said: ‚Wir kommen.‘ Then he left.", ["He said: ‚Wir kommen.‘", "Then he left."]),
        ("She wrote: ›Vi kommer.‹ Then she left.", ["She wrote: ›Vi kommer.‹", "Then she left."]),
        ("Il a dit ‹Nous venons.› Then he left.", ["Il a dit ‹Nous venons.›", "Then he left."]),
        ("He said ‘Stop.’ Then he left.", ["He said ‘Stop.’", "Then he left."]),
        ("Er fragte: „Kommst du?“ Ja, sagte sie.", ["Er fragte: „Kommst du?“", "Ja, sagte sie."]),
        # Who said it, right after it, is still the same sentence.
        ("„Warum?“ Smith asked. Then he left.", ["„Warum?“ Smith asked.", "Then he left."]),
        ("»Hvorfor?« Smith asked. Then he left.", ["»Hvorfor?« Smith asked.", "Then he left."]),
        # A closing quote before a lower-case word ends nothing.
        ("He said „so.“ and left.", ["He said „so.“ and left."]),
        # English “…” and the German »Hallo« are read as before.
        ("He said: “We are coming.” Then he left.", ["He said: “We are coming.”", "Then he left."]),
        ("He said. “Next one,” she said.", ["He said.", "“Next one,” she said."]),
        ("He said »Hallo« and left. Then he went.", ["He said »Hallo« and left.", "Then he went."]),
        # A German quote may hold several sentences; a French « … » leaves no Danish
        # quote open for a later « to close.
        (
            "„Wir kommen. Wir gehen.“ Dann ging er.",
            ["„Wir kommen.", "Wir gehen.“", "Dann ging er."],
        ),
        (
            "Er sagte: „Sie rief »Halt.«“ Dann ging er.",
            ["Er sagte: „Sie rief »Halt.«“", "Dann ging er."],
        ),
        ("Il a dit « oui ». Puis.« Non », dit-il.", ["Il a dit « oui ».", "Puis.« Non », dit-il."]),
        # English and French quotes opening right after a full stop (MT glues them)
        # open: no quote of their own kind is open for them to close.
        ("He left.“ Why would he?” she asked.", ["He left.“ Why would he?” she asked."]),
        ("Prices rose 5%.“ The rest”, he said.", ["Prices rose 5%.“ The rest”, he said."]),
        ("He said.‘ Then he left.", ["He said.‘ Then he left."]),
        # Polish, Dutch, Hungarian and Romanian „…” close with ”: no German quote is
        # left open for an English “ glued to a later stop.
        (
            "Polish „cytat” here. He left.“ Why would he?” she asked.",
            ["Polish „cytat” here.", "He left.“ Why would he?” she asked."],
        ),
        (
            "Il a dit.« Bonjour ! » Puis il est parti.",
            ["Il a dit.« Bonjour !", "» Puis il est parti."],
        ),
        ("He said.‹ Then he left.", ["He said.‹ Then he left."]),
        ("He said.› Then he left.", ["He said.› Then he left."]),
        # A » or › between spaces is a breadcrumb's separator, no Danish quote for a
        # later « or ‹ glued to a stop to close.
        (
            "Home » News. He said.« Then he left.",
            ["Home » News.", "He said.« Then he left."],
        ),
        ("Home › News. He said.‹ Then he left.", ["Home › News.", "He said.‹ Then he left."]),
        # MT types an English closing quote as a second opening one: it closes the
        # quote the first left open, and the quoted sentence ends with it.
        (
            "She said “Go home.“ Then she left.",
            ["She said “Go home.“", "Then she left."],
        ),
        (
            "“Go home.“ Then she left.“ Why?” he asked.",
            ["“Go home.“", "Then she left.“ Why?” he asked."],
        ),
        # After 。 a “ opens the next sentence: Chinese quotes are “…”.
        ("他说。“我们来。”然后走了。", ["他说。", "“我们来。”", "然后走了。"]),
    ],
)
def test_german_and_danish_closing_quotes_end_the_quoted_sentence(
    text: str, expected: list[str]
) -> None:
    assert [s.text for s in segment(text).sentences] == expected


def test_cutting_a_long_stretch_reads_its_quotes_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each cut point before a “ re-read the stretch's quotes from its start, so a
    # paragraph of such points took time growing with its square (240 KB: 2 s, 1 MB
    # about 35 s). The characters the quote search covers are counted, not timed: read
    # once they come to about twice the text; read again per cut point, these 30 KB
    # came to 33 times it, and the count grows with the square of the text.
    counter = CountingPattern(segment_module._QUOTE_MARK)
    monkeypatch.setattr(segment_module, "_QUOTE_MARK", counter)
    text = "„ " + "“$ " * 10_000
    assert len(segment(text).sentences) > 10_000 * 3 // MAX_SENTENCE_CHARS
    assert 0 < counter.read < 4 * len(text)
