"""The bottom of a pasted page, after the essay's last paragraph: reader comments, share and
newsletter lines, tags, "posted in" lines, teaser lists, residue, and an unsigned editorial's
credit. Pure functions over numbered lines, read from the end back.

Only the last screenful is read, and a line ends the tail as soon as it is not the page's: the
middle of the essay is never touched. A comment section is recognised by its heading
("2 Comments", "Leave a Reply", "N thoughts on …") followed by what comments are made of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .line_rules import tag_line
from .names import is_organisation, names

TAIL_LINES = 60  # the last screenful, comments included

_SHARE_WORD = (
    r"(?:tweet|facebook|twitter|x|email|e-mail|mail|print|linkedin|whatsapp|telegram|reddit|vk|вконтакте|"
    r"одноклассники|copy link|pinterest|flipboard|bluesky|threads|mastodon)"
)
_SHARE_VERB = r"(?:share|teilen|partager|compartir|condividi|partilhar|compartilhar|delen|поделиться)"
# A newsletter's sign-up line, verb first ("Sign up for our newsletter") or, in German, last.
_SIGNUP = (
    r"(?:(?:sign\ up|subscribe|abonnieren|inscrivez-vous|abonnez-vous|подпишитесь|get\ our)\b.{0,80}?"
    r"(?:newsletter|briefing|digest|e-?mails?|updates|alerts|rundbrief|lettre|рассылк\w*).{0,60}"
    r"|(?:newsletter|rundbrief)\ (?:abonnieren|bestellen)(?::.{0,200})?|newsletter:.{1,200}"
    r"|(?:get|receive|sign\ up\ for).{0,80}\bin\ your\ inbox\b.{0,80})"
)
_TAIL_DEBRIS = re.compile(
    rf"""^(?:
        other\ reviews | related(?:\ (?:articles|stories|posts|reading|content))?:?
      | read\ more.{{0,80}} | continue\ reading.{{0,80}} | more\ from\ .{{1,60}}
      | (?:kindly\ |please\ )?{_SHARE_VERB}(?:\ this)?(?:\ (?:article|story|post))?\s*:?
        (?:\s*[|·•,]?\s*{_SHARE_WORD})*\s*
      | share\ on\ .{{1,30}} | {_SHARE_WORD}(?:\s*[|·•,]?\s*{_SHARE_WORD})*
      | {_SIGNUP}
      | (?:sign\ up|subscribe)(?:\ now|\ today|\ here)?[.!]?
      | follow\ us\ on\ .{{1,60}} | advertisement | comments?(?:\ \(\d+\))?:?(?:\s*\d+)? | click\ here\ to\ .{{1,80}}
      | \d+\ comments? | leave\ a\ (?:comment|reply) | back\ to\ top | bookmark\ the\ permalink\.?
      | this\ (?:entry|post)\ was\ posted\ in\ .{{1,300}} | posted\ in\ .{{1,200}} | filed\ under:?\ .{{1,200}}
      | tagged:?\ .{{1,200}} | tags?:\ .{{1,200}} | schlagw(?:ö|oe)rter:\ .{{1,200}} | mots-cl(?:é|e)s\ ?:\ .{{1,200}}
      | теги:\ .{{1,200}} | (?:©|\(c\)|copyright)\s*:?\s.{{1,300}} | all\ rights\ reserved.{{0,300}}
      | contact:\ .{{1,120}}
      | forward\ this\ email.{{0,60}} | you\ are\ receiving\ this.{{0,200}} | next\ issue:.{{0,120}}
      | unsubscribe.{{0,100}}
      | .{{0,80}}\bp\.?o\.?\ box\b.{{0,120}} | privacy\b.{{0,40}}\bterms\b.{{0,60}} | start\ writing | get\ the\ app
      | follow | (?:https?://|www\.)\S+ | \d+\ (?:commentaries|articles|posts|followers)
      | like\ this:? | like\ loading(?:\.{{3}}|…)? | loading(?:\.{{3}}|…)
      | like | comment | read\ later | print | \d{{1,6}}
      | to\ view\ or\ add\ a\ comment,\ sign\ in | reuse\ this\ content | post\ a\ comment
      | posted\ by\ .{{1,60}}\ at\ \d{{1,2}}:\d{{2}}.{{0,20}} | labels?:\ .{{1,200}} | email\ this.{{0,120}}
      | newer\ post.{{0,40}} | older\ post.{{0,40}}
      | (?:lire\ aussi|lesen\ sie\ auch|read\ also|see\ also)\s*[|:].{{1,200}}
      | (?:have\ an\ opinion\?|do\ you\ have\ an\ opinion|send\ (?:us\ )?a\ letter|write\ to\ (?:us|the\ editor)
        |letters\ to\ the\ editor).{{0,200}}
      | this\ (?:article|piece|story|column)\ (?:is|was)\ republished\ from\ .{{1,200}}
      | the\ views\ expressed\ (?:in\ this\ (?:article|piece|op-ed|column|commentary)\ )?are
        \ (?:the\ author'?s'?|those\ of\ the\ author).{{0,200}}
      | about\ the\ authors?:?
      | (?:←|«|<)?\s*(?:previous|next|older|newer)\ (?:post|article|story|entry).{{0,120}} | more\ in\ .{{1,60}}
      | you\ (?:may|might)\ also\ like | recommended(?:\ for\ you)? | most\ (?:read|popular) | popular(?:\ now)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Headings of a teaser list ("Related articles", then the titles of other articles): from such a
# heading near the end, everything after it is the list when every item is short.
_TEASER_HEADING = re.compile(
    r"^(?:other reviews|related(?: articles| stories| posts| reading| content)?:?|more (?:from|in) .{1,60}|read more|"
    r"topics|tags|themen|sujets|темы|archivado en|archiviato in|related topics|explore (?:more on these )?topics|"
    r"more (?:articles|posts|stories) by .{1,60}|leggi anche|lees ook|leia também|lea también|"
    r"you (?:may|might) also like|recommended(?: for you)?|most (?:read|popular)|popular(?: now)?|"
    r"lesen sie auch|à lire aussi|читайте также)$",
    re.IGNORECASE,
)
_TEASER_MAX_WORDS = 20
_TEASER_MAX_ITEMS = 16  # lines under a teaser heading: titles, dates, share buttons
# A newsletter box at the end of the page: its sign-up line, then at most a few short lines of
# its own: what the letter brings ("The week in diplomacy, every Monday.") and the form's
# labels ("Enter your email", "Subscribe"). Each of them must say so; a short last paragraph
# of the essay after a sign-up line ends the box.
_SIGNUP_LINE = re.compile(rf"^{_SIGNUP}$", re.IGNORECASE | re.VERBOSE)
_NEWSLETTER_FORM = re.compile(
    r"^(?:(?:enter\ )?your\ e-?mail(?:\ address)?|e-?mail(?:\ address)?|submit|subscribe|sign\ up|"
    r"(?:ihre\ )?e-mail-adresse|votre\ (?:adresse\ )?e-?mail|ваш\ e-?mail)\s*[.:!]?$",
    re.IGNORECASE | re.VERBOSE,
)
_NEWSLETTER_BLURB = re.compile(
    r"\b(?:inbox|newsletter|e-?mail|briefing|digest|weekly|daily|every\ (?:day|week|morning|evening|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)|posteingang|boîte\ de\ réception|почт\w*)\b",
    re.IGNORECASE | re.VERBOSE,
)
_NEWSLETTER_MAX_LINES = 4  # after the sign-up line
_NEWSLETTER_MAX_WORDS = 15
_COMMENTS_HEADING = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|thoughts?\s+on\b.*|kommentare?|commentaires?|комментари\w*):?"
    r"|(?:comments?|kommentare|commentaires|комментарии)(?:\s*\(\d+\))?:?"
    r"|(?:one|two|three|\d+)\s+thoughts?\s+on\b.*|leave a (?:reply|comment)|join the (?:discussion|conversation)"
    r"|show comments|add a comment|discussion about this post)$",
    re.IGNORECASE,
)
_COMMENT_MARK = re.compile(
    r"^(?:reply|like|report|antworten|répondre|ответить|\d+\s+likes?|.{1,60}\s+(?:says|said|wrote)(?::|\.\.\.|…)|.{0,60}\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(r"^[-–—\s]*[—–-]\s*(.{2,80}?)\s*$")
_BOARD = re.compile(r"^(?:the\s+)?(?:editorial\s+board|editors|editorial\s+staff)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


@dataclass
class Tail:
    """What the bottom of the page says. end: index (in the lines given) after the essay's last line."""

    end: int
    organisation: str | None = None
    signature: str | None = None  # "— Jonas Petrauskas, Vilnius": a person's name under the essay
    credit_line: int | None = None
    debris: list[tuple[int, str, str]] = field(default_factory=list)  # (line, kind, text)


def read_tail(lines: list[tuple[int, str]], first_body: int) -> Tail:
    """lines: (line number, text) of the non-blank lines; first_body: the index of the essay's
    first line (the tail never reaches it)."""
    end = len(lines)
    lowest = max(first_body + 1, end - TAIL_LINES)
    tail = Tail(end)
    comments = _comment_section(lines, lowest)
    if comments is not None:
        tail.debris += [(n, "comments", t) for n, t in lines[comments:end]]
        end = comments
    # Teaser lists, one above the other ("More articles by …", then "Explore topics").
    while (cut := _cut_teaser_list(lines, max(lowest, first_body + 1), end, tail)) != end:
        end = cut
    end = _cut_newsletter_box(lines, max(lowest, first_body + 1), end, tail)
    while end > lowest:
        number, text = lines[end - 1]
        if _TAIL_DEBRIS.match(text) and len(text) <= 300 and not _argues(text):
            tail.debris.append((number, "page", text))
        elif run := _residue_run(lines, lowest, end):
            tail.debris += [(n, "residue", t) for n, t in lines[end - run : end]]
            end -= run
            continue
        elif tail.organisation is None and (credit := _credit(text)):
            tail.organisation, tail.credit_line = credit, number
        elif (
            tail.signature is None
            and tail.credit_line is None
            and not _quotation(lines[end - 2][1] if end >= 2 else "")
            and (name := _signature(text))
        ):
            tail.signature, tail.credit_line = name, number  # not under a closing quotation: that is its source
        else:
            break
        end -= 1
    tail.end = end
    tail.debris.sort()
    return tail


def _argues(text: str) -> bool:
    """A line that reads as the essay's own sentence ("Subscribe to no ideology, and question
    every certainty."): it has a comma-separated clause and ends like a sentence."""
    starts = ("this entry", "posted in", "copyright", "©", "the views expressed")
    return bool(_SENTENCE_END.search(text)) and "," in text and not text.lower().startswith(starts)


def _residue_run(lines: list[tuple[int, str]], lowest: int, end: int) -> int:
    """How many lines before `end` are word-processor residue: any run of the strong kind
    (XML, attributes), or three or more lines of the weak kind (bare numbers, 'Normal')."""
    kinds = []
    for i in range(end - 1, lowest - 1, -1):
        kind = tag_line(lines[i][1], None).kind
        if kind not in ("residue", "weak-residue"):
            break
        kinds.append(kind)
    if "residue" in kinds or len(kinds) >= 3:
        return len(kinds)
    return 0


def _credit(text: str) -> str | None:
    """An unsigned editorial's credit line: '- — The Daily Example', 'The Editorial Board'."""
    if _BOARD.match(text):
        return text.strip()
    m = _CREDIT_LINE.match(text)
    if m and is_organisation(m.group(1)) and not names(m.group(1)):
        return m.group(1)
    return None


def _quotation(text: str) -> bool:
    """A line that is a quotation: "— Václav Havel" under it names its source, not the essay's author."""
    text = text.strip()
    return text[:1] in "\"“„«‘'" or text[-1:] in "\"”»’'"


def _signature(text: str) -> str | None:
    """The essay signed at its foot: '— Jonas Petrauskas, Vilnius' (a dash, a person's name, maybe
    a place). Only as the essay's last line: the same shape inside it attributes a quote."""
    m = _CREDIT_LINE.match(text)
    if not m:
        return None
    name = m.group(1).split(",")[0].strip()
    found = names(name)
    return found[0] if found and len(found) == 1 and len(name.split()) <= 4 else None


def _comment_section(lines: list[tuple[int, str]], lowest: int) -> int | None:
    """The index of a comment section's heading: the last such heading in the tail that is
    followed by comment-like lines (or ends the page)."""
    for i in range(len(lines) - 1, lowest - 1, -1):
        text = lines[i][1]
        if not _COMMENTS_HEADING.match(text):
            continue
        after = [t for _, t in lines[i + 1 :]]
        if not after or any(_COMMENT_MARK.match(t) for t in after):
            # The earliest heading of the section wins ("2 Comments" above "Leave a Reply").
            earlier = _earlier_heading(lines, lowest, i)
            return earlier if earlier is not None else i
    return None


def _earlier_heading(lines: list[tuple[int, str]], lowest: int, found: int) -> int | None:
    for j in range(lowest, found):
        if _COMMENTS_HEADING.match(lines[j][1]) and all(
            not _SENTENCE_END.search(t) or _COMMENT_MARK.match(t) or len(t.split()) <= 25
            for _, t in lines[j + 1 : found]
        ):
            return j
    return None


def _cut_teaser_list(lines: list[tuple[int, str]], lowest: int, end: int, tail: Tail) -> int:
    """'Related articles' and the titles under it, at the end of the page."""
    for position in range(end - 1, lowest - 1, -1):
        if _TEASER_HEADING.match(lines[position][1]):
            after = [t for _, t in lines[position + 1 : end]]
            if all(len(t.split()) <= _TEASER_MAX_WORDS and not _SENTENCE_END.search(t) for t in after):
                tail.debris += [(n, "teaser list", t) for n, t in lines[position:end]]
                return position
            return end
        if end - position > _TEASER_MAX_ITEMS:
            break
    return end


def _cut_newsletter_box(lines: list[tuple[int, str]], lowest: int, end: int, tail: Tail) -> int:
    """A newsletter's sign-up line and the short lines of its box after it, at the end of the page."""
    for position in range(end - 1, max(lowest, end - 1 - _NEWSLETTER_MAX_LINES) - 1, -1):
        if not _SIGNUP_LINE.match(lines[position][1]):
            continue
        while position - 1 >= lowest and _SIGNUP_LINE.match(lines[position - 1][1]):
            position -= 1  # "Sign up for our newsletter" over "Get the best … in your inbox"
        after = [t for _, t in lines[position + 1 : end]]
        if all(_in_newsletter_box(t) for t in after):
            tail.debris += [(n, "newsletter", t) for n, t in lines[position:end]]
            return position
        return end
    return end


def _in_newsletter_box(text: str) -> bool:
    if len(text.split()) > _NEWSLETTER_MAX_WORDS:
        return False
    return bool(_NEWSLETTER_FORM.match(text) or _NEWSLETTER_BLURB.search(text) or _SIGNUP_LINE.match(text))
