"""The `goldenthread` command: a thin layer over assistant.service, as the API is."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

import nlp.offline  # noqa: F401
from assistant import service
from assistant.cli_redaction import check_redaction, eval_redaction
from assistant.cli_bench import register as register_bench
from assistant.cli_retrain import register as register_retrain, train_with_corrections
from assistant.cli_users import users_app
from assistant.cli_corrections import corrections_app
from assistant.data_folder import owner_only
from assistant.ingest import DEMO_CORPUS, IngestError, ingest_paths
from assistant.themes import RATINGS as RATING_NAMES

class _Command(typer.Typer):
    """The console script: an error no command handled is one plain line on stderr and exit
    status 1, never a traceback (which could show paths or ids of records)."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            from assistant.health import plain_message
            print(f"error: {plain_message(error)}", file=sys.stderr)
            sys.exit(1)


app = _Command(add_completion=False, no_args_is_help=True,
                  help="Read children's social-care audit findings: redact, index, search.")
eval_app = typer.Typer(no_args_is_help=True, help="Evaluate against labelled data.")
app.add_typer(eval_app, name="eval")
app.add_typer(users_app, name="users")
app.add_typer(corrections_app, name="corrections")
app.command("check-redaction")(check_redaction)
eval_app.command("redaction")(eval_redaction)
register_retrain(app, eval_app)  # model list/restore, relabel, eval corrections-sim

DataOpt = typer.Option(None, "--data", help="Store folder (default ./data or $GOLDENTHREAD_DATA).")
ChromaOpt = typer.Option(None, "--chroma-url", help="Chroma server URL (client/server mode), e.g. http://127.0.0.1:8001.")
# The slice filters, the same on every command that takes them
FromOpt = typer.Option(None, "--from", help="First audit month, YYYY-MM.")
ToOpt = typer.Option(None, "--to", help="Last audit month, YYYY-MM.")
TeamOpt = typer.Option(None, "--team")
ServiceOpt = typer.Option(None, "--service")
LegalStatusOpt = typer.Option(None, "--legal-status")
RatingOpt = typer.Option(None, "--rating")


def _workspace(data: Optional[Path], chroma_url: Optional[str], create: bool = False) -> service.Workspace:
    """Only ingest, load-demo and serve (`create`) may start a store in a folder without one."""
    owner_only(data or service.default_data_dir())
    ws = service.Workspace(data or service.default_data_dir(), chroma_url or service.default_chroma_url())
    if not create and not ws.chroma_url and not service.has_store(ws.data_dir):
        _fail(f"no goldenthread store in {ws.data_dir}: check --data (or $GOLDENTHREAD_DATA); "
              "'goldenthread ingest' or 'goldenthread load-demo' makes one")
    return ws


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def print_ingest_report(report, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
        return
    typer.echo(f"files read: {report.files}; narratives: {report.narratives} "
               f"(added {report.added}, updated {report.updated}, unchanged {report.unchanged}); "
               f"findings: {report.findings}")
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.redactions.items())) or "nothing found to redact"
    typer.echo(f"redaction report: {counts}")
    if report.control_characters:
        from assistant.textsafe import REMOVED_MESSAGE
        typer.echo(REMOVED_MESSAGE.format(n=report.control_characters))
    for path in report.skipped_files:
        typer.echo(f"skipped (unsupported format): {path}")
    if report.bad:
        typer.echo(f"skipped {len(report.bad)} bad input(s):")
        for line in report.bad:
            typer.echo(f"  {line}")


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="Files or folders (JSONL, CSV, XLSX, TXT, MD, DOCX, PDF)."),
           split_headings: bool = typer.Option(False, "--split-headings", help="One narrative per heading (MD, DOCX, PDF)."),
           skip_bad: bool = typer.Option(False, "--skip-bad", help="Load the good rows and list the bad ones."),
           as_json: bool = typer.Option(False, "--json"),
           data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Redact, split into findings and index narratives. Re-running is safe."""
    from assistant.ingest import ingest as run_ingest, load_narratives
    from assistant.progress import IngestProgress

    ws = _workspace(data, chroma_url, create=True)
    try:
        narratives, read_report = load_narratives(paths, split_headings, skip_bad)
    except IngestError as error:
        for line in error.errors:
            typer.echo(f"error: {line}", err=True)
        typer.echo("nothing was loaded; the store is unchanged (use --skip-bad to load the good rows)", err=True)
        raise typer.Exit(2)
    pipeline, embedder = ws.nlp, ws.embedder  # loaded before the clock starts
    shown = IngestProgress(len(narratives))
    with shown.shown():
        report = run_ingest(ws.store, narratives, pipeline, embedder, shown.message, shown.advance)
    typer.echo(shown.summary(), err=True)
    report.files, report.bad, report.skipped_files = read_report.files, read_report.bad, read_report.skipped_files
    report.control_characters = read_report.control_characters
    print_ingest_report(report, as_json)


@app.command("load-demo")
def load_demo(data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Load the bundled fictional demo corpus."""
    ws = _workspace(data, chroma_url, create=True)
    report = ingest_paths(ws.store, [DEMO_CORPUS], ws.nlp, ws.embedder, progress=None)
    print_ingest_report(report, False)


