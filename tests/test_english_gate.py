"""Documents that are not English at all are refused with the language they are in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audits import AuditConfig, Document, audit_document
from audits.english_gate import not_english
from cli.app import app

FRENCH = (
    "Le ministre des Affaires étrangères a déclaré vendredi que les négociations "
    "reprendraient la semaine prochaine à Genève. Selon plusieurs sources diplomatiques, "
    "les deux délégations se sont quittées sans accord, mais elles ont convenu de se revoir "
    "rapidement. « Nous avons fait des progrès », a-t-il affirmé devant les journalistes."
)
CHINESE = (
    "外交部长周五表示，谈判将于下周在日内瓦恢复。据几位外交官说，两国代表团未能达成协议，"
    "但同意尽快再次会面。他在新闻发布厅对记者说：我们取得了进展。"
)
ENGLISH = (
    "The foreign minister said on Friday that the negotiations would resume next week in "
    "Geneva. According to several diplomats, the two delegations parted without an agreement "
    "but agreed to meet again soon. He told reporters that progress had been made."
)
# Few common English words, but English: it must never be refused.
SCORES = (
    "Premier League results, Saturday: Manchester United 2 Chelsea 1; Arsenal 3 Everton 0; "
    "Liverpool 1 Tottenham Hotspur 1; Newcastle United 0 Aston Villa 2; Brighton 4 Fulham 2; "
    "West Ham United 1 Wolverhampton Wanderers 1; Crystal Palace 0 Brentford 0; Nottingham "
    "Forest 2 Bournemouth 3."
)


@pytest.mark.parametrize(("text", "language"), [(FRENCH, "French (fr)"), (CHINESE, "Chinese (zh)")])
def test_a_foreign_article_is_refused_with_its_language(text: str, language: str) -> None:
    audit = audit_document(Document(id="x", text=text, source="x.txt"), AuditConfig(lm=False))
    assert audit.status == "error" and audit.verdict is None
    reason = f"not English: the text reads as {language}, and mtaudit audits English text"
    assert audit.error == reason


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH,
        SCORES,
        # Short: one quoted foreign sentence in an English line is residue, not a language.
        "Farmers blocked roads on Monday. Die Bundesregierung hat am Montag neue Maßnahmen "
        "beschlossen. Talks resume on Friday.",
        # Half French: audited, and the untranslated sentences are findings (L401).
        ENGLISH + " " + FRENCH,
        # langdetect reads a list of French names as French; it is not French prose.
        "Cast: Jean Dupont, Marie Curie, Pierre Martin, Sophie Bernard, Luc Moreau, Claire "
        "Lefèvre, Antoine Girard, Julie Roux, Nicolas Fournier, Camille Mercier, Thomas "
        "Lambert, Élodie Bonnet, Hugo Garnier, Léa Chevalier, Paul Rousseau",
    ],
)
def test_english_texts_are_audited(text: str) -> None:
    assert not_english(text) is None
    audit = audit_document(Document(id="x", text=text, source="x.txt"), AuditConfig(lm=False))
    assert audit.ok


def test_the_rest_of_a_feed_is_audited_and_the_gate_fails_closed(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    records = [{"id": "en", "text": ENGLISH}, {"id": "fr", "text": FRENCH}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = runner.invoke(app, ["audit", "--no-lm", "--isolated", "-f", "json", str(path)])
    assert result.exit_code == 2  # an input that could not be audited, as for unreadable ones
    docs = {d["id"]: d for d in json.loads(result.stdout)["documents"]}
    assert docs["en"]["status"] == "ok"
    assert docs["fr"]["status"] == "error" and "French (fr)" in docs["fr"]["error"]


def test_every_language_langdetect_names_has_an_english_name() -> None:
    # "not English: the text reads as af (af)" named no language; reports said "sv (sv)".
    import langdetect

    from audits.datafiles import language_name
    from audits.language_id import LANGDETECT_CODES
    from audits.reports.labels import language_name as shown

    profiles = Path(langdetect.__file__).parent / "profiles"
    codes = {LANGDETECT_CODES.get(p.name, p.name) for p in profiles.iterdir()}
    assert len(codes) > 50
    assert {code for code in codes if language_name(code, None) is None} == set()
    assert shown("sv") == "Swedish (sv)" and shown("af") == "Afrikaans (af)"
