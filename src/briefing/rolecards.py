"""Role cards for the checkpoint role play (`briefing role-cards`): each party's case from the claims table.

A card gathers, for one party, the claims rows filed under it (column `party`, or a `party:role` pair of column
`also_parties` when one passage voices several parties) by their `role` (position, aim, red_line), each verbatim
with its date (column `dated`), its topic, its speaker and its document (author-year label and address from the
sources table); column `dated_basis` says where the date comes from: a line its document does not date (`document`:
the document's own date, at the precision the sources table gives it) shows that date as "reported" ("written" for
the document's own analysis), and a date the editors infer from the passage's context (`inferred`) as "about".
Lines dated after the scenario's window go to a separate section, out of bounds until the debrief. Then a scenario
brief for the checkpoint's first weeks built from the events table, and debrief questions.
Cards are written as self-contained HTML (A4 print CSS) and as Markdown, and shown in the book by
`chapters/role_play.md`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from briefing import bib, derive, prose
from briefing.data import load


@dataclass(frozen=True)
class Role:
    """One card: who plays it, the `party` values of the claims table whose case it argues, and context: rows of
    other parties (`context_parties`, e.g. the community a government speaks for) and analysis rows by key."""

    key: str
    title: str
    brief: str
    parties: tuple[str, ...]
    context: tuple[str, ...] = ()
    context_parties: tuple[str, ...] = ()
    context_heading: str = "What the documents say about your situation"
    legislators: tuple[str, ...] = ()  # claim ids of the parties' legislators, shown apart: not the executive's line


ROLES: dict[str, Role] = {role.key: role for role in (
    Role("baku", "Baku: the government of Azerbaijan",
         "You speak for Azerbaijan's president and government. You have just set up a checkpoint where the "
         "corridor begins, on territory the world recognises as Azerbaijan's.",
         ("baku",)),
    Role("yerevan", "Yerevan: the government of Armenia",
         "You speak for Armenia's prime minister and government, signatory of the 2020 statement and the "
         "corridor's other end.",
         ("yerevan",)),
    Role("stepanakert", "Stepanakert: Nagorno-Karabakh's de facto authorities",
         "You speak for the de facto authorities in Stepanakert, whom no state recognises and who were not among "
         "the signatories of the 2020 statement (Baku, Yerevan and Moscow), and for the people who depend on the "
         "road.",
         ("stepanakert",),
         ("corridor_only_road", "blockade_rations", "corridor_survival_single_road", "corridor_no_air"),
         ("karabakh_armenians",),
         "What the documents say about the people you represent"),
    Role("moscow", "Moscow: the government of Russia and its peacekeepers",
         "You speak for Russia's government, co-signatory of the 2020 statement, under which your peacekeepers "
         "deployed along the road.",
         ("moscow",),
         ("corridor_peacekeepers_control", "checkpoint_status_quo", "powers_kremlin_threats", "powers_pushed_out")),
    Role("mediator", "Western mediator: the United States, the EU and France",
         "You chair the meeting for the Western mediators: the United States, the European Union and France, "
         "as the documents give their words and acts. Decide before the session whose line you follow when "
         "they differ.",
         ("washington", "brussels", "paris"),
         ("powers_key_issues", "powers_meeting_location", "powers_one_track", "powers_mediating_opportunity",
          "powers_france_usa_mediators"),
         legislators=("checkpoint_mep_violation", "checkpoint_mep_icj", "powers_pelosi")),
    Role("icrc", "Observer: the International Committee of the Red Cross",
         "You observe for the ICRC. You take no side on status or sovereignty; you speak for access, for the "
         "patients who must cross, and for what you have seen on the road.",
         ("icrc",),
         ("blockade_icrc_aid", "blockade_red_cross_convoys", "blockade_only_russia_icrc"),
         ("icj",)),
)}

SECTIONS = (("position", "Your positions"), ("aim", "Your aims"), ("red_line", "Your red lines"))

LATER_HEADING = "Later: out of bounds until the debrief"
LEGISLATORS_HEADING = "Legislators, not mediators: members of the European Parliament and the US Congress"

# Rows filed under a party that no card shows, and why. (Stepanakert's ceasefire and dissolution of September 2023
# are on its card under "Later", as Baku's operation of that month is on Baku's.)
OFF_CARD = {
    "offensive_yerevan_rejects_extraterritorial": "cut before its referent; the card shows "
                                                  "offensive_yerevan_rejects_extraterritorial_corridor",
}

# A context line and the sentence its document writes next, shown right after it: Crisis Group follows the Armenians'
# fear of ethnic cleansing with its own remark that a checkpoint is well short of a pogrom.
FOLLOWED_BY = {"checkpoint_precursor": "checkpoint_pogrom"}

PROPOSALS = ("checkpoint_xray_offer", "checkpoint_scan_suspicious", "checkpoint_portal_monitoring")

DEBRIEF = (
    "Which of your card's lines reached the documents in your party's own words, and which only as a "
    "document's paraphrase? Did that change what you felt able to claim at the table?",
    "Where did your red lines collide with another party's? Was any proposal on the table compatible with both?",
    "Which party had the fewest lines of its own to argue from, and why might the documents have heard it least?",
    "What did you know in spring 2023 that the documents written in the autumn know differently, and how did "
    "that later knowledge creep into your play?",
    "Did the mediator stay neutral? The regional analysis writes that France and the United States support "
    "Armenia at the expense of their roles as mediators: did the session bear that out?",
)


@dataclass
class Line:
    """One quotation on a card."""

    claim_id: str
    quote: str
    speaker: str
    source_id: str
    citation: str
    url: str
    voice: str = ""
    topic: str = ""
    dated: str = ""
    own: bool = True  # a line of the card's parties; False for context, legislators and proposals
    basis: str = "text"  # column `dated_basis`: text (the document dates it), document or inferred

    @property
    def reported(self) -> bool:
        """The document gives the line no date of its own: `dated` is the document's date."""
        return self.basis == "document"

    @property
    def inferred(self) -> bool:
        """The editors date the line from the passage's context."""
        return self.basis == "inferred"