@app.command()
def search(query: str,
           k: int = typer.Option(10, "--k", min=1, max=200),
           date_from: Optional[str] = FromOpt,
           date_to: Optional[str] = ToOpt,
           team: Optional[list[str]] = TeamOpt,
           service_: Optional[list[str]] = ServiceOpt,
           legal_status: Optional[list[str]] = LegalStatusOpt,
           rating: Optional[list[str]] = RatingOpt,
           fundamental: Optional[list[str]] = typer.Option(None, "--fundamental", help="Practice fundamental, e.g. planning."),
           stance: Optional[list[str]] = typer.Option(None, "--stance", help="strength, concern or neutral."),
           mode: str = typer.Option("hybrid", "--mode", help="dense, bm25 or hybrid."),
           as_json: bool = typer.Option(False, "--json", help="One JSON object a line."),
           data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Search findings (dense + BM25, fused by reciprocal rank)."""
    try:
        filters = service.make_filters(date_from, date_to, team, service_, legal_status, rating, fundamental, stance)
        hits = service.search(_workspace(data, chroma_url), query, k, mode, filters)
    except ValueError as error:
        _fail(str(error))
    if as_json:
        for hit in hits:
            typer.echo(json.dumps(hit))
        return
    if not hits:
        typer.echo("no findings match")
    for n, hit in enumerate(hits, 1):
        meta = " · ".join(str(hit[k]) for k in ("date", "team", "legal_status", "rating") if hit.get(k))
        typer.echo(f"{n:>2}. [{hit['score']:.3f}] {hit['narrative_id']} #{hit['position']}  {meta}\n    {hit['text']}")


@app.command()
def stats(as_json: bool = typer.Option(False, "--json"), data: Optional[Path] = DataOpt,
          chroma_url: Optional[str] = ChromaOpt):
    """Narratives and findings in the store, by month, team, legal status and rating."""
    result = service.stats(_workspace(data, chroma_url))
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"narratives: {result['narratives']}  findings: {result['findings']}  revision: {result['revision']}")
    for key, counts in result["narratives_by"].items():
        typer.echo(f"narratives by {key}:")
        for value, n in counts.items():
            typer.echo(f"  {value}: {n}")


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


def print_turn(turn: dict) -> None:
    typer.echo(turn["answer"])
    numbered = {c["finding_id"]: n for n, c in enumerate(turn["citations"], 1)}
    for c in turn["citations"]:
        where = ", ".join(x for x in (c.get("month"), c.get("team")) if x)
        typer.echo(f"  [{numbered[c['finding_id']]}] {c['finding_id']} ({where})")
    shown = {k: v for k, v in turn["filters"].items() if v}
    typer.echo(f"  read as: {turn['intent']}" + (f" · {json.dumps(shown)}" if shown else " · no filters"))


@app.command()
def chat(ask: Optional[list[str]] = typer.Option(None, "--ask", help="Ask these in turn and stop (no prompt)."),
         today: Optional[str] = typer.Option(None, "--today", help="Resolve relative periods against YYYY-MM-DD."),
         as_json: bool = typer.Option(False, "--json", help="One JSON object per answer."),
         data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Ask questions about the audit findings; follow-ups keep the context. Empty line or 'exit' ends."""
    import datetime as dt

    from assistant.chat import Conversations, respond
    from assistant.generator import Generator

    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        _fail("--today must be a date, YYYY-MM-DD")
    ws = _workspace(data, chroma_url)
    conversation = Conversations().get(None)
    generator = Generator.from_env()
    questions = iter(ask) if ask else None
    if questions is None:
        try:
            import readline  # noqa: F401  (history and line editing at the prompt)
        except ImportError:
            pass
        typer.echo("Ask about the audit findings (empty line or 'exit' to stop). Answers quote recorded practice; "
                   "they never score risk to a child.")
    while True:
        if questions is not None:
            question = next(questions, None)
        else:
            try:
                question = input("> ")
            except EOFError:
                question = None
        if question is None or question.strip().lower() in ("", "exit", "quit"):
            return
        turn = respond(ws, question, conversation, day, generator)
        if as_json:
            typer.echo(json.dumps(turn))
        else:
            print_turn(turn)


def _today(value: Optional[str]):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        _fail("--today: use YYYY-MM-DD")


def _known_teams(data: Optional[Path], chroma_url: Optional[str]) -> list[str]:
    """Teams of the store when one exists (cheap: one metadata query), else the demo corpus's."""
    from assistant.parse import demo_teams

    ws = _workspace(data, chroma_url, create=True)
    if ws.chroma_url or service.has_store(ws.data_dir):
        try:
            teams = sorted(service.distinct_values(ws.store)["team"])
            if teams:
                return teams
        except Exception:  # a store that cannot be opened still leaves the question readable
            pass
    return list(demo_teams())


@app.command("parse")
def parse_cmd(question: str, today: Optional[str] = typer.Option(None, "--today", help="YYYY-MM-DD (default: today)."),
              as_json: bool = typer.Option(False, "--json"), data: Optional[Path] = DataOpt,
              chroma_url: Optional[str] = ChromaOpt):
    """How the chat assistant reads one question: intent, filters, stance, follow-up."""
    from assistant.parse import parse_question

    parsed = parse_question(question, today=_today(today), known_teams=_known_teams(data, chroma_url))
    if as_json:
        typer.echo(json.dumps(parsed))
        return
    typer.echo(f"intent: {parsed['intent']}")
    for key, value in parsed["filters"].items():
        typer.echo(f"  {key}: {value if value is not None else '-'}")
    for key in ("stance", "query", "text", "compare"):
        if parsed.get(key):
            typer.echo(f"{key}: {json.dumps(parsed[key]) if key == 'compare' else parsed[key]}")


@app.command()
def export(as_json: bool = typer.Option(True, "--json/--no-json", help="JSONL (the only format)."),
           data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Every stored finding with its metadata, redacted as stored, as JSONL."""
    for row in service.export_rows(_workspace(data, chroma_url)):
        sys.stdout.write(json.dumps(row, sort_keys=True) + "\n")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
          workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes (each loads the models)."),
          data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Serve the API and the search page."""
    import os

    import uvicorn

    from api.app import create_app

    ws = _workspace(data, chroma_url, create=True)
    typer.echo(f"goldenthread is serving on http://{host}:{port}  (search page: http://{host}:{port}/ , API docs: /docs)"
               + (f", {workers} worker processes" if workers > 1 else ""))
    if workers == 1:
        # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1, letting
        # a local client pick its own address; api/auth.py reads it only from $GOLDENTHREAD_TRUSTED_PROXIES.
        uvicorn.run(create_app(ws), host=host, port=port, log_level="warning", access_log=False, proxy_headers=False)
        return
    # Each worker builds its own app from the environment (uvicorn starts them by import);
    # every cache in them is keyed by the store's revision, so a change any process commits
    # is seen by all (index/store.py, index/columns.py).
    os.environ["GOLDENTHREAD_DATA"] = str(ws.data_dir.resolve())
    if ws.chroma_url:
        os.environ["GOLDENTHREAD_CHROMA_URL"] = ws.chroma_url
    # A worker importing the models on a busy machine can miss uvicorn's 5 s health check
    # and be restarted over and over: give it time.
    uvicorn.run("api.app:create_app", factory=True, workers=workers, host=host, port=port, log_level="warning",
                access_log=False, timeout_worker_healthcheck=300,
                proxy_headers=False)


def read_analysis_input(source: str) -> list[dict]:
    """A JSONL file of {"id", "text"} rows, or the text itself."""
    path = Path(source)
    if not path.exists():
        if source.strip().endswith(".jsonl"):
            raise ValueError(f"{source}: no such file")
        return [{"id": None, "text": source}]
    if path.suffix.lower() != ".jsonl":
        raise ValueError(f"{source}: analyse reads a .jsonl file of {{\"id\", \"text\"}} rows, or a text")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise ValueError(f"{source}: line {n}: not valid JSON") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            raise ValueError(f"{source}: line {n}: expected an object with a non-empty \"text\" (and an \"id\")")
        rows.append({"id": row.get("id"), "text": row["text"]})
    return rows


@app.command()
def analyse(source: str = typer.Argument(..., help="A .jsonl file of {id, text} rows, or a text in quotes."),
            as_json: bool = typer.Option(False, "--json", help="One JSON object a line.")):
    """Practice fundamentals, stance, child's voice, jargon and readability of each text (as given)."""
    from nlp.analysis import analyse as run_analysis
    from nlp.pipeline import load_analysis

    try:
        rows = read_analysis_input(source)
    except ValueError as error:
        _fail(str(error))
    for result in run_analysis(load_analysis(), rows):
        if as_json:
            typer.echo(json.dumps(result))
            continue
        labels = ", ".join(f"{f['label']} {f['score']:.2f}" for f in result["fundamentals"]) or "no fundamental"
        stance = result["stance"]["label"] if result["stance"] else "-"
        typer.echo(f"{result['id'] or '(text)'}: {labels}; stance {stance}; child's voice {result['child_voice']['label']}")
        for flag in result["jargon"]:
            plain = f" -> {flag['plain']}" if flag.get("plain") else ""
            typer.echo(f"  jargon [{flag['severity']}] {flag['span']}{plain}")


@app.command()
def train(data_files: Optional[list[Path]] = typer.Argument(None, help="Labelled JSONL in the taxonomy's format."),
          out: Optional[Path] = typer.Option(None, "--out", help="Where to write the model (.npz; a .json, card and tuned "
                                                                 "encoder .safetensors beside it)."),
          encoder: Optional[str] = typer.Option(None, "--encoder", help="'tuned' (top layer tuned to these labels) "
                                                                        "or 'base' (the packaged encoder, frozen); "
                                                                        "default: the shipped model's choice."),
          folds: int = typer.Option(5, "--folds", min=0, help="Cross-validation folds for the card (0: none)."),
          seed: int = typer.Option(0, "--seed"),
          with_corrections: bool = typer.Option(False, "--with-corrections",
                                                help="Retrain the shipped model on the council's QA corrections, "
                                                     "kept in the data folder; used only if not worse (grouped CV)."),
          corrections: Optional[Path] = typer.Option(None, "--corrections", help="With --with-corrections: the "
                                                     "corrections as labelled JSONL (default: the reviews database)."),
          tolerance: float = typer.Option(0.0, "--tolerance", min=0.0, max=0.1, help="With --with-corrections: how "
                                          "far below the current model's macro-F1 the new one may be and still switch."),
          data: Optional[Path] = DataOpt):
    """Retrain the fundamentals and stance classifier (and its tuned encoder), e.g. on a council's own labelled
    audits; or, with --with-corrections, on the shipped rows plus the council's corrections (DATA_FILES then
    stand in for the shipped rows)."""
    from dataclasses import replace

    from nlp.classify import Config, train_from_files

    if with_corrections:
        return train_with_corrections(data, corrections, folds, seed, tolerance, data_files)
    if not data_files or out is None:
        _fail("give the labelled files and --out PATH (or --with-corrections)")
    if encoder not in (None, "tuned", "base"):
        _fail("--encoder must be 'tuned' or 'base'")
    try:
        summary = train_from_files(data_files, out, replace(Config(), encoder=encoder or Config().encoder, seed=seed),
                                   cv_folds=folds)
    except ValueError as error:
        _fail(str(error))
    typer.echo(json.dumps(summary, indent=2) if not isinstance(summary, str) else summary)


@app.command("train-intent")
def train_intent(files: Optional[list[Path]] = typer.Argument(None, help="Labelled question JSONL (default: "
                                                                        "eval/data/chat_questions*.jsonl but the blind set)."),
                 out: Optional[Path] = typer.Option(None, "--out", help="Where to write the model (.npz and .json).")):
    """Rebuild the chat's learned intent reader; settings chosen by grouped cross-validation."""
    from assistant.parse.intent import MODEL_PATH
    from assistant.parse.train_intent import build

    try:
        summary = build(files or None, out or MODEL_PATH)
    except (ValueError, OSError) as error:
        _fail(str(error))
    typer.echo(json.dumps(summary, indent=2))


bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks (ratios hold on any machine; seconds are this one's).")
app.add_typer(bench_app, name="bench")
register_bench(bench_app)  # bench ingest, bench serve


@bench_app.command("analyse")
def bench_analyse(n: int = typer.Option(1000, "--n", min=10), data_file: Optional[Path] = typer.Option(None, "--data-file"),
                  as_json: bool = typer.Option(False, "--json")):
    """Time the analysis of N findings against the bare embedding encode of the same texts."""
    from eval.bench import bench_analyse as run_bench

    result = run_bench(n, data_file)
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"{n} findings: encode {result['encode_per_second']}/s, analyse {result['analyse_per_second']}/s, "
               f"ratio {result['ratio']} (analysis / encode), peak RSS {result['peak_rss_mb']} MB")


@bench_app.command("fuzz")
def bench_fuzz(max_examples: int = typer.Option(20, "--max-examples", min=1, help="Generated cases per operation."),
               max_time: int = typer.Option(600, "--max-time", min=10, help="Seconds for the fuzzing itself."),
               store: Optional[Path] = typer.Option(None, "--store", help="Copy this data folder (default: load the demo)."),
               seed: int = typer.Option(0, "--seed"),
               keep: Optional[Path] = typer.Option(None, "--keep", help="Keep the HAR file and logs here.")):
    """Fuzz the JSON API of a real server on 127.0.0.1 with schemathesis (installed into a
    throw-away venv under /tmp); exits 1 on any 5xx."""
    from eval.fuzz_api import run as run_fuzz

    figures = run_fuzz(max_examples, max_time, store, seed, keep)
    typer.echo(json.dumps(figures, indent=1))
    if not figures["ok"]:
        raise typer.Exit(1)


@bench_app.command("summary")
def bench_summary_command(n: int = typer.Option(100_000, "--n", min=1000, help="Findings in the replicated corpus."),
                          theme: str = typer.Option("planning", "--theme"),
                          as_json: bool = typer.Option(False, "--json"),
                          data: Optional[Path] = DataOpt):
    """Time theme summaries over N findings (the store's findings replicated) and slices of it."""
    from eval.bench_summary import bench_summary, format_table

    try:
        result = bench_summary(data or service.default_data_dir(), n, theme)
    except ValueError as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result))


