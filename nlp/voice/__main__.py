"""`python -m nlp.voice FILE.jsonl...`: voice scores of labelled findings, each judged on its own."""
import sys

from nlp.voice.scores import _main

_main(sys.argv[1:])
