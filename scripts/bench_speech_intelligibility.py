#!/usr/bin/env python3
"""Benchmark: are SynSpeech's words intelligible and its speakers recognisable?

Scores SynSpeech sentences against espeak-ng (Debian's formant synthesizer) speaking the same
sentences with its voice variants, in the same run, with two independent tools that ship their
own models:

- intelligibility: PocketSphinx 5 (PyPI `pocketsphinx`, its bundled en-us acoustic model and
  CMUdict) decodes every utterance three ways:
    * "sentences": a JSGF grammar whose alternatives are exactly the benchmark's sentences
      (a closed-set "which of these N sentences" decision): sentence accuracy and WER;
    * "word loop": any sequence of the benchmark's words (a flat unigram model over them): WER;
    * "open LM", with --open-lm: the bundled general English trigram model: WER;
    * "phones": its phone recognizer (bundled phone bigram), scored against CMUdict
      pronunciations: phone error rate and, per phoneme, what was heard instead (diagnosis).
  Both systems' audio gets the same preparation (peak 0.9, 0.3 s padding, a -60 dBFS
  fixed-seed noise floor: see recognise()).
- speakers: Resemblyzer (PyPI `resemblyzer`, its bundled pretrained GE2E encoder on torch)
  embeds every utterance; the equal error rate of same- vs different-speaker cosine scores
  over all pairs, and leave-one-out nearest-centroid speaker identification accuracy.
  Each system's speaker set is its own: SynSpeech speakers vs espeak-ng voice variants.
- uncertainty: 95 % intervals of the differences (SynSpeech minus espeak-ng) from 1000 paired
  bootstrap resamplings of the texts.

Input: a SynSpeech dataset folder (metadata.csv with file_name, speaker, text, style, gender,
phones columns; audio as WAV files), or, without --dataset, the script generates
configs/synspeech-intelligibility.yaml with --synbench (default .build/release/synbench).
It picks the first --speakers speakers and the first --texts texts (default style only; texts
with a word missing from CMUdict are skipped) and renders those texts with espeak-ng
`-v en-us+VARIANT` for each variant (22.05 kHz, resampled to 16 kHz).

Run:  make bench-speech-intelligibility   (installs the tools, builds, generates, runs this)
  or  python3 scripts/bench_speech_intelligibility.py --dataset DIR [--json out.json]
Needs: espeak-ng on PATH, python3 with numpy, scipy, soundfile, pocketsphinx, resemblyzer
(torch). A benchmark, not a test: it prints tables and exits 0 whatever the figures are.
"""
import argparse
import collections
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import soundfile
from scipy.signal import resample_poly

RATE = 16000
DEFAULT_VARIANTS = "m1,m2,m3,m4,f1,f2,f3,f4"


def words_of(sentence):
    """Lower-case words of a sentence, punctuation dropped (apostrophes kept)."""
    return re.findall(r"[a-z']+", sentence.lower())