@eval_app.command("analysis")
def eval_analysis(data_files: list[Path] = typer.Argument(..., help="One or more labelled JSONL files."),
                  folds: int = typer.Option(5, "--folds", min=2),
                  group_by: str = typer.Option("auto", "--group-by",
                                               help="Grouped CV: no value of this field (e.g. source) on both sides "
                                                    "of a fold. 'auto': source when rows have one; 'none': k-fold."),
                  as_json: bool = typer.Option(False, "--json")):
    """Pipeline vs keyword, TF-IDF and zero-shot baselines on labelled findings (grouped and k-fold CV)."""
    from eval.analysis import evaluate, format_table

    try:
        result = evaluate(data_files, folds=folds, group_by=None if group_by.lower() == "none" else group_by)
    except ValueError as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result))


@eval_app.command("voice")
def eval_voice(data_file: Path, group_by: str = typer.Option("source", "--group-by"),
               folds: int = typer.Option(5, "--folds", min=2),
               variants: bool = typer.Option(False, "--variants", help="Every variant tried, and the nested choice."),
               as_json: bool = typer.Option(False, "--json")):
    """Child's voice on narrative passages: the rules, and the rules with the learned judgement (grouped CV)."""
    from eval.voice_eval import DEFAULT, VARIANTS, evaluate, format_table

    try:
        result = evaluate(data_file, group_by=group_by, folds=folds, variants=VARIANTS if variants else (DEFAULT,),
                          nested=variants)
    except (ValueError, OSError) as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result))