@dataclass
class Card:
    """Everything a card shows, ready for rendering."""

    role: Role
    sections: dict[str, list[Line]]
    context: list[Line]
    scenario: list[str]
    events: list[tuple[str, str, str, str]]  # (date, title, citation, url)
    proposals: list[Line]
    later: list[Line] = field(default_factory=list)
    legislators: list[Line] = field(default_factory=list)
    debrief: tuple[str, ...] = field(default=DEBRIEF)

    def lines(self) -> list[Line]:
        """Every quotation on the card."""
        return ([line for lines in self.sections.values() for line in lines] + self.legislators + self.context
                + self.later + self.proposals)


def names() -> list[str]:
    """The card names, in play order."""
    return list(ROLES)


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def document_dates(sources: pd.DataFrame) -> dict[str, str]:
    """Each source's own date as a `dated` value, at the precision the book shows it (bib.precision): 2023-05-22,
    2023-10 or 2023. A claim dated so is dated by its document, not by an event the document dates."""
    width = {"day": 10, "month": 7, "year": 4}
    return {str(row["source_id"]): pd.Timestamp(row["published"]).strftime("%Y-%m-%d")[:width[bib.precision(row)]]
            for _, row in sources.iterrows() if not pd.isna(row["published"])}


def date_basis(row: pd.Series) -> str:
    """Where a row's date comes from: its `dated_basis` (text, document or inferred; required by the schema)."""
    return _text(row.get("dated_basis"))


def _line(row: pd.Series, labels: dict[str, str], urls: pd.Series, own: bool = True) -> Line:
    url = urls.get(row["source_id"])
    return Line(str(row["claim_id"]), str(row["quote"]), str(row["speaker"]), str(row["source_id"]),
                labels[row["source_id"]], url if isinstance(url, str) else "", _text(row.get("voice")),
                _text(row.get("topic")), _text(row.get("dated")), own, date_basis(row))


def first_day(dated: str) -> pd.Timestamp | None:
    """The first day a `dated` value (YYYY, YYYY-MM or YYYY-MM-DD) means; None when empty."""
    if not dated:
        return None
    parts = [int(part) for part in dated.split("-")] + [1, 1]
    return pd.Timestamp(parts[0], parts[1], parts[2])


def after_window(line: Line, end: pd.Timestamp) -> bool:
    """Whether a line is dated after the window's last day. A month or a year counts from its first day, as the
    events table places a month-precision event (June 2023 falls in a window ending 15 June 2023)."""
    first = first_day(line.dated)
    return first is not None and first > end


