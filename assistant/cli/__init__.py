"""The `goldenthread` command: a thin layer over assistant.service, as the API is.
Its commands live in this package by job; importing it registers them, in the order `--help` lists them."""
from __future__ import annotations

from assistant.cli.base import (ChromaOpt, DataOpt, FromOpt, LegalStatusOpt, RatingOpt, ServiceOpt, TeamOpt, ToOpt,
                                app, bench_app, eval_app)
from assistant.cli_redaction import check_redaction, eval_redaction
from assistant.cli_bench import register as register_bench
from assistant.cli_retrain import register as register_retrain, train_with_corrections
from assistant.cli_users import users_app
from assistant.cli_corrections import corrections_app

app.add_typer(eval_app, name="eval")
app.add_typer(users_app, name="users")
app.add_typer(corrections_app, name="corrections")
app.command("check-redaction")(check_redaction)
eval_app.command("redaction")(eval_redaction)
register_retrain(app, eval_app)  # model list/restore, relabel, eval corrections-sim

# Each import below registers its commands on `app` (or `bench_app`, `eval_app`); the order is --help's.
from assistant.cli.store import ingest, load_demo, print_ingest_report, search, stats  # noqa: E402
from assistant.cli.themes import print_summary, report, summary  # noqa: E402
from assistant.cli.conversation import chat, parse_cmd, print_turn  # noqa: E402
from assistant.cli.sharing import export, serve  # noqa: E402
from assistant.cli.models import analyse, read_analysis_input, train, train_intent  # noqa: E402

app.add_typer(bench_app, name="bench")
register_bench(bench_app)  # bench ingest, bench serve

from assistant.cli.bench import bench_analyse, bench_fuzz, bench_summary_command  # noqa: E402
from assistant.cli.evals import eval_analysis, eval_chat, eval_jargon, eval_retrieval, eval_voice  # noqa: E402

__all__ = ["app", "eval_app", "bench_app", "DataOpt", "ChromaOpt", "FromOpt", "ToOpt", "TeamOpt", "ServiceOpt",
           "LegalStatusOpt", "RatingOpt", "check_redaction", "eval_redaction", "train_with_corrections",
           "users_app", "corrections_app", "print_ingest_report", "ingest", "load_demo", "search", "stats",
           "print_summary", "summary", "report", "print_turn", "chat", "parse_cmd", "export", "serve",
           "read_analysis_input", "analyse", "train", "train_intent", "bench_analyse", "bench_fuzz",
           "bench_summary_command", "eval_analysis", "eval_voice", "eval_jargon", "eval_retrieval", "eval_chat"]
