"""Periods in a question, resolved against `today` to whole audit months ("YYYY-MM").
The conventions are in the package docstring (assistant.parse)."""
from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

_MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
YEAR = r"(?:19|20)\d\d"
NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty four": 24, "few": 3,
           "couple of": 2, "a couple of": 2, "several": 6}
NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|few|couple of|several)"
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
ORDINAL_Q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "final": 4, "last": 4}
DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)"
YR = rf"(?:(?P<y>{YEAR})|(?P<rel>last|this|previous|next)\s+year)"  # "Q4 2018", "October last year"

# one point in time: (regex, kind); each resolves to a (first month, last month) span
POINT_PATTERNS: list[tuple[str, str]] = [
    # relative to the mention before: "the 3 months before", "the same period last year"
    (rf"\b(?:the\s+)?(?:(?P<n>{NUM})\s+)?(?P<unit>month|quarter|year|period)s?\s+(?:before|prior|earlier)"
     rf"(?:\s+(?:that|then|it))?\b", "before_previous"),
    (r"\b(?:the\s+)?same\s+(?:period|time|months?|quarter)\s+(?:last\s+year|the\s+previous\s+year|a\s+year\s+"
     r"(?:before|earlier)|the\s+year\s+before)\b", "year_earlier"),
    (rf"\b\d{{1,2}}[/.]\d{{1,2}}[/.](?:{YEAR})\b", "date"),
    (rf"\b{DAY}{MONTH}\s+{YEAR}\b", "date"),
    (rf"\b(?:fy\s*)?(?P<fy1>{YEAR})\s*[/-]\s*(?P<fy2>\d\d)\b(?!-)", "fy_numeric"),
    (rf"\b(?P<y>{YEAR})-(?P<m>0?[1-9]|1[0-2])\b", "numeric_month"),
    (rf"\b(?P<m>0?[1-9]|1[0-2])/(?P<y>{YEAR})\b", "numeric_month"),
    (rf"\b(?:the\s+)?(?P<which>this|current|last|previous|past)\s+financial\s+year\b", "fy_relative"),
    (rf"\b(?:the\s+)?(?P<n>{NUM})\s+months?\s+(?:to|up\s+to|ending(?:\s+in)?|until)\s+(?P<mon>{MONTH})"
     rf"(?:\s+(?P<y>{YEAR}))?\b", "months_to"),
    (rf"\b(?:the\s+)?(?P<half>first|second|1st|2nd)\s+half(?:\s+(?:of\s+)?{YR})?\b", "half"),
    (rf"\bh(?P<h>[12])(?:\s+(?:of\s+)?{YR})?\b", "half"),
    (rf"\b(?P<y>{YEAR})\s*[-/]?\s*q(?P<q>[1-4])\b", "quarter"),
    (rf"\bq(?P<q>[1-4])(?:\s+(?:of\s+)?{YR})?\b", "quarter"),
    (rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)\s+quarter"
     rf"(?:\s+(?:of\s+)?{YR})?\b", "quarter"),
    (rf"\b(?:(?P<lead>last|this)\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?{YR})?\b", "season"),
    (rf"\b{DAY}?(?P<mon>{MONTH})\.?(?:\s+(?:of\s+)?|\s*[-']\s*)(?:(?P<y>{YEAR}|\d\d(?!\d))|"
     rf"(?P<rel>last|this|previous|next)\s+year)\b", "month_year"),
    (rf"\b(?:the\s+)?(?:last|past|previous|preceding|prior)\s+(?P<n>{NUM})\s+(?P<unit>month|year|quarter|week)s?\b",
     "last_n"),
    (r"\b(?:the\s+)?(?:last|past|previous|preceding)\s+(?P<unit>twelve months|year|month|quarter|week)\b",
     "last_one"),
    (r"\b(?:so\s+far\s+)?(?:this|the\s+current|current)\s+(?P<unit>month|quarter|year)(?:\s+so\s+far)?\b",
     "this"),
    (r"\b(?:year\s+to\s+date|ytd|the\s+start\s+of\s+the\s+year|start\s+of\s+(?:the\s+)?year|"
     r"beginning\s+of\s+(?:the\s+)?year|(?:the\s+)?new\s+year)\b", "ytd"),
    (r"\b(?:now|today|date|the\s+present|present|the\s+present\s+day)\b", "now"),
    (rf"\b(?P<y>{YEAR})\b", "year"),
    (rf"(?<![\w-])(?:(?P<lead>last|this)\s+)?{DAY}?(?P<mon>{MONTH})\b\.?", "month"),
]
RANGE_JOIN = r"\s*(?:to|until|till|through|thru|and|-|–|—)\s*"