def show_date(dated: str) -> str:
    """`dated` for print: 22 May 2023, May 2023 or 2023."""
    parts = dated.split("-")
    if len(parts) == 3:
        return prose.date(pd.Timestamp(dated))
    if len(parts) == 2:
        return pd.Timestamp(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
    return dated


def party_rows(claims: pd.DataFrame, parties: tuple[str, ...]) -> list[tuple[pd.Series, str]]:
    """The rows that voice any of `parties`, each with the role it plays for them (column `role`, or the
    `also_parties` pair), in table order, each quotation once, leaving out the rows in OFF_CARD."""
    out, seen = [], set()
    for _, row in claims.iterrows():
        if row["claim_id"] in OFF_CARD or row["quote"] in seen:
            continue
        kind = str(row["role"]) if str(row["party"]) in parties else None
        for pair in _text(row.get("also_parties")).split(";") if kind is None else ():
            party, _, role = pair.partition(":")
            if party in parties:
                kind = role
                break
        if kind:
            out.append((row, kind))
            seen.add(row["quote"])
    return out


def _window(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The checkpoint's first weeks: from the opening of the checkpoint phase to the start of the next phase."""
    phases = derive.phases(events).set_index("phase")
    return phases.loc["checkpoint", "start"], phases.loc["checkpoint", "end"]


def _scenario(events: pd.DataFrame, figures: pd.DataFrame, claims: pd.DataFrame) -> list[str]:
    start, end = _window(events)
    protest = derive.event_date("blockade_begins_2022", events)
    population = prose.integer(derive.figure_value("population_nk", figures))
    assurances = claims.set_index("claim_id").loc["checkpoint_same_assurances", "quote"]
    return [
        f"The date is {prose.date(start)}. Azerbaijan has begun to set up a checkpoint where the Lachin corridor "
        "begins, by the Russian peacekeepers' first observation post. Since "
        f"{prose.date(protest)}, {(start - protest).days} days earlier, self-described eco-activists have stood "
        "on the road; Crisis Group calls them Baku-backed, and Baku insists transit is unimpeded. About "
        f"{population} ethnic Armenians live in Nagorno-Karabakh, by Crisis Group's count, and depend on the "
        "road.",
        "The Western mediator has called the parties together. On the table: who checks whom at the checkpoint, "
        "how patients and supplies get through, and what assurances Karabakh's Armenians are given (Crisis "
        f"Group reports Baku “{assurances}”).",
        f"The session plays the weeks from {prose.date(start)} to {prose.date(end)}. The events below are what "
        "the sources report for those weeks; the facilitator may release them one at a time. Argue only from "
        "your card and from these events: what the documents say your party said, wanted and refused.",
    ]


def card(key: str, data: Path | None = None) -> Card:
    """The card for one role, built from the claims, events, figures and sources tables."""
    role = ROLES[key]
    claims, events = load("claims", data), load("events", data)
    figures, sources = load("figures", data), load("sources", data)
    labels = bib.labels(sources)
    urls = sources.set_index("source_id")["url"]

    def at(row: pd.Series, own: bool = True) -> Line:
        return _line(row, labels, urls, own)

    start, end = _window(events)
    mine = [(row, kind) for row, kind in party_rows(claims, role.parties) if row["claim_id"] not in role.legislators]
    later = [at(row) for row, _ in mine if after_window(at(row), end)]
    sections = {kind: [at(row) for row, rowkind in mine if rowkind == kind and not after_window(at(row), end)]
                for kind, _ in SECTIONS}
    by_id = claims.set_index("claim_id", drop=False)
    legislators = [at(by_id.loc[claim_id], own=False) for claim_id in role.legislators]
    theirs = claims[claims["party"].astype(str).isin(role.context_parties)]
    context = [at(row, own=False) for _, row in theirs.iterrows()]
    context += [at(by_id.loc[claim_id], own=False) for claim_id in role.context]
    context = [shown for line in context for shown in (
        [line, at(by_id.loc[FOLLOWED_BY[line.claim_id]], own=False)] if line.claim_id in FOLLOWED_BY else [line])]
    later += [line for line in context if after_window(line, end)]
    context = [line for line in context if not after_window(line, end)]
    shown = {line.quote for line in [*later, *legislators, *context]} | {
        line.quote for lines in sections.values() for line in lines}
    proposals = [at(by_id.loc[claim_id], own=False) for claim_id in PROPOSALS
                 if by_id.loc[claim_id, "quote"] not in shown]  # a party's own proposal stays in its section
    weeks = events[(events["date"] >= start) & (events["date"] <= end)].sort_values(["date", "event_id"])
    dated = [(prose.date(row.date, row.date_precision), str(row.title), labels[row.source_id],
              urls.get(row.source_id) if isinstance(urls.get(row.source_id), str) else "")
             for row in weeks.itertuples()]
    return Card(role, sections, context, _scenario(events, figures, claims), dated, proposals, later, legislators)


def _voice(line: Line) -> str:
    """The party's own words or the document's paraphrase; on a line of another party (context, legislators,
    proposals) the speaker's own words, since they are not the party's that plays the card."""
    own = "the party's own words" if line.own else "the speaker's own words"
    return {"quoted": own, "reported": "the document's paraphrase"}.get(line.voice, "")


# ---------------------------------------------------------------------------------------------------- HTML

CSS = """
@page { size: A4; margin: 16mm 15mm; }
body { font: 11pt/1.4 Georgia, 'Times New Roman', serif; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
.role-card ul, .role-card ol { padding-left: 1.2em; } .role-card li { margin: 3pt 0; break-inside: avoid; }
.role-card .cite { color: #333; font-size: 9.5pt; } .role-card .brief { font-style: italic; }
.role-card a { color: #1a4f8b; word-break: break-all; }
@media print { a { color: #111; text-decoration: none; } h2 { break-after: avoid; } }
"""


def _lead(line: Line) -> str:
    """When a line is dated and what it is about: `(9 October 2023, on ...)` for a date the document gives the
    statement or event; `(reported 22 May 2023, on ...)` when a party's line has only its document's date, and
    `(written 22 May 2023, on ...)` for the document's own analysis; `(about February 2023, on ...)` for a date the
    editors infer from the passage's context."""
    when = show_date(line.dated) if line.dated else "undated"
    if line.reported:
        when = f"{'reported' if line.voice else 'written'} {when}"
    elif line.inferred:
        when = f"about {when}"
    return f"({when}, on {line.topic})" if line.topic else f"({when})"


def _html_line(line: Line) -> str:
    link = f' <a href="{html.escape(line.url)}">{html.escape(line.url)}</a>' if line.url else ""
    voice = f"; {_voice(line)}" if line.voice else ""
    return (f"<li>“{html.escape(line.quote)}” <span class=\"cite\">{html.escape(_lead(line))} "
            f"— {html.escape(line.speaker)}{voice}. "
            f"{html.escape(line.citation)}.{link}</span></li>")


def fragment(item: Card, level: int = 1, shared: bool = True) -> str:
    """The card as an HTML section (headings from `level`), for a page or the book; `shared=False` leaves out
    the scenario and the debrief questions, which every card repeats (a page shows them once: `scenario_html`)."""
    h, h2 = f"h{level}", f"h{level + 1}"
    parts = [f'<section class="role-card" id="role-card-{item.role.key}">',
             f"<{h}>{html.escape(item.role.title)}</{h}>",
             f'<p class="brief">{html.escape(item.role.brief)}</p>']
    for kind, heading in SECTIONS:
        parts.append(f"<{h2}>{heading}, as the documents give them</{h2}>")
        lines = item.sections[kind]
        parts.append("<ul>" + "".join(_html_line(line) for line in lines) + "</ul>" if lines
                     else "<p>The five documents state none in so many words.</p>")
    if item.legislators:
        parts += [f"<{h2}>{html.escape(LEGISLATORS_HEADING)}</{h2}>",
                  "<ul>" + "".join(_html_line(line) for line in item.legislators) + "</ul>"]
    if item.context:
        parts += [f"<{h2}>{html.escape(item.role.context_heading)}</{h2}>",
                  "<ul>" + "".join(_html_line(line) for line in item.context) + "</ul>"]
    if item.later:
        parts += [f"<{h2}>{html.escape(LATER_HEADING)}</{h2}>",
                  "<p>Said, done or reported after the weeks played: do not use these in the session.</p>",
                  "<ul>" + "".join(_html_line(line) for line in item.later) + "</ul>"]
    if shared:
        parts += [f"<{h2}>The scenario: the checkpoint's first weeks</{h2}>", _shared_html(item, h2)]
    parts.append("</section>")
    return "\n".join(parts)


def _shared_html(item: Card, h2: str) -> str:
    parts = []
    parts += [f"<p>{html.escape(text)}</p>" for text in item.scenario]
    parts.append("<ul>" + "".join(
        f"<li>{html.escape(day)}: {html.escape(title)} <span class=\"cite\">({html.escape(cite)}"
        + (f', <a href="{html.escape(url)}">{html.escape(url)}</a>' if url else "") + ")</span></li>"
        for day, title, cite, url in item.events) + "</ul>")
    parts.append("<p>Proposals Crisis Group reports or makes, on the table for every party:</p>")
    parts.append("<ul>" + "".join(_html_line(line) for line in item.proposals) + "</ul>")
    parts.append(f"<{h2}>Debrief questions</{h2}>")
    parts.append("<ol>" + "".join(f"<li>{html.escape(q)}</li>" for q in item.debrief) + "</ol>")
    return "\n".join(parts)


def scenario_html(level: int = 3, data: Path | None = None) -> str:
    """The scenario brief, the events of the weeks played, the proposals and the debrief questions, once."""
    return f'<section class="role-card" id="role-play-scenario">{_shared_html(card(names()[0], data), f"h{level}")}' \
           "</section>"


def to_html(item: Card) -> str:
    """A self-contained, printable HTML page (A4) for one card."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Role card: {html.escape(item.role.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"{fragment(item)}\n<p class=\"cite\">Lachin Corridor Briefing: role card printed by "
            "<code>briefing role-cards</code>. Quotations are verbatim from the five documents, as the claims "
            "table records them.</p>\n</body>\n</html>\n")


# ------------------------------------------------------------------------------------------------ Markdown

def _md_line(line: Line) -> str:
    voice = f"; {_voice(line)}" if line.voice else ""
    url = f" <{line.url}>" if line.url else ""
    return f"- “{line.quote}” {_lead(line)} — {line.speaker}{voice}. {line.citation}.{url}"


def to_markdown(item: Card) -> str:
    """The card as Markdown, for editing or pasting into a handout."""
    out = [f"# {item.role.title}", "", f"*{item.role.brief}*", ""]
    for kind, heading in SECTIONS:
        out += [f"## {heading}, as the documents give them", ""]
        lines = item.sections[kind]
        out += [_md_line(line) for line in lines] or ["The five documents state none in so many words."]
        out.append("")
    if item.legislators:
        out += [f"## {LEGISLATORS_HEADING}", "", *[_md_line(line) for line in item.legislators], ""]
    if item.context:
        out += [f"## {item.role.context_heading}", "", *[_md_line(line) for line in item.context], ""]
    if item.later:
        out += [f"## {LATER_HEADING}", "", "Said, done or reported after the weeks played: do not use these in "
                "the session.", "", *[_md_line(line) for line in item.later], ""]
    out += ["## The scenario: the checkpoint's first weeks", ""]
    for text in item.scenario:
        out += [text, ""]
    out += [f"- {day}: {title} ({cite}{', <' + url + '>' if url else ''})" for day, title, cite, url in item.events]
    out += ["", "Proposals Crisis Group reports or makes, on the table for every party:", ""]
    out += [_md_line(line) for line in item.proposals]
    out += ["", "## Debrief questions", "", *[f"{i}. {q}" for i, q in enumerate(item.debrief, 1)], ""]
    return "\n".join(out)


def write(keys: list[str], out: Path, data: Path | None = None) -> list[Path]:
    """Write `<key>.html` and `<key>.md` for each card into `out`; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for key in keys:
        item = card(key, data)
        for suffix, text in ((".html", to_html(item)), (".md", to_markdown(item))):
            path = out / f"{key}{suffix}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def show(key: str, level: int = 3, shared: bool = False):
    """The card as rich output for a notebook or the book (an IPython HTML object); the scenario and debrief
    questions only with `shared=True` (`show_scenario` shows them once)."""
    from IPython.display import HTML

    return HTML(fragment(card(key), level=level, shared=shared))


def show_scenario(level: int = 3):
    """The shared part of every card (scenario, events, proposals, debrief questions) as rich output."""
    from IPython.display import HTML

    return HTML(scenario_html(level))
