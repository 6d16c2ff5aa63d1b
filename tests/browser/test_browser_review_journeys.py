"""More of the users' journeys through the real app in Chromium, with axe-core on every page
and a screenshot of every step (test-artifacts/screenshots/): a practice lead downloads a
Word report; an Ambassador reviews a pack, marks an unclear word and sends the pack; QA
accepts that word for the word list and sees it flagged on the language page at once.

This file runs after the other browser tests (pytest takes files in name order), so the
word accepted here is flagged only for what follows it in this file."""
from __future__ import annotations

import re

import docx

PACK = "Browser review pack"
RECORD = "demo-003"


def test_practice_lead_downloads_the_planning_report_as_word(page, server, sign_in, shoot, axe, tmp_path):
    sign_in(page, "practice_lead")
    page.goto(server("/reports/view?theme=planning&date_from=2019-09&date_to=2019-11"))
    assert page.get_by_role("heading", level=1).inner_text() == "Draft a thematic report"
    shoot(page, "lead-5-report-to-download")
    axe(page, "lead-report-to-download")

    with page.expect_download() as downloading:
        page.locator("#download-docx").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"  # a DOCX is a ZIP
    headings = [p.text for p in docx.Document(str(saved)).paragraphs if p.style.name.startswith("Heading")]
    assert "How are we doing?" in headings, headings


def _unmarked_word(page) -> str:
    """The first lower-case word of 6 or more letters in the record that no <mark> covers:
    a word the jargon flagger does not know yet."""
    text = page.locator("#record-text").evaluate("e => JSON.parse(e.textContent)")
    marked = page.locator("#record mark > span[data-o]").evaluate_all(
        "spans => spans.map(s => [parseInt(s.dataset.o, 10), parseInt(s.dataset.o, 10) + s.textContent.length])")
    for found in re.finditer(r"(?<![\w\[-])[a-z]{6,}(?![\w\]-])", text):
        if not any(start < found.end() and found.start() < end for start, end in marked):
            return found.group(0)
    raise AssertionError(f"no unmarked word of 6+ letters in {RECORD}")


def test_ambassador_marks_a_word_and_qa_adds_it_to_the_word_list(new_context, page, server, sign_in, shoot, axe,
                                                                keyboard_walk):
    # QA makes a one-record pack by hand for the Ambassador.
    sign_in(page, "qa")
    page.goto(server("/packs"))
    page.get_by_label("Name of the pack").fill(PACK)
    page.get_by_label("Ambassadors").fill("browser-ambassador")
    page.get_by_label("By hand").check()
    page.get_by_label("Record ids").fill(RECORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Make the pack").click()
    assert PACK in page.get_by_role("status").inner_text()

    # The Ambassador, in their own browser, opens the pack from their packs page.
    mine = new_context().new_page()
    sign_in(mine, "ambassador")
    assert mine.url.endswith("/my-packs")
    pack = mine.get_by_role("region", name=PACK)
    assert "You have read 0 of 1 record" in pack.inner_text()
    shoot(mine, "ambassador-7-review-pack")
    axe(mine, "my-packs-review-pack")
    with mine.expect_navigation():
        pack.get_by_role("link", name=f"Read the record 1 of 1 in {PACK}").click()
    assert re.search(rf"/packs/\d+/review/{RECORD}$", mine.url)
    assert mine.get_by_role("heading", level=1).inner_text() == "Read the record: 1 of 1"
    shoot(mine, "ambassador-8-record-to-review")
    axe(mine, "review-record-to-mark")
    keyboard_walk(mine)  # the marked words (plainer word on focus), the questions, the form

    # Every record of the pack (one): three answers and a mark on an unclear word.
    word = _unmarked_word(mine)
    for question, answer in (("Do I know this child by the end?", "Yes"), ("Is the child's voice there?", "Partly"),
                             ("Is the language clear, kind and free of jargon?", "No")):
        mine.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    mine.get_by_label("Anything else you want to say about this record?").fill("Clear on the plan, less on the child.")
    mine.get_by_label("The words you want to mark").fill(word)
    mine.get_by_label("I didn't understand this").check()
    mine.get_by_label("Why?").fill("A child reading this may not know this word.")
    mine.get_by_label("A better way to say it").fill(f"plain {word}")
    with mine.expect_navigation():
        mine.get_by_role("button", name="Save", exact=True).click()
    assert mine.url.endswith("?saved=true")
    assert mine.get_by_role("status").filter(has_text="Saved.").count() == 1
    marked = mine.get_by_role("group", name="Phrases you have marked")
    assert f"“{word}”: I didn't understand this. Better: “plain {word}”." in marked.inner_text()
    shoot(mine, "ambassador-9-record-marked")
    axe(mine, "review-record-marked")

    # Back on their packs page, the record is done; they send the pack.
    with mine.expect_navigation():
        mine.get_by_role("link", name="Back to your review packs").click()
    pack = mine.get_by_role("region", name=PACK)
    assert "all three questions answered" in pack.inner_text()
    with mine.expect_navigation():
        pack.get_by_role("button", name=f"Send my answers for “{PACK}”").click()
    assert re.search(r"/my-packs\?sent=\d+$", mine.url)
    assert "Thank you. Your answers have been sent." in mine.get_by_role("status").inner_text()
    assert "Sent on " in mine.get_by_role("region", name=PACK).inner_text()
    shoot(mine, "ambassador-10-pack-sent")
    axe(mine, "my-packs-pack-sent")

    # QA finds the word in the suggestions, new to the word list, and accepts it.
    page.goto(server("/lexicon/suggestions"))
    suggestion = page.get_by_role("region", name=f"“{word}”", exact=True)
    assert suggestion.count() == 1, f"no suggestion for {word!r}"
    assert "Already in the built-in word list" not in suggestion.inner_text()
    assert f"“plain {word}” (1)" in suggestion.inner_text()
    shoot(page, "qa-5-word-suggestion")
    axe(page, "word-suggestion")
    plain = f"an easier word than {word}"
    suggestion.get_by_label("Plain wording").fill(plain)
    with page.expect_navigation():
        suggestion.get_by_role("button", name=f"Accept “{word}”").click()
    assert "Accepted. The word is flagged from now on." in page.get_by_role("status").inner_text()
    decided = page.get_by_role("table").get_by_role("row").filter(has=page.get_by_role("rowheader", name=word, exact=True))
    assert decided.count() == 1 and f"“{plain}”" in decided.inner_text()
    shoot(page, "qa-6-word-accepted")
    axe(page, "word-accepted")

    # The same server, not restarted, now flags the word in pasted text, with the plain wording.
    page.goto(server("/language"))
    page.get_by_label("Text to check").fill(f"The worker wrote that the {word} was discussed at the meeting.")
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    # An accepted Ambassador word is flagged as language that may not feel right (mark.feel), a
    # kind apart from the labelling guide's hard words (mark.jargon).
    flagged = page.locator("mark.feel").evaluate_all("marks => marks.map(m => m.firstChild.textContent)")
    assert word in flagged, flagged
    listed = page.get_by_role("main").get_by_role("listitem").filter(has=page.locator("strong", has_text=word))
    assert listed.count() >= 1 and f"try “{plain}”" in listed.first.inner_text()
    shoot(page, "qa-7-new-word-flagged")
    axe(page, "new-word-flagged")