@eval_app.command("jargon")
def eval_jargon(data_files: list[Path], as_json: bool = typer.Option(False, "--json")):
    """Jargon span P/R/F1 (exact, overlap): every flag but uncommon words, and the hard-to-understand kind alone."""
    from eval.spans import hard_kind_scores, jargon_scores, load_findings, _real_pipeline

    try:
        rows = [row for path in data_files for row in load_findings(path)]
        for n, row in enumerate(rows, 1):
            if not isinstance(row.get("text"), str) or not isinstance(row.get("jargon"), list):
                raise ValueError(f"row {n} of {', '.join(map(str, data_files))}: needs \"text\" and a \"jargon\" list")
    except (ValueError, OSError) as error:
        _fail(str(error))
    pipeline = _real_pipeline()
    result = {"files": [str(p) for p in data_files], "findings": len(rows),
              "every_flag_but_uncommon_words": jargon_scores(pipeline, rows)["without"],
              "hard_to_understand_kind": hard_kind_scores(pipeline, rows)}
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"{len(rows)} findings from {len(data_files)} file(s); overlap and exact span scores")
    for name in ("every_flag_but_uncommon_words", "hard_to_understand_kind"):
        s = result[name]
        typer.echo(f"{name:<32} overlap F1 {s['overlap']['f1']:.3f} (P {s['overlap']['precision']:.3f}, "
                   f"R {s['overlap']['recall']:.3f})  exact F1 {s['exact']['f1']:.3f}  flags {s['pred']}, gold {s['gold']}")


