"""The synthesis engine on its own (no database): text, clusters, similar texts, the
command line with its errors."""

import csv
import io
import json

import numpy as np
import pytest

from mitwirken.analysis import cli
from mitwirken.analysis.engine import cluster as clustering
from mitwirken.analysis.engine.duplicates import candidate_pairs
from mitwirken.analysis.engine.pipeline import analyse, prepare
from mitwirken.analysis.engine.similar import SimilarityIndex, shared_terms
from mitwirken.analysis.engine.text import detect_language, lemmas

TOPICS = {
    "kita": [
        "Es gibt zu wenige Kita-Plätze in Halle, Eltern warten monatelang auf einen Platz.",
        "Kinderbetreuung fehlt: Kitas in Magdeburg haben lange Wartelisten für Familien.",
        "Mehr Krippenplätze und Kitaplätze für Kinder zugewanderter Familien schaffen.",
        "Die Kita nimmt unser Kind nicht, weil kein Betreuungsplatz frei ist.",
    ],
    "wohnung": [
        "Geflüchtete finden in Stendal keine bezahlbare Wohnung, Vermieter lehnen ab.",
        "Wohnungssuche ist für Migranten schwer, Mieten in Halle zu hoch.",
        "Bezahlbarer Wohnraum fehlt, Familien bleiben lange in der Gemeinschaftsunterkunft.",
        "Vermieter wollen nicht an Menschen mit ausländischem Namen vermieten, Wohnung gesucht.",
    ],
    "arbeit": [
        "Ausländische Berufsabschlüsse werden zu langsam anerkannt, Fachkräfte warten ein Jahr.",
        "Die Anerkennung des Abschlusses als Pflegekraft dauert viel zu lange.",
        "Ingenieure aus Syrien arbeiten als Helfer, weil ihr Abschluss nicht anerkannt wird.",
        "Anerkennungsverfahren für Berufsabschlüsse beschleunigen und Kosten übernehmen.",
    ],
}


def _corpus():
    texts, labels = [], []
    for label, items in TOPICS.items():
        texts += items
        labels += [label] * len(items)
    return texts, labels


def test_lemmas_merge_word_forms_and_drop_function_words():
    assert lemmas("Die Sprachkurse am Abend für Eltern") == ["sprachkurs", "abend", "eltern"]
    assert "und" not in lemmas("Kita und Schule")


def test_other_languages_are_detected_and_kept_apart():
    assert detect_language("Мы хотим больше курсов немецкого языка вечером") == "ru"
    assert detect_language("Wir brauchen mehr Deutschkurse am Abend für Berufstätige") == "de"
    assert detect_language("Kurz") == "de"  # too short to tell: the process's language
    russian = lemmas("курсов немецкого языка", "ru")
    assert all(term.startswith("ru:") for term in russian)


@pytest.fixture(scope="module")
def analysed():
    texts, labels = _corpus()
    return texts, labels, analyse(prepare(texts), k=3)


def test_clusters_find_the_topics(analysed):
    from sklearn.metrics import adjusted_rand_score

    _, labels, result = analysed
    assert len(set(result.labels)) == 3
    assert adjusted_rand_score(labels, result.labels) > 0.5
    named = {" ".join(terms) for terms in result.names.values()}
    assert any("kita" in name for name in named)


def test_similar_texts_share_their_topic_and_say_why(analysed):
    texts, labels, result = analysed
    index = result.index()
    best = [j for j, _ in index.neighbours(0, 2)]
    assert all(labels[j] == "kita" for j in best)
    prepared = prepare([texts[0], texts[1]])
    assert "kita" in shared_terms(prepared[0].lemmas, prepared[1].lemmas, result.idf)


def test_seeded_mode_puts_texts_to_the_named_topic():
    texts, labels = _corpus()
    topics = {
        "Kita": ["Kita", "Kinderbetreuung"],
        "Wohnen": ["Wohnung", "Miete"],
        "Anerkennung": ["Anerkennung", "Berufsabschluss"],
    }
    result = analyse(prepare(texts), topics=topics)
    names = list(topics)
    predicted = [names[i] for i in result.labels]
    expected = {"kita": "Kita", "wohnung": "Wohnen", "arbeit": "Anerkennung"}
    hits = sum(predicted[i] == expected[label] for i, label in enumerate(labels))
    assert hits >= 10


def test_duplicates_pair_a_paraphrase_and_not_an_unrelated_text():
    texts = [
        "Mehr Deutschkurse am Abend für Berufstätige in Dessau anbieten.",
        "Abendkurse Deutsch für Menschen, die tagsüber arbeiten, in Dessau-Roßlau.",
        "Die Straßenbahn nach Halle-Neustadt fährt nachts zu selten.",
    ]
    result = analyse(prepare(texts), k=1)
    pairs = candidate_pairs(SimilarityIndex(result.vectors), threshold=0.5)
    assert (0, 1) in {(a, b) for a, b, _ in pairs}
    assert all(2 not in (a, b) for a, b, _ in pairs)
    rejected = candidate_pairs(SimilarityIndex(result.vectors), threshold=0.5, rejected={(0, 1)})
    assert (0, 1) not in {(a, b) for a, b, _ in rejected}