def _month_index(ym: tuple[int, int]) -> int:
    return ym[0] * 12 + ym[1] - 1


def _ym(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _fmt(index: int | None) -> str | None:
    if index is None:
        return None
    y, m = _ym(index)
    return f"{y:04d}-{m:02d}"


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else NUMBERS.get(word, 3)


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


class _Clock:
    """What a period mention is resolved against: today, and the year the mention names
    (its own, "last year", or borrowed from a later mention)."""

    def __init__(self, today: date, g: dict, year_hint: int | None):
        self.today, self.g = today, g
        self.now = _month_index((today.year, today.month))
        rel = (g.get("rel") or "").lower()
        offset = {"last": -1, "previous": -1, "this": 0, "next": 1}.get(rel)
        self.year = _year_of(g.get("y")) or (today.year + offset if offset is not None else year_hint)

    def recent(self, first_month: int, length: int) -> tuple[int, int]:
        """The most recent span starting at first_month (1..12) whose start is not after today;
        "last summer" in July is the summer before; "this May" is this year's."""
        today, year = self.today, self.year
        y = year if year else (today.year if first_month <= today.month else today.year - 1)
        lead = (self.g.get("lead") or "").lower()
        if not year and lead == "this":
            y = today.year
        elif not year and lead == "last" and _month_index((y, first_month)) + length - 1 >= self.now:
            y -= 1
        start = _month_index((y, first_month))
        return start, start + length - 1

    def quarter_start(self) -> int:
        return self.now - (self.today.month - 1) % 3


def _month_number(name: str) -> int:
    return _MONTH_NAMES.index(name[:3].lower()) + 1


def _exact_date(c: _Clock, m: re.Match):
    parsed = dateparser.parse(m.group(0), settings={"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past",
                                                    "RELATIVE_BASE": datetime(c.today.year, c.today.month, c.today.day)})
    return None if parsed is None else (_month_index((parsed.year, parsed.month)),) * 2


def _financial_year(c: _Clock, m: re.Match):
    if m.groupdict().get("fy1"):
        start_year = int(c.g["fy1"])
    else:
        start_year = c.today.year if c.today.month >= 4 else c.today.year - 1
        start_year -= c.g["which"].lower() in ("last", "previous", "past")
    start = _month_index((start_year, 4))
    return start, start + 11


def _last_n(c: _Clock, m: re.Match):
    """"last three months", "past 12 months", "the last quarter" (the calendar quarter before
    this one), "last year" (the calendar year before), "the past year", "over the last year"
    (twelve months)."""
    n = _number(c.g["n"]) if c.g.get("n") else 1
    unit = c.g["unit"].lower()
    if unit == "twelve months":
        n, unit = 12, "month"
    if unit == "year" and not c.g.get("n") and not re.search(r"\bpast\b|^the\b", m.group(0), re.I):
        return _month_index((c.today.year - 1, 1)), _month_index((c.today.year - 1, 12))
    if unit == "quarter":
        return c.quarter_start() - 3 * n, c.quarter_start() - 1
    months = {"month": n, "year": 12 * n, "week": max(1, round(n / 4.3))}[unit]
    return c.now - months, c.now - 1


def _this(c: _Clock, m: re.Match):
    unit = c.g["unit"].lower()
    if unit == "month":
        return c.now, c.now
    # "this quarter/year" means so far: the months after today hold no audits yet
    if unit == "quarter":
        return c.quarter_start(), c.now
    return _month_index((c.today.year, 1)), c.now


def _months_to(c: _Clock, m: re.Match):
    end = c.recent(_month_number(c.g["mon"]), 1)[0]
    return end - _number(c.g["n"]) + 1, end


def _half(c: _Clock, m: re.Match):
    first_half = (c.g.get("half") or "").lower() in ("first", "1st") or c.g.get("h") == "1"
    return c.recent(1 if first_half else 7, 6)


def _quarter(c: _Clock, m: re.Match):
    q = int(c.g["q"]) if c.g.get("q") else ORDINAL_Q[c.g["ord"].lower()]
    return c.recent(3 * q - 2, 3)


def _year(c: _Clock, m: re.Match):
    start = _month_index((c.year, 1))
    return start, start + 11


def _month_of_year(c: _Clock, m: re.Match):
    index = _month_index((c.year, _month_number(c.g["mon"])))
    return index, index


def _numeric_month(c: _Clock, m: re.Match):
    index = _month_index((int(c.g["y"]), int(c.g["m"])))
    return index, index


RESOLVERS = {  # kind -> (clock, match) -> (first month index, last month index or None)
    "date": _exact_date,
    "fy_numeric": _financial_year,
    "fy_relative": _financial_year,
    "numeric_month": _numeric_month,
    "months_to": _months_to,
    "half": _half,
    "quarter": _quarter,
    "season": lambda c, m: c.recent(SEASONS[c.g["season"].lower()], 3),
    "month_year": _month_of_year,
    "month": lambda c, m: c.recent(_month_number(c.g["mon"]), 1),
    "year": _year,
    "last_n": _last_n,
    "last_one": _last_n,
    "this": _this,
    "now": lambda c, m: (c.now, c.now),
    "ytd": lambda c, m: (_month_index((c.today.year, 1)), c.now),
}


def _resolve(kind: str, m: re.Match, today: date, year_hint: int | None) -> tuple[int, int | None] | None:
    """(first month index, last month index) for one period mention."""
    return RESOLVERS[kind](_Clock(today, m.groupdict(), year_hint), m)


def _allowed(kind: str, m: re.Match, text: str) -> bool:
    """Bare month names and years only where they read as dates ("may" the verb, "March" the verb)."""
    before = text[:m.start()].lower()
    prep = re.search(r"\b(in|during|since|for|from|to|until|till|between|and|of|by|before|after|over|"
                     r"versus|vs|with|than|or|compare|through|throughout|across)\s+(?:the\s+month\s+of\s+)?$", before)
    if kind == "fy_numeric":
        return (int(m.group("fy1")) + 1) % 100 == int(m.group("fy2"))
    if kind == "now":  # "October to now", "up to date" is not a period
        if re.search(r"\bbetween\b[^?]*\band\s*$", before):
            return True  # "between April and now"
        return bool(re.search(r"\b(?:to|until|till|through)\s*$", before)) and \
            not re.search(r"\bup\s+to\s*$", before) or bool(re.search(r"\bup\s+to\s+(?:now|today)\b",
                                                                       text[m.start() - 6:m.end()], re.I))
    if kind == "season" and m.group("season").lower() == "fall" and not m.group("lead"):
        return not re.match(r"\s+(?:in|of|to|since|from)\b", text[m.end():], re.I)  # "the fall in CP audits"
    if kind == "month":
        name = m.group("mon").lower()
        if m.group("lead") and (name != "may" or m.group("mon") == "May"):
            return True
        if name in ("may", "mar", "march", "jan", "dec", "sep", "oct", "nov", "aug", "jun", "jul", "apr", "feb"):
            return bool(prep) or bool(re.match(r"\s*(?:to|and|-|–|versus|vs|or|onwards?)\b", text[m.end():], re.I))
        return True
    return True


def _find_mentions(text: str, today: date) -> list[dict]:
    """Every period mention, left to right, without overlaps; a mention without a year borrows
    the year of the next mention that has one ("September versus October 2019")."""
    taken: list[tuple[int, int]] = []
    raw = []
    for pattern, kind in POINT_PATTERNS:
        for m in re.finditer(pattern, text, re.I):
            if any(m.start() < e and s < m.end() for s, e in taken) or not _allowed(kind, m, text):
                continue
            taken.append((m.start(), m.end()))
            raw.append((m, kind))
    raw.sort(key=lambda item: item[0].start())
    mentions = []
    for i, (m, kind) in enumerate(raw):
        hint = None
        if kind in ("month", "quarter", "season", "half") and not m.groupdict().get("y") \
                and not m.groupdict().get("rel"):
            for later, later_kind in raw[i + 1:]:
                y = later.groupdict().get("y")
                if later_kind in ("month_year", "quarter", "season", "year", "half") and y:
                    hint = _year_of(y)
                    break
        if kind in ("before_previous", "year_earlier"):
            if not mentions or mentions[-1]["span"][1] is None:
                continue
            span = _relative_to(mentions[-1]["span"], kind, m.groupdict())
        else:
            span = _resolve(kind, m, today, hint)
        if span is not None:
            mentions.append({"start": m.start(), "end": m.end(), "span": list(span), "kind": kind})
    return mentions


def _relative_to(previous: list[int], kind: str, g: dict) -> tuple[int, int]:
    first, last = previous
    if kind == "year_earlier":
        return first - 12, last - 12
    unit = g["unit"].lower()
    months = (last - first + 1) if unit == "period" else {"month": 1, "quarter": 3, "year": 12}[unit]
    months *= _number(g["n"]) if g.get("n") else 1
    return first - months, first - 1


def _join_ranges(text: str, mentions: list[dict]) -> list[dict]:
    """"between September and November 2019", "from Sept to Nov": two mentions joined by to/and
    become one period; a start month later than its end belongs to the year before."""
    out: list[dict] = []
    i = 0
    while i < len(mentions):
        cur = dict(mentions[i])
        if i + 1 < len(mentions):
            nxt = mentions[i + 1]
            gap = text[cur["end"]:nxt["start"]]
            before = text[:cur["start"]].lower()
            joined = re.fullmatch(RANGE_JOIN, gap, re.I)
            is_and = gap.strip().lower() == "and"
            if joined and (not is_and or re.search(r"\bbetween\s*$", before)):
                first, last = cur["span"][0], nxt["span"][1] if nxt["span"][1] is not None else nxt["span"][0]
                if first > last and cur["kind"] == "month":
                    first -= 12
                out.append({"start": cur["start"], "end": nxt["end"], "span": [first, last], "kind": "range",
                            "parts": [[first, cur["span"][1] if cur["span"][1] is not None else first],
                                      [nxt["span"][0], last]] if is_and else None})
                i += 2
                continue
        out.append(cur)
        i += 1
    return out


def _open_ends(text: str, periods: list[dict], now: int) -> None:
    """since/after/from...onwards run up to now: to this month (the months after today hold
    no audits yet); before/until open the start."""
    for p in periods:
        before, after = text[:p["start"]], text[p["end"]:]
        first, last = p["span"]
        if re.search(r"\bafter\s*$", before, re.I):
            start = (last if last is not None else first) + 1
            p["span"] = [start, max(now, start)]
            p["open"] = "since"
            p["after_first"] = first  # "improved after Q1": Q1 is what it is compared with
        elif re.search(r"\bsince\s*(?:the\s+)?(?:start\s+of\s+|beginning\s+of\s+)?$", before, re.I):
            p["span"] = [first, max(now, first)]
            p["open"] = "since"
        elif re.match(r"\s*(?:onwards?|and\s+after|and\s+later)\b", after, re.I):
            p["span"] = [first, max(now, first)]
            p["open"] = "since"
        elif re.search(r"\bsince\s+(?:[\w'’,]+\s+){1,10}(?:in|on|at|during|was|were)\s*$", before, re.I):
            p["span"] = [first, max(now, first)]  # "since we started auditing in January 2018"
            p["open"] = "since"
        elif re.search(r"\b(?:before|prior\s+to)\s*$", before, re.I):
            p["span"] = [None, first - 1]
            p["open"] = "before"
        elif re.search(r"\b(?:until|till|up\s+to|up\s+until|to\s+the\s+end\s+of|by|no\s+later\s+than)\s*$", before, re.I):
            p["span"] = [None, last]
            p["open"] = "before"
        if p["kind"] == "ytd" and "open" not in p:
            p["open"] = "since"
        p["baseline"] = bool(BASELINE_RE.search(before))


# A period a comparison is measured against ("better than last year", "compared with Q1"),
# as opposed to the window a change happened in ("changed over the past 12 months").
BASELINE_RE = re.compile(r"\b(?:than|compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|relative\s+to|"
                         r"vs\.?|versus|against)(?:\s+(?:it|they|things|this|that|we|he|she)\s+"
                         r"(?:was|were|did|had|used\s+to\s+be))?(?:\s+(?:in|during|over|at|for|back\s+in))?"
                         r"(?:\s+the)?\s*$", re.I)
CHRISTMAS_RE = re.compile(r"\b(since|before|after|over|until|from|at)\s+(?:the\s+)?christmas\b", re.I)
THAN_LAST_RE = re.compile(r"\b(?:this|the\s+current)\s+(year|quarter|month)\s+(?:than|vs\.?|versus|compared\s+"
                          r"(?:to|with)|against)\s+(?:the\s+)?last\b(?!\s+(?:year|quarter|month|\d|one|two|three|few|six))",
                          re.I)
SO_FAR_RE = re.compile(r"^\s*(?:so\s+far|to\s+date)\b", re.I)


ELLIPSIS_RE = re.compile(r"\b(first|second|third|1st|2nd|3rd)\s+(and|&|or|vs\.?|versus|to)\s+(?:the\s+)?"
                         r"(second|third|fourth|final|2nd|3rd|4th)\s+(half|quarter)s?\b", re.I)


def find_periods(text: str, today: date) -> tuple[list[dict], str]:
    """The periods a question names (each {"from", "to", "open"}) and the text with them cut out."""
    text = ELLIPSIS_RE.sub(lambda m: f"{m[1]} {m[4]} {m[2]} {m[3]} {m[4]}", text)  # "first and second half of"
    text = THAN_LAST_RE.sub(lambda m: f"{m[0]} {m[1]}", text)  # "this year than last": last year
    text = CHRISTMAS_RE.sub(lambda m: f"{m[1]} December", text)  # "since Christmas"
    periods = _join_ranges(text, _find_mentions(text, today))
    now = _month_index((today.year, today.month))
    _open_ends(text, periods, now)
    for p in periods:  # "in 2019/20 so far": up to this month
        if SO_FAR_RE.match(text[p["end"]:]) and p["span"][1] is not None and p["span"][1] > now:
            p["span"] = [p["span"][0], now]
    for p in sorted(periods, key=lambda p: -p["start"]):
        cut_start = p["start"]
        lead = re.search(r"\b(?:since|after|before|until|till|up\s+to|prior\s+to|during|between|from|in|for|over|"
                         r"throughout|by)\s+(?:the\s+(?:start|beginning|end)\s+of\s+)?(?:the\s+month\s+of\s+)?$",
                         text[:cut_start], re.I)
        if lead:
            cut_start = lead.start()
        tail = re.match(r"\s*(?:onwards?)\b", text[p["end"]:], re.I)
        cut_end = p["end"] + (tail.end() if tail else 0)
        text = text[:cut_start] + " PERIODREF " + text[cut_end:]
    result = [{"from": _fmt(p["span"][0]), "to": _fmt(p["span"][1]), "open": p.get("open"),
               "first": p["span"][0], "last": p["span"][1], "parts": p.get("parts"),
               "baseline": p.get("baseline", False), "after_first": p.get("after_first")} for p in periods]
    return result, text

