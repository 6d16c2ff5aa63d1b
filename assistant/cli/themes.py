"""`goldenthread summary` and `report`: one theme's summary, printed or drafted as a report."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from assistant import service
from assistant.cli.base import (ChromaOpt, DataOpt, FromOpt, LegalStatusOpt, RatingOpt, ServiceOpt, TeamOpt, ToOpt,
                                _fail, _workspace, app)
from assistant.themes import RATINGS as RATING_NAMES


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def _cite(quote: dict) -> str:
    where = ", ".join(x for x in (quote.get("month"), quote.get("team")) if x)
    return f"\"{quote['text']}\" [{quote['finding_id']}; {where}]"


def print_summary(result: dict) -> None:
    """The summary as a QA officer reads it: figures first, then what recurs, with citations."""
    theme, counts, period = result["theme"], result["counts"], result["period"]
    span = f"{period['from'] or 'start'} to {period['to'] or 'latest'}"
    typer.echo(f"Theme: {theme['name']} ({theme['kind'].replace('_', ' ')}) · {span}")
    typer.echo(f"{counts['findings']} findings from {counts['narratives']} audits: "
               f"{counts['concern']} concerns ({_pct(counts['concern'], counts['findings'])}), "
               f"{counts['strength']} strengths ({_pct(counts['strength'], counts['findings'])}), "
               f"{counts['neutral']} neutral.")
    if result["previous"]:
        before, change = result["previous"], result["change"]
        typer.echo(f"Previous period {before['from']} to {before['to']}: {before['counts']['findings']} findings "
                   f"from {before['counts']['narratives']} audit{'s' if before['counts']['narratives'] != 1 else ''}; concern share changed by "
                   f"{change['concern_share'] * 100:+.0f} points, strength share by {change['strength_share'] * 100:+.0f}.")
    if result["ratings_by_month"]:
        typer.echo("\nAudits on this theme by rating and month:")
        typer.echo(f"  {'month':<9}{'total':>6}  " + "  ".join(f"{r:>20}" for r in RATING_NAMES))
        for row in result["ratings_by_month"]:
            cells = "  ".join(f"{row['counts'][r]:>3} ({row['percent'][r]:>5.1f}%)".rjust(20) for r in RATING_NAMES)
            typer.echo(f"  {row['month']:<9}{row['total']:>6}  {cells}")
    for title, key in (("Recurring concerns", "concern_clusters"), ("Recurring strengths", "strength_clusters")):
        if result[key]:
            typer.echo(f"\n{title}:")
        for cluster in result[key]:
            trend = cluster["trend"]
            was = f", {trend['previous']} in the previous period" if trend["previous"] is not None else ""
            typer.echo(f"  - {', '.join(cluster['key_phrases']) or '(no recurring phrase)'}: "
                       f"{cluster['size']} findings in {cluster['narratives']} audits{was}")
            for quote in cluster["quotes"]:
                typer.echo(f"      {_cite(quote)}")
    if result["what_good_looks_like"]:
        typer.echo("\nWhat good looks like:")
        for quote in result["what_good_looks_like"]:
            typer.echo(f"  - {_cite(quote)}")
    if result["teams_with_concerns"]:
        typer.echo("\nTeams with three or more concerns on this theme:")
        for team in result["teams_with_concerns"]:
            typer.echo(f"  - {team['team']}: {team['concerns']} concerns in {team['narratives']} "
                       f"audit{'s' if team['narratives'] != 1 else ''}")
    voice, lang = result["child_voice"], result["language"]
    typer.echo(f"\nChild's voice: evidenced in {voice['narratives']['present']} of these audits, not evidenced in "
               f"{voice['narratives']['absent']} ({voice['narratives']['not_applicable']} not about one child).")
    kinds = lang.get("jargon_by_kind") or {}
    split = (f" ({kinds.get('hard_to_understand', 0)} may be hard to understand, "
             f"{kinds.get('may_not_feel_right', 0)} may not feel right)") if kinds else ""
    typer.echo(f"Language: {lang['jargon_flags']} jargon flags{split} in {lang['findings_with_jargon']} findings; "
               f"mean accessibility {lang['mean_accessibility'] if lang['mean_accessibility'] is not None else 'n/a'}.")
    if result["recommendations"]:
        typer.echo("\nRecommendations and actions recorded:")
        for quote in result["recommendations"]:
            typer.echo(f"  - {_cite(quote)}")
    typer.echo(f"\n{result['notice']}")


def _theme_summary(theme: str, slice_args: tuple, data, chroma_url) -> dict:
    """The summary `summary` prints and `report` drafts, or a clear error and exit 2."""
    try:
        filters = service.make_filters(*slice_args)
        return service.theme_summary(_workspace(data, chroma_url), theme, filters)
    except ValueError as error:
        _fail(str(error))


@app.command()
def summary(theme: str = typer.Argument(..., help="A practice fundamental (e.g. planning) or a few words."),
            date_from: Optional[str] = FromOpt,
            date_to: Optional[str] = ToOpt,
            team: Optional[list[str]] = TeamOpt,
            service_: Optional[list[str]] = ServiceOpt,
            legal_status: Optional[list[str]] = LegalStatusOpt,
            rating: Optional[list[str]] = RatingOpt,
            as_json: bool = typer.Option(False, "--json"),
            data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Summarise one theme: figures, change, recurring concerns and strengths, cited quotes."""
    result = _theme_summary(theme, (date_from, date_to, team, service_, legal_status, rating), data, chroma_url)
    if as_json:
        typer.echo(json.dumps(result))
        return
    print_summary(result)


@app.command()
def report(theme: str = typer.Argument(..., help="A practice fundamental (e.g. planning) or a few words."),
           date_from: Optional[str] = FromOpt,
           date_to: Optional[str] = ToOpt,
           team: Optional[list[str]] = TeamOpt,
           service_: Optional[list[str]] = ServiceOpt,
           legal_status: Optional[list[str]] = LegalStatusOpt,
           rating: Optional[list[str]] = RatingOpt,
           fmt: str = typer.Option("md", "--format", help="md, docx or html."),
           out: Optional[Path] = typer.Option(None, "--out", help="File to write (default goldenthread-THEME-report.FORMAT)."),
           data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Draft a thematic report under the house headings, with charts and citations."""
    from assistant.report import write_report

    if fmt not in ("md", "docx", "html"):
        _fail("--format must be md, docx or html")
    result = _theme_summary(theme, (date_from, date_to, team, service_, legal_status, rating), data, chroma_url)
    target = out or Path(f"goldenthread-{result['theme']['id'] or 'custom'}-report.{fmt}")
    for path in write_report(result, fmt, target):
        typer.echo(f"wrote {path}")