@eval_app.command("retrieval")
def eval_retrieval(files: Optional[List[Path]] = typer.Argument(None, help="PASSAGES QUERIES [PASSAGES QUERIES ...]"),
                   k: int = typer.Option(10, "--k", min=1), as_json: bool = typer.Option(False, "--json"),
                   store_dir: Optional[Path] = typer.Option(None, "--store-dir", help="Keep each pair's store here and reuse it on the next run (default: temporary)."),
                   encoder: Optional[Path] = typer.Option(None, "--encoder", help="Tuned top layers (python -m eval.retrieval_tune) to embed findings, records and queries instead of the packaged model; its stores are kept apart.")):
    """recall@k, MRR@k and nDCG@k for dense, bm25, hybrid and a plain peer, per pair and their query-weighted mean."""
    from eval.retrieval import evaluate_pairs, format_table, parse_pairs

    try:
        if encoder is not None and not encoder.is_file():
            raise ValueError(f"{encoder}: no tuned retrieval encoder there (python -m eval.retrieval_tune writes one)")
        result = evaluate_pairs(parse_pairs(files), k, store_dir, encoder)
    except (ValueError, IngestError) as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result, k))


@eval_app.command("chat")
def eval_chat(questions: Path, today: Optional[str] = typer.Option(None, "--today", help="YYYY-MM-DD for rows without one (default: today)."),
              as_json: bool = typer.Option(False, "--json"),
              rules: bool = typer.Option(False, "--rules", help="Read intents by the rules alone (no learned reader).")):
    """Question parser: intent accuracy, filter exact-match and per-key accuracy (no store needed)."""
    from eval.chat import evaluate, format_table, read_questions

    try:
        result = evaluate(read_questions(questions), _today(today), learned=not rules)
    except (ValueError, OSError) as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result))

if __name__ == "__main__":
    app()
