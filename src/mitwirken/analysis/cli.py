"""``python -m mitwirken.analysis`` — the synthesis engine on any CSV file, without the
platform, so that the method can be checked on data that is not ours.

    python -m mitwirken.analysis cluster INPUT.csv --text-column COL --id-column COL \\
        --out OUT.csv [--n-clusters K] [--seeds FILE]
    python -m mitwirken.analysis similar INPUT.csv --text-column COL --id-column COL \\
        --top 5 --out OUT.csv

``cluster`` writes ``id,cluster`` (one row per input row), ``similar`` writes
``id,similar_id,score``. The input is UTF-8 (with or without BOM) or Windows-1252, with
commas, semicolons or tabs. Seeds (topic → key words) are a JSON object
{"topic": ["word", ...]} or lines ``topic: word, word``."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from .engine.pipeline import analyse, prepare


class InputError(Exception):
    pass


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error
    if not raw.strip():
        raise InputError(f"{path} is empty")
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path} is not UTF-8 (it looks like UTF-16); save it as UTF-8")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise InputError(f"{path} is neither UTF-8 nor Windows-1252")
    if encoding == "cp1252" and any(ord(c) in range(0x80, 0xA0) for c in text):
        raise InputError(
            f"{path} is not UTF-8 (and does not look like Windows-1252 either); save it as UTF-8"
        )
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    rows = list(reader)
    if not reader.fieldnames:
        raise InputError(f"{path} has no header row")
    if not rows:
        raise InputError(f"{path} has a header but no rows")
    return list(reader.fieldnames), rows


def column(fields: list[str], name: str, what: str) -> str:
    if name in fields:
        return name
    raise InputError(
        f"no {what} column '{name}' in the file; its columns are: " + ", ".join(fields)
    )


def read_topics(path: Path) -> dict[str, list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the seeds file {path}: {error}") from error
    topics: dict[str, list[str]] = {}
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"the seeds file {path} is not valid JSON: {error}") from error
        for name, words in data.items():
            topics[str(name)] = [words] if isinstance(words, str) else [str(w) for w in words]
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, sep, words = line.partition(":")
            if not sep:
                raise InputError(f"{path}, line {number}: expected 'topic: word, word'")
            topics[name.strip()] = [
                w.strip() for w in words.replace(";", ",").split(",") if w.strip()
            ]
    if len(topics) < 2:
        raise InputError(f"the seeds file {path} needs at least two topics")
    return topics


def load(args) -> tuple[list[str], list[str]]:
    fields, rows = read_rows(Path(args.input))
    text_column = column(fields, args.text_column, "text")
    id_column = column(fields, args.id_column, "id")
    ids = [row[id_column] for row in rows]
    texts = [(row[text_column] or "").strip() for row in rows]
    return ids, texts


def write(path: str, header: list[str], rows) -> None:
    target = sys.stdout if path == "-" else open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
    try:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    finally:
        if target is not sys.stdout:
            target.close()


def run_cluster(args) -> int:
    ids, texts = load(args)
    topics = read_topics(Path(args.seeds)) if args.seeds else None
    prepared = prepare(texts, default_language=args.language)
    result = analyse(prepared, k=args.n_clusters, topics=topics)
    write(args.out, ["id", "cluster"], zip(ids, (int(x) for x in result.labels), strict=True))
    names = list(topics) if topics else None
    for label, terms in sorted(result.names.items()):
        title = names[label] if names else f"cluster {label}"
        size = int((result.labels == label).sum())
        print(f"{label}\t{size}\t{title}: {', '.join(terms)}", file=sys.stderr)
    return 0


def run_similar(args) -> int:
    ids, texts = load(args)
    prepared = prepare(texts, default_language=args.language)
    result = analyse(prepared, k=1)
    index = result.index(list(range(len(ids))))
    rows = []
    for i in range(len(ids)):
        for j, score in index.neighbours(i, args.top):
            rows.append((ids[i], ids[j], f"{score:.4f}"))
    write(args.out, ["id", "similar_id", "score"], rows)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m mitwirken.analysis", description=__doc__.split("\n\n")[0]
    )
    commands = main.add_subparsers(dest="command", required=True)
    for name, helptext in (
        ("cluster", "group the texts"),
        ("similar", "the most similar texts of each text"),
    ):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("input", help="CSV file")
        sub.add_argument("--text-column", required=True)
        sub.add_argument("--id-column", required=True)
        sub.add_argument("--out", required=True, help="CSV file to write ('-': standard output)")
        sub.add_argument(
            "--language", default="de", help="language of texts too short to detect (default: de)"
        )
        if name == "cluster":
            sub.add_argument(
                "--n-clusters",
                type=int,
                default=None,
                help="number of clusters (default: chosen from the size)",
            )
            sub.add_argument("--seeds", help="topics with key words (seeded mode)")
        else:
            sub.add_argument("--top", type=int, default=5)
    return main


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "n_clusters", None) is not None and args.n_clusters < 1:
        print("error: --n-clusters must be at least 1", file=sys.stderr)
        return 2
    if getattr(args, "top", 1) < 1:
        print("error: --top must be at least 1", file=sys.stderr)
        return 2
    try:
        return run_cluster(args) if args.command == "cluster" else run_similar(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