def load_cmudict(path):
    """{word (lower case): its first pronunciation (ARPAbet phones without stress)}."""
    pronunciations = {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            fields = line.split()
            if line.startswith(";;;") or not fields:
                continue
            word = re.sub(r"\(\d+\)$", "", fields[0]).lower()
            pronunciations.setdefault(word, [re.sub(r"\d", "", p) for p in fields[1:]])
    return pronunciations


def to_rate(samples, rate):
    """Float samples at `rate` resampled to 16 kHz."""
    if rate == RATE:
        return samples
    divisor = np.gcd(int(rate), RATE)
    return resample_poly(samples, RATE // divisor, int(rate) // divisor)


def read_audio(path):
    samples, rate = soundfile.read(path, dtype="float64", always_2d=True)
    return to_rate(samples[:, 0], rate)


def edit_ops(reference, hypothesis):
    """Levenshtein alignment of two token lists: (errors, for each reference token the
    hypothesis token aligned with it, or None where it was deleted)."""
    n, m = len(reference), len(hypothesis)
    cost = np.zeros((n + 1, m + 1), dtype=int)
    cost[:, 0] = np.arange(n + 1)
    cost[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i, j] = min(cost[i - 1, j] + 1, cost[i, j - 1] + 1,
                             cost[i - 1, j - 1] + (reference[i - 1] != hypothesis[j - 1]))
    aligned = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        if cost[i, j] == cost[i - 1, j - 1] + (reference[i - 1] != hypothesis[j - 1]):
            aligned[i - 1] = hypothesis[j - 1]
            i, j = i - 1, j - 1
        elif cost[i, j] == cost[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    return int(cost[n, m]), aligned


# ---------------------------------------------------------------------------- inputs

def generate_dataset(synbench, config, out):
    subprocess.run([synbench, "generate", config, "--out", out, "--quiet"], check=True)


def pick_ours(dataset, n_speakers, n_texts, pronunciations):
    """[(speaker label, text, path)] for the first speakers x the first usable texts."""
    with open(os.path.join(dataset, "metadata.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if "style" in rows[0]:
        rows = [row for row in rows if row["style"] == "default"]
    text_column = "transcript" if "transcript" in rows[0] else "text"
    by_key = {(row["speaker"], row[text_column]): row for row in rows}
    speakers = sorted({row["speaker"] for row in rows}, key=lambda s: (len(s), s))[:n_speakers]
    texts, skipped = [], []
    for row in sorted(rows, key=lambda r: int(r.get("text_idx") or r.get("text") or 0)):
        sentence = row[text_column]
        if sentence in texts or sentence in skipped:
            continue
        if not all((s, sentence) in by_key for s in speakers):
            continue
        missing = [w for w in words_of(sentence) if w not in pronunciations]
        (skipped if missing else texts).append(sentence)
        if len(texts) == n_texts:
            break
    if skipped:
        print(f"skipped {len(skipped)} text(s) with words missing from CMUdict: {skipped}")
    items = [(f"synspeech-{s}", t, os.path.join(dataset, by_key[(s, t)]["file_name"]))
             for s in speakers for t in texts]
    genders = {f"synspeech-{s}": by_key[(s, texts[0])].get("gender", "?") for s in speakers}
    return items, texts, genders


def render_espeak(texts, variants, folder):
    """[(speaker label, text, path)] for every variant x text, rendered with espeak-ng."""
    items = []
    for variant in variants:
        for index, sentence in enumerate(texts):
            path = os.path.join(folder, f"espeak-{variant}-{index:03d}.wav")
            subprocess.run(["espeak-ng", "-v", f"en-us+{variant}", "-w", path, "--", sentence],
                           check=True)
            items.append((f"espeak-{variant}", sentence, path))
    return items


# ---------------------------------------------------------------------------- recognition

def jsgf(name, body):
    return f"#JSGF V1.0;\ngrammar {name};\npublic <{name}> = {body};\n"


def unigram_arpa(vocabulary):
    """An ARPA unigram model giving every word of `vocabulary` the same probability."""
    logp = np.log10(1 / (len(vocabulary) + 1))
    lines = ["\\data\\", f"ngram 1={len(vocabulary) + 2}", "", "\\1-grams:", "-99 <s>",
             f"{logp:.4f} </s>"] + [f"{logp:.4f} {word}" for word in vocabulary] + ["", "\\end\\", ""]
    return "\n".join(lines)


def make_decoders(texts, open_lm, work):
    from pocketsphinx import Decoder, get_model_path
    sentence_rule = " | ".join(" ".join(words_of(t)) for t in texts)
    vocabulary = sorted({w for t in texts for w in words_of(t)})
    grammar = Decoder(lm=None, loglevel="FATAL")
    grammar.add_jsgf_string("sentences", jsgf("sentences", sentence_rule))
    # Any word sequence over the sentences' words. A JSGF loop `( w1 | ... )+` is exact but
    # took about a minute per utterance; a flat unigram model is the same language, fast.
    loop_path = os.path.join(work, "words.arpa")
    with open(loop_path, "w", encoding="utf-8") as handle:
        handle.write(unigram_arpa(vocabulary))
    grammar.add_lm_file("loop", loop_path)
    # Phone recognition with the bundled phone bigram model, for the per-phoneme diagnosis.
    grammar.add_allphone_file("phones", os.path.join(get_model_path(), "en-us", "en-us-phone.lm.bin"))
    decoders = {"sentences": (grammar, "sentences"), "loop": (grammar, "loop"),
                "phones": (grammar, "phones")}
    if open_lm:
        decoders["open"] = (Decoder(loglevel="FATAL"), None)
    return decoders


PAD_SECONDS = 0.3
NOISE_FLOOR = 1e-3


def recognise(decoders, samples):
    # Every utterance of both systems gets the same treatment: peak-normalised to 0.9, 0.3 s of
    # padding each side, and a fixed-seed Gaussian noise floor of 1e-3 RMS (-60 dBFS), as a
    # recording would have. Without it PocketSphinx stumbles on exact digital silence (trial on
    # 40 espeak-ng utterances: sentence accuracy 0.62-0.70 without, 1.00 with); with it ten
    # times lower or three times higher both systems scored a little worse.
    pad = np.zeros(int(PAD_SECONDS * RATE))
    signal = np.concatenate([pad, samples / max(1e-9, np.abs(samples).max()) * 0.9, pad])
    signal += np.random.default_rng(0).normal(0, NOISE_FLOOR, len(signal))
    pcm = (np.clip(signal, -1, 1) * 32767).astype("<i2").tobytes()
    result = {}
    for mode, (decoder, search) in decoders.items():
        if search is not None:
            decoder.activate_search(search)
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
        text = hypothesis.hypstr if hypothesis is not None else ""
        if mode == "phones":
            text = " ".join(p for p in text.split() if p != "SIL" and not p.startswith("+"))
        result[mode] = text
    return result


def score_phones(items, hypotheses, pronunciations):
    """Phone error rate against CMUdict pronunciations, and per-phoneme recall."""
    errors = total = 0
    heard = collections.defaultdict(collections.Counter)
    for (_, sentence, _), hyp in zip(items, hypotheses):
        reference = [p for w in words_of(sentence) for p in pronunciations[w]]
        e, aligned = edit_ops(reference, hyp["phones"].split())
        errors += e
        total += len(reference)
        for phone, got in zip(reference, aligned):
            heard[phone][got or "-"] += 1
    count = {p: sum(c.values()) for p, c in heard.items()}
    return {"per": errors / total, "count": count,
            "recall": {p: heard[p][p] / count[p] for p in heard},
            "heard_as": {p: {h: n / count[p] for h, n in c.most_common(3)} for p, c in heard.items()}}


def score_recognition(items, hypotheses, mode):
    if mode == "phones":
        return None
    errors = words = exact = 0
    word_total = collections.Counter()
    word_wrong = collections.Counter()
    per_speaker = collections.defaultdict(lambda: [0, 0])
    item_exact, item_errors = [], []
    for (speaker, sentence, _), hyp in zip(items, hypotheses):
        reference = words_of(sentence)
        hyp_words = hyp[mode].split()
        e, aligned = edit_ops(reference, hyp_words)
        errors += e
        words += len(reference)
        exact += hyp_words == reference
        item_exact.append(hyp_words == reference)
        item_errors.append(e)
        per_speaker[speaker][0] += e
        per_speaker[speaker][1] += len(reference)
        for word, got in zip(reference, aligned):
            word_total[word] += 1
            word_wrong[word] += got != word
    return {
        "sentence_accuracy": exact / len(items),
        "wer": errors / words,
        "per_speaker_wer": {s: e / n for s, (e, n) in sorted(per_speaker.items())},
        "word_error": {w: word_wrong[w] / word_total[w] for w in word_total},
        "_items": {"exact": np.array(item_exact, dtype=float), "errors": np.array(item_errors, dtype=float),
                   "words": np.array([len(words_of(t)) for _, t, _ in items], dtype=float)},
    }


# ---------------------------------------------------------------------------- speakers

def embed(items, audio):
    import torch
    from resemblyzer import VoiceEncoder, preprocess_wav
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    encoder = VoiceEncoder(device="cpu", verbose=False)
    vectors = []
    for (_, _, path) in items:
        wav = preprocess_wav(audio[path].astype(np.float32), source_sr=RATE)
        vectors.append(encoder.embed_utterance(wav))
    vectors = np.asarray(vectors, dtype=np.float64)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def equal_error_rate(scores, same, weights=None, order=None):
    """EER of same-vs-different scores: the rate where false accepts equal false rejects.
    `weights` weigh the pairs (a bootstrap's counts); `order` is argsort(-scores) if known."""
    if order is None:
        order = np.argsort(-scores, kind="stable")
    same = same[order]
    weights = np.ones(len(order)) if weights is None else weights[order]
    same_w, diff_w = np.where(same, weights, 0), np.where(same, 0, weights)
    # Accepting the top k: false rejects = same pairs beyond k, false accepts = diff pairs in k.
    false_accept = np.concatenate([[0], np.cumsum(diff_w)]) / diff_w.sum()
    false_reject = 1 - np.concatenate([[0], np.cumsum(same_w)]) / same_w.sum()
    k = int(np.argmin(np.abs(false_accept - false_reject)))
    return float((false_accept[k] + false_reject[k]) / 2)


def score_speakers(items, vectors):
    labels = np.array([speaker for speaker, _, _ in items])
    texts = np.array([text for _, text, _ in items])
    similarity = vectors @ vectors.T
    upper = np.triu_indices(len(items), k=1)
    scores = similarity[upper]
    same = labels[upper[0]] == labels[upper[1]]
    cross_text = texts[upper[0]] != texts[upper[1]]
    # Leave-one-out nearest centroid: each utterance against every speaker's mean embedding,
    # its own speaker's mean taken without it.
    speakers = sorted(set(labels))
    sums = {s: vectors[labels == s].sum(axis=0) for s in speakers}
    counts = {s: int((labels == s).sum()) for s in speakers}
    hits = 0
    item_hits = []
    confusions = collections.Counter()
    for i, vector in enumerate(vectors):
        best, best_score = None, -np.inf
        for s in speakers:
            centroid = sums[s] - vector if s == labels[i] else sums[s]
            n = counts[s] - (s == labels[i])
            centroid = centroid / n
            score = vector @ centroid / np.linalg.norm(centroid)
            if score > best_score:
                best, best_score = s, score
        hits += best == labels[i]
        item_hits.append(best == labels[i])
        if best != labels[i]:
            confusions[(labels[i], best)] += 1
    return {
        "eer": equal_error_rate(scores, same),
        "eer_cross_text": equal_error_rate(scores[cross_text], same[cross_text]),
        "speaker_id_accuracy": hits / len(items),
        "mean_cos_same": float(scores[same].mean()),
        "mean_cos_different": float(scores[~same].mean()),
        "confusions": {f"{a} -> {b}": n for (a, b), n in confusions.most_common(8)},
        "_items": {"hits": np.array(item_hits, dtype=float), "scores": scores, "same": same,
                   "pairs": upper},
    }


# ---------------------------------------------------------------------------- uncertainty

def bootstrap(systems, figures, texts, resamples=1000, seed=0):
    """95 % intervals of the difference (first system minus second) over resamplings of the
    texts, paired: each resample draws the same texts for both systems. Speaker-ID accuracy
    reuses each utterance's leave-one-out hit (the centroids are not refitted)."""
    names = list(systems)
    rng = np.random.default_rng(seed)
    index = {t: i for i, t in enumerate(texts)}
    text_of = {n: np.array([index[t] for _, t, _ in systems[n]]) for n in names}
    measures = {"sentence accuracy, sentence grammar": [], "WER, word-loop grammar": []}
    with_speakers = "speakers" in figures[names[0]]
    if with_speakers:
        measures.update({"speaker EER, all pairs": [], "speaker ID accuracy": []})
        orders = {n: np.argsort(-figures[n]["speakers"]["_items"]["scores"], kind="stable") for n in names}
    for _ in range(resamples):
        counts = np.bincount(rng.integers(0, len(texts), len(texts)), minlength=len(texts)).astype(float)
        values = collections.defaultdict(list)
        for n in names:
            w = counts[text_of[n]]
            sent, loop = figures[n]["sentences"]["_items"], figures[n]["loop"]["_items"]
            values["sentence accuracy, sentence grammar"].append((w * sent["exact"]).sum() / w.sum())
            values["WER, word-loop grammar"].append((w * loop["errors"]).sum() / (w * loop["words"]).sum())
            if with_speakers:
                spk = figures[n]["speakers"]["_items"]
                pair_w = w[spk["pairs"][0]] * w[spk["pairs"][1]]
                values["speaker EER, all pairs"].append(
                    equal_error_rate(spk["scores"], spk["same"], pair_w, orders[n]))
                values["speaker ID accuracy"].append((w * spk["hits"]).sum() / w.sum())
        for label, (a, b) in values.items():
            measures[label].append(a - b)
    return {label: (float(np.percentile(d, 2.5)), float(np.percentile(d, 97.5)))
            for label, d in measures.items()}


def strip_items(value):
    """`value` without the per-item arrays (keys starting with `_`), for the JSON file."""
    if isinstance(value, dict):
        return {k: strip_items(v) for k, v in value.items() if not k.startswith("_")}
    return value


# ---------------------------------------------------------------------------- main

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", help="a generated SynSpeech folder (default: generate one)")
    parser.add_argument("--synbench", default=os.path.join(root, ".build/release/synbench"),
                        help="the synbench binary, used without --dataset")
    parser.add_argument("--config", default=os.path.join(root, "configs/synspeech-intelligibility.yaml"))
    parser.add_argument("--speakers", type=int, default=8)
    parser.add_argument("--texts", type=int, default=40)
    parser.add_argument("--variants", default=DEFAULT_VARIANTS,
                        help="espeak-ng en-us voice variants, comma-separated")
    parser.add_argument("--open-lm", action="store_true",
                        help="also decode with the bundled general English LM (slow: ~1 s/utterance)")
    parser.add_argument("--no-speakers", action="store_true", help="skip the speaker encoder")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--hypotheses", help="write every utterance's hypotheses (CSV) here")
    args = parser.parse_args()
    variants = [v for v in args.variants.split(",") if v]

    from pocketsphinx import get_model_path
    pronunciations = load_cmudict(os.path.join(get_model_path(), "en-us", "cmudict-en-us.dict"))

    with tempfile.TemporaryDirectory(prefix="synbench-intel-") as work:
        dataset = args.dataset
        if dataset is None:
            dataset = os.path.join(work, "synspeech")
            generate_dataset(args.synbench, args.config, dataset)
        ours, texts, genders = pick_ours(dataset, args.speakers, args.texts, pronunciations)
        theirs = render_espeak(texts, variants, work)
        systems = {"SynSpeech": ours, "espeak-ng": theirs}
        audio = {path: read_audio(path) for items in systems.values() for _, _, path in items}
        print(f"{len(texts)} sentences; SynSpeech speakers {sorted({s for s, _, _ in ours})} "
              f"({', '.join(genders[s] for s in sorted(genders))}); espeak-ng en-us+{{{','.join(variants)}}}")
        for name, items in systems.items():
            seconds = sum(len(audio[p]) for _, _, p in items) / RATE
            print(f"{name}: {len(items)} utterances, {seconds:.0f} s, "
                  f"mean {seconds / len(items):.2f} s")

        figures = {}
        decoders = make_decoders(texts, args.open_lm, work)
        hypotheses = {}
        for name, items in systems.items():
            start = time.time()
            hypotheses[name] = [recognise(decoders, audio[p]) for _, _, p in items]
            figures[name] = {mode: score_recognition(items, hypotheses[name], mode)
                             for mode in decoders if mode != "phones"}
            figures[name]["phones"] = score_phones(items, hypotheses[name], pronunciations)
            print(f"recognised {name} in {time.time() - start:.0f} s")
        if not args.no_speakers:
            for name, items in systems.items():
                start = time.time()
                figures[name]["speakers"] = score_speakers(items, embed(items, audio))
                print(f"embedded {name} in {time.time() - start:.0f} s")
        if args.hypotheses:
            with open(args.hypotheses, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["system", "speaker", "reference"] + list(decoders))
                for name, items in systems.items():
                    for (speaker, sentence, _), hyp in zip(items, hypotheses[name]):
                        writer.writerow([name, speaker, sentence] + [hyp[m] for m in decoders])

    report(figures, [m for m in decoders if m != "phones"], not args.no_speakers)
    intervals = bootstrap(systems, figures, texts)
    names = list(systems)
    print(f"\n95 % intervals of {names[0]} minus {names[1]}, 1000 paired resamplings of the "
          f"{len(texts)} texts:")
    for label, (low, high) in intervals.items():
        print(f"  {label}: {100 * low:+.1f} to {100 * high:+.1f} points")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"texts": texts, "variants": variants, "figures": strip_items(figures),
                       "difference_95_interval": intervals}, handle, indent=1)
    return 0


def report(figures, modes, speakers):
    names = list(figures)
    rows = [("sentence accuracy, sentence grammar", lambda f: f["sentences"]["sentence_accuracy"], "%"),
            ("WER, sentence grammar", lambda f: f["sentences"]["wer"], "%"),
            ("WER, word-loop grammar", lambda f: f["loop"]["wer"], "%"),
            ("sentence accuracy, word-loop grammar", lambda f: f["loop"]["sentence_accuracy"], "%")]
    if "open" in modes:
        rows.append(("WER, open English LM", lambda f: f["open"]["wer"], "%"))
    rows.append(("phone error rate, phone recognizer", lambda f: f["phones"]["per"], "%"))
    if speakers:
        rows += [("speaker EER, all pairs (lower is better)", lambda f: f["speakers"]["eer"], "%"),
                 ("speaker EER, different-text pairs", lambda f: f["speakers"]["eer_cross_text"], "%"),
                 ("speaker ID accuracy, LOO nearest centroid", lambda f: f["speakers"]["speaker_id_accuracy"], "%"),
                 ("mean cosine, same speaker", lambda f: f["speakers"]["mean_cos_same"], ""),
                 ("mean cosine, different speakers", lambda f: f["speakers"]["mean_cos_different"], "")]
    width = max(len(label) for label, _, _ in rows)
    print()
    print(f"| {'measure'.ljust(width)} | " + " | ".join(n.rjust(9) for n in names) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * 11 for _ in names) + "|")
    for label, get, unit in rows:
        cells = [f"{100 * get(figures[n]):.1f} %" if unit else f"{get(figures[n]):.3f}" for n in names]
        print(f"| {label.ljust(width)} | " + " | ".join(c.rjust(9) for c in cells) + " |")
    for name in names:
        print(f"\n{name}:")
        for mode in modes:
            per = figures[name][mode]["per_speaker_wer"]
            print(f"  WER per speaker ({mode}): " +
                  ", ".join(f"{s.split('-', 1)[1]} {100 * w:.0f}%" for s, w in per.items()))
        if speakers and figures[name]["speakers"]["confusions"]:
            print("  speaker confusions: " + ", ".join(
                f"{k} x{v}" for k, v in figures[name]["speakers"]["confusions"].items()))
    if len(names) == 2:
        ours, theirs = (figures[n] for n in names)
        print(f"\nwords by word-loop error, {names[0]} minus {names[1]} (each word's error rate):")
        gaps = sorted(ours["loop"]["word_error"], key=lambda w: ours["loop"]["word_error"][w]
                      - theirs["loop"]["word_error"][w], reverse=True)
        print("  " + ", ".join(f"{w} {100 * ours['loop']['word_error'][w]:.0f}/"
                               f"{100 * theirs['loop']['word_error'][w]:.0f}%" for w in gaps[:20]))
        print(f"phonemes by recall in phone recognition, {names[0]}/{names[1]} "
              f"(sorted by the gap; count in the reference):")
        recall = (ours["phones"]["recall"], theirs["phones"]["recall"])
        order = sorted(recall[0], key=lambda p: recall[0][p] - recall[1][p])
        print("  " + ", ".join(f"{p} {100 * recall[0][p]:.0f}/{100 * recall[1][p]:.0f}%"
                               f" (n={ours['phones']['count'][p]})" for p in order))
        print("what the phone recognizer heard for the 10 phonemes with the largest gap "
              "(- = deleted):")
        for p in order[:10]:
            print(f"  {p:2}  " + "  |  ".join(
                f"{n}: " + ", ".join(f"{h} {100 * r:.0f}%" for h, r in f["phones"]["heard_as"][p].items())
                for n, f in zip(names, (ours, theirs))))


if __name__ == "__main__":
    sys.exit(main())
