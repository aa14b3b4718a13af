"""Cross-check of SynSpeech's TextGrid and tracks side files with third-party readers.

LabelsTests.writesCrossCheckFiles writes the_cat.TextGrid and tracks.npy to
$TMPDIR/synspeech-labels-crosscheck/ (the test prints the folder). This script reads them with
praatio, with Praat itself through praat-parselmouth, and with numpy, and checks each against
the values the test used. It prints what each reader saw and exits non-zero on any mismatch.

    pip install praatio praat-parselmouth numpy
    swift test --filter LabelsTests/writesCrossCheckFiles
    python3 Tests/SynSpeechTests/References/textgrid_praatio.py [FOLDER]
"""

import os
import sys
import tempfile

import numpy as np
import parselmouth
from parselmouth.praat import call
from praatio import textgrid

DURATION = 1.2
WORDS = [(0.0, 0.1, ""), (0.1, 0.25, "the"), (0.25, 0.7, "cat"), (0.7, 0.8, ""),
         (0.8, 1.05, 'say "naïve"'), (1.05, 1.2, "")]
PHONES = [(0.0, 0.1, ""), (0.1, 0.16, "DH"), (0.16, 0.25, "AH0"), (0.25, 0.35, "K"),
          (0.35, 0.6, "AE1"), (0.6, 0.7, "T"), (0.7, 0.8, ""), (0.8, 0.9, "S"),
          (0.9, 1.05, "EY1"), (1.05, 1.2, "")]
TRACKS = np.array([[120, 700, 1220, 2600, 60, 0, 0],
                   [120, 700, 1220, 2600, 60, 0, 0],
                   [0, 400, 1600, 2600, 0, 0, 55]], dtype=np.float32)

failures = []


def check(what, ok):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        tempfile.gettempdir(), "synspeech-labels-crosscheck")
    grid_path = os.path.join(folder, "the_cat.TextGrid")
    tracks_path = os.path.join(folder, "tracks.npy")
    expected = {"words": WORDS, "phones": PHONES}

    # praatio
    tg = textgrid.openTextgrid(grid_path, includeEmptyIntervals=True, reportingMode="error")
    check(f"praatio: tiers {list(tg.tierNames)}", list(tg.tierNames) == ["words", "phones"])
    check(f"praatio: span {tg.minTimestamp}..{tg.maxTimestamp}",
          (tg.minTimestamp, tg.maxTimestamp) == (0.0, DURATION))
    for name, want in expected.items():
        got = [(e.start, e.end, e.label) for e in tg.getTier(name).entries]
        check(f"praatio: {name} has {len(got)} intervals, labels {[g[2] for g in got]}", got == want)

    # Praat, through parselmouth
    ptg = parselmouth.read(grid_path)
    check(f"parselmouth: object class {type(ptg).__name__}", isinstance(ptg, parselmouth.TextGrid))
    check(f"parselmouth: {call(ptg, 'Get number of tiers')} tiers",
          call(ptg, "Get number of tiers") == 2)
    check(f"parselmouth: span {call(ptg, 'Get start time')}..{call(ptg, 'Get end time')}",
          (call(ptg, "Get start time"), call(ptg, "Get end time")) == (0.0, DURATION))
    for number, (name, want) in enumerate(expected.items(), start=1):
        count = call(ptg, "Get number of intervals", number)
        check(f"parselmouth: tier {number} ({call(ptg, 'Get tier name', number)}) "
              f"Get number of intervals = {count}", count == len(want)
              and call(ptg, "Get tier name", number) == name)
        got = [(call(ptg, "Get start time of interval", number, i),
                call(ptg, "Get end time of interval", number, i),
                call(ptg, "Get label of interval", number, i)) for i in range(1, count + 1)]
        check(f"parselmouth: tier {number} times and labels match", got == want)

    # numpy
    tracks = np.load(tracks_path)
    check(f"numpy: tracks shape {tracks.shape} dtype {tracks.dtype}",
          tracks.shape == (3, 7) and tracks.dtype == np.float32)
    check("numpy: tracks values F0 F1 F2 F3 AV AH AF match", np.array_equal(tracks, TRACKS))
    check("numpy: mmap_mode='r' loads", np.load(tracks_path, mmap_mode="r").shape == (3, 7))

    print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
