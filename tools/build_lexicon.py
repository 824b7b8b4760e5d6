#!/usr/bin/env python3
"""Builds scanno's embedded English lexicon from the permissively licensed lists.

    python3 tools/build_lexicon.py ../shared/lists data/

Writes:
  data/en-words.txt    word<TAB>frequency<TAB>flags, sorted; word in lower case;
                       frequency from the SymSpell unigram list (0 when absent);
                       flags: "l" the word is written in lower case in SCOWL (a common word),
                       "c" only capitalised in SCOWL (a proper noun), "-" SymSpell only.
  data/en-bigrams.txt  "w1 w2<TAB>frequency" from the SymSpell bigram list.
Sources and licences: data/LICENSES.md.
"""
import os
import re
import sys

src, out = sys.argv[1], sys.argv[2]
word_re = re.compile(r"^[A-Za-z]+(?:['-][A-Za-z]+)*$")

freq = {}
with open(os.path.join(src, "symspell/frequency_dictionary_en_82_765.txt"), encoding="utf-8") as f:
    for line in f:
        parts = line.split()
        if len(parts) == 2 and word_re.match(parts[0]):
            freq[parts[0].lower()] = max(freq.get(parts[0].lower(), 0), int(parts[1]))

flags = {}
for name in ("wamerican/american-english", "wbritish/british-english", "wamerican-large/american-english-large"):
    with open(os.path.join(src, name), encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.strip()
            if w.endswith("'s") or not word_re.match(w):
                continue
            key = w.lower()
            flag = "l" if w == key else "c"
            if flags.get(key) != "l":
                flags[key] = flag

words = set(flags) | set(freq)
with open(os.path.join(out, "en-words.txt"), "w", encoding="utf-8") as f:
    for w in sorted(words):
        f.write(f"{w}\t{freq.get(w, 0)}\t{flags.get(w, '-')}\n")

with open(os.path.join(src, "symspell/frequency_bigramdictionary_en_243_342.txt"), encoding="utf-8") as fin, \
        open(os.path.join(out, "en-bigrams.txt"), "w", encoding="utf-8") as fout:
    for line in fin:
        parts = line.split()
        if len(parts) == 3 and word_re.match(parts[0]) and word_re.match(parts[1]):
            fout.write(f"{parts[0].lower()} {parts[1].lower()}\t{parts[2]}\n")