def test_the_coarse_index_finds_what_the_exact_one_finds(monkeypatch):
    from mitwirken.analysis.engine import similar

    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((3000, 300)).astype(np.float32)
    exact = SimilarityIndex(vectors)
    monkeypatch.setattr(similar, "EXACT_LIMIT", 1000)
    coarse = SimilarityIndex(vectors)
    assert coarse.coarse is not None and exact.coarse is None
    found = sum(
        len({j for j, _ in exact.neighbours(i, 5)} & {j for j, _ in coarse.neighbours(i, 5)})
        for i in range(50)
    )
    assert found / 250 > 0.6  # random vectors are the hard case; real ones do far better


def test_default_k_grows_with_the_corpus():
    assert clustering.default_k(2) == 1
    assert clustering.default_k(40) >= 2
    assert clustering.default_k(100_000) == 30


# The command line ---------------------------------------------------------------------


def _write(path, rows, delimiter=",", encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerows(rows)


def test_cli_cluster_writes_one_row_per_input_row(tmp_path, capsys):
    texts, _ = _corpus()
    source = tmp_path / "in.csv"
    _write(
        source,
        [["nr", "beitrag"], *[[f"x{i}", t] for i, t in enumerate(texts)]],
        delimiter=";",
        encoding="cp1252",
    )
    out = tmp_path / "out.csv"
    code = cli.main(
        [
            "cluster",
            str(source),
            "--text-column",
            "beitrag",
            "--id-column",
            "nr",
            "--out",
            str(out),
            "--n-clusters",
            "3",
        ]
    )
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == [f"x{i}" for i in range(len(texts))]
    assert {int(r["cluster"]) for r in rows} == {0, 1, 2}


def test_cli_similar_and_seeds(tmp_path):
    texts, _ = _corpus()
    source = tmp_path / "in.csv"
    _write(source, [["id", "text"], *[[i, t] for i, t in enumerate(texts)]])
    out = tmp_path / "similar.csv"
    assert (
        cli.main(
            [
                "similar",
                str(source),
                "--text-column",
                "text",
                "--id-column",
                "id",
                "--top",
                "2",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 2 * len(texts) and set(rows[0]) == {"id", "similar_id", "score"}
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(
        "Kita: Kita, Kinderbetreuung\nWohnen: Wohnung; Miete\nAnerkennung: Berufsabschluss\n",
        encoding="utf-8",
    )
    clustered = tmp_path / "seeded.csv"
    assert (
        cli.main(
            [
                "cluster",
                str(source),
                "--text-column",
                "text",
                "--id-column",
                "id",
                "--seeds",
                str(seeds),
                "--out",
                str(clustered),
            ]
        )
        == 0
    )
    labels = [r["cluster"] for r in csv.DictReader(clustered.open(encoding="utf-8"))]
    assert set(labels) <= {"0", "1", "2"} and len(labels) == len(texts)
    json_seeds = tmp_path / "seeds.json"
    json_seeds.write_text(json.dumps({"A": ["Kita"], "B": "Wohnung"}), encoding="utf-8")
    assert (
        cli.main(
            [
                "cluster",
                str(source),
                "--text-column",
                "text",
                "--id-column",
                "id",
                "--seeds",
                str(json_seeds),
                "--out",
                str(clustered),
            ]
        )
        == 0
    )


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", [], "is empty"),
        (b"id,text\n", [], "no rows"),
        (b"id,text\n1,Hallo\n", ["--text-column", "beitrag"], "no text column 'beitrag'"),
        (b"id,text\n1,Hallo\n", ["--id-column", "nr"], "no id column 'nr'"),
        ("id,text\n1,Größe\n".encode("utf-16"), [], "not UTF-8"),
    ],
)
def test_cli_errors_are_clear(tmp_path, capsys, content, args, message):
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    defaults = {"--text-column": "text", "--id-column": "id"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        defaults[flag] = value
    argv = ["cluster", str(source), "--out", str(tmp_path / "o.csv")]
    for flag, value in defaults.items():
        argv += [flag, value]
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_refuses_a_missing_file_and_a_bad_k(tmp_path, capsys):
    assert (
        cli.main(
            [
                "cluster",
                str(tmp_path / "nope.csv"),
                "--text-column",
                "t",
                "--id-column",
                "i",
                "--out",
                "-",
            ]
        )
        == 2
    )
    assert "cannot read" in capsys.readouterr().err
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,a\n", encoding="utf-8")
    assert (
        cli.main(
            [
                "cluster",
                str(source),
                "--text-column",
                "text",
                "--id-column",
                "id",
                "--out",
                "-",
                "--n-clusters",
                "0",
            ]
        )
        == 2
    )


def test_cli_runs_as_a_module(tmp_path):
    import subprocess
    import sys

    source = tmp_path / "in.csv"
    source.write_text(
        "id,text\n" + "".join(f"{i},{t}\n" for i, t in enumerate(_corpus()[0])), encoding="utf-8"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mitwirken.analysis",
            "cluster",
            str(source),
            "--text-column",
            "text",
            "--id-column",
            "id",
            "--out",
            "-",
            "--n-clusters",
            "3",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO(done.stdout)))[0] == ["id", "cluster"]
