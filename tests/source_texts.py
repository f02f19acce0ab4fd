"""English texts about Spanish and Czech people, for the source-language tests."""

# A Madrid restaurant review written in English: Spanish names with acute accents
# ("Martínez", "Sánchez", "Lucía"), no translation at all.
SPANISH_NAMES = (
    "A Madrid kitchen where the grandmother still rules\n\n"
    "The restaurant sits on a narrow street behind the Plaza Mayor, and from the outside "
    "it looks like nothing much: a green door, a menu written in chalk, a handful of "
    "tables on the pavement. Inside, however, José Martínez has been cooking the same "
    "dishes for thirty years, and the queue on a Saturday night runs halfway to the "
    "corner.\n\n"
    "Martínez learned to cook from his grandmother, María Sánchez, who ran a tavern in a "
    "village outside Ávila. Her photograph hangs above the bar, and her recipes, he says,"
    " are the only ones he trusts. The cocido, a slow stew of chickpeas, meat and "
    "vegetables, is served in three courses, as it would be at a family lunch. The "
    "croquetas are small, crisp and almost liquid inside.\n\n"
    "His daughter, Lucía, runs the dining room with brisk efficiency. She is the one who "
    "decided, a few years ago, to add a short list of natural wines from Galicia and the "
    "Basque country, a change her father grumbled about and now boasts of. The sommelier,"
    " Andrés Gómez, is happy to talk about them at length.\n\n"
    "Regulars include actors from the nearby theatres and a surprising number of tourists"
    ' who have read about the place online. Martínez says he does not mind. "A full table'
    ' is a full table," he told me, wiping his hands on his apron. His only rule is that '
    "nobody asks him to change the menu.\n\n"
    "Dinner for two with wine costs about sixty euros. Bookings are taken by phone only, "
    "and the restaurant closes for the whole of August, when the family goes back to the "
    "village."
)

# An English report from Prague whose Czech names carry acute accents but no háček
# ("Václav", "Jaromír Procházka", "Zátopek", "Jágr", "Králové", "Bláhová").
CZECH_NAMES = (
    "Havel's legacy thirty years on\n\n"
    "Thirty years after the Velvet Revolution, Václav Havel remains the most quoted Czech"
    " of the twentieth century. At a ceremony in Prague on Sunday, the former dissident "
    "Jaromír Procházka recalled how the playwright had spent the winter of 1989 in a "
    "smoky room at the Laterna Magika theatre, drafting speeches on a borrowed "
    "typewriter.\n\n"
    "The event also honoured the runner Emil Zátopek and the hockey player Jaromír Jágr, "
    "whose portraits hung beside Havel's in the foyer. The historian Karel Navrátil told "
    "the audience that Havel had understood sport as a kind of freedom.\n\n"
    '"He never wanted to be a politician," said Procházka, now eighty-one. "He wanted to '
    'write plays. History did not ask him."\n\n'
    "Students from Tábor and Hradec Králové read from Havel's letters to his wife Olga, "
    "written from prison. The organisers, led by the journalist Petra Bláhová, said they "
    "hoped to take the exhibition to Brno and Ostrava next year.\n\n"
    "The mayor of Prague closed the ceremony by laying flowers at the plaque on Národní "
    "street, where students were beaten by police on 17 November 1989. Several hundred "
    "people then walked to Wenceslas Square, carrying candles and singing.\n\n"
    "Many of the young people in the crowd were born long after the revolution. For them,"
    " Havel is a face on posters and a name on the airport, but several said they had "
    "come because they worried about the state of democracy in Europe today."
)

# An English report of a minister's tour naming places and people whose acute accents
# are Icelandic ("Reykjavík", "Húsavík"), Hungarian ("Réka Székely", "Békés") and French
# ("Pékin"): none is Czech.
ACUTE_NAMES_NOT_CZECH = (
    "The minister began his tour in Reykjavík, where Icelandic officials talked about "
    "fishing quotas, and flew on to Húsavík to see the whale-watching fleet. In Budapest "
    "he met the historian Réka Székely, who studies the villages of Békés county. At "
    "dinner a Chinese diplomat joked that in the French archives the capital is still "
    "Pékin. The minister said the trip had taught him more than a month of briefings in "
    "Brussels, and his staff agreed that the long days had been worth it. Critics at home "
    "said he had spent more time on aircraft than in parliament this autumn, and that the "
    "tour had produced no agreement of any kind."
)

# The same tour in Iceland's north and west fjords: every accented name ends in "-vík",
# "bay", after letters other than "-a-" ("Dalvík", "Ólafsvík", "Bolungarvík", "Njarðvík").
ICELANDIC_BAYS = (
    "The minister began his tour in the north of Iceland, where officials in Dalvík "
    "talked about fishing quotas, and drove on to Ólafsvík to see the harbour. In the "
    "west fjords he visited Bolungarvík and met fishermen from Njarðvík who had sailed up"
    " for the meeting. The minister said the trip had taught him more than a month of "
    "briefings in Brussels, and his staff agreed that the long days had been worth it. "
    "Critics at home said he had spent more time on aircraft than in parliament this "
    "autumn, and that the tour had produced no agreement of any kind."
)
