#!/usr/bin/env python3
"""Writes data/heading-words.txt: the 100,000 most frequent Chinese words of two to five
Han characters in jieba's dictionary (dict.txt of the jieba project, MIT licence; the copy
in the jieba-rs crate's src/data/), sorted by code point, one per line.

    python3 scripts/heading-words.py PATH/TO/dict.txt > data/heading-words.txt
"""
import sys
import unicodedata

KEEP = 100_000


def han(word):
    return all(unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH") for c in word)


rows = (line.split() for line in open(sys.argv[1], encoding="utf-8"))
words = sorted(
    ((int(r[1]), r[0]) for r in rows if len(r) >= 2 and 2 <= len(r[0]) <= 5 and han(r[0])),
    key=lambda fw: (-fw[0], fw[1]),
)
for word in sorted(w for _, w in words[:KEEP]):
    print(word)
