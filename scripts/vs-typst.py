#!/usr/bin/env python3
"""The whole sample build, newsprint against Typst, side by side on this machine.

Typst sets the same copy (issues/sample/seed-page.md) on the same broadsheet with the same
faces, hand-laid: each story a block of justified columns under its headline, the page's
grid fixed by hand rather than searched for. Both run as whole processes, alternately, so
that load from elsewhere hits both alike; the script prints the medians, the peak memory of
each and the ratio.

    python3 scripts/vs-typst.py [--runs 20] [--keep DIR] [--newsprint BINARY]

Needs `pip install typst` (Typst's Python binding) and a release build
(`cargo build --release`).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COPY = os.path.join(ROOT, "issues", "sample", "seed-page.md")
# The release build, in CARGO_TARGET_DIR where that is set (as cargo puts it there).
NEWSPRINT = os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target"), "release", "newsprint")

# The broadsheet of newsprint's default format: 390 × 543 mm, eight columns.
PAGE = """#set page(width: 390mm, height: 543mm, margin: (x: 17mm, top: 22mm, bottom: 18mm))
#set text(font: "Noto Serif SC", size: 9pt, lang: "zh", region: "cn")
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 4.2pt, spacing: 4.2pt)
#let head(t) = block(below: 3mm, text(font: "Noto Sans CJK SC", weight: "black", size: 26pt, t))
#let sub(t) = block(above: 2mm, below: 1.5mm, text(font: "Noto Sans CJK SC", weight: "bold", size: 10.5pt, t))
#let label(t) = block(below: 1mm, text(font: "Noto Sans CJK SC", weight: "bold", size: 10.5pt, fill: white, box(fill: cmyk(0%, 0%, 0%, 100%), inset: 2pt, t)))
#let byline(t) = block(below: 1.5mm, text(font: "NewsKai", size: 9pt, t))
#let story(cols, lines, body) = block(width: 100%, height: lines * 13.2pt, breakable: false, clip: true, columns(cols, gutter: 4mm, body))
#grid(columns: (100%,), row-gutter: 0pt)[
  #text(font: "Noto Sans CJK SC", weight: "bold", size: 12pt)[草原日报 #h(1fr) 第5版 党建 #h(1fr) 2022年7月20日 星期三 第8123期]
  #line(length: 100%, stroke: 1pt)
]
"""


def typst_source():
    """The sample's copy as a Typst page: stories in the copy's order, each in columns."""
    stories, cur = [], None
    pending_label = None
    for raw in open(COPY, encoding="utf-8").read().splitlines():
        line = raw.strip()
        if not line:
            continue
        def esc(t):
            return re.sub(r'([#\[\]*_`$<>@\\])', r'\\\1', t.strip())

        if line.startswith("# "):
            cur = {"head": esc(line[2:]), "label": pending_label, "parts": []}
            pending_label = None
            stories.append(cur)
        elif line.startswith("## ◎") or (line.startswith("◎") and len(line) < 12):
            pending_label = esc(line.lstrip("#◎ "))
        elif cur is None:
            continue
        elif line.startswith("## "):
            cur["parts"].append("#sub[" + esc(line[3:]) + "]")
        elif line.startswith("□"):
            cur["parts"].append("#byline[" + esc(line) + "]")
        elif line.startswith("!["):
            continue
        else:
            cur["parts"].append(esc(line))
    out = [PAGE]
    # Hand-laid: the lead across the page, then the other stories three abreast, the last across
    # the foot.
    lead, rest, last = stories[0], stories[1:-1], stories[-1]

    def block(s, cols, per_line):
        body = "\n\n".join(s["parts"])
        label = "#label[%s]\n" % s["label"] if s["label"] else ""
        # Hand-fitted depth: the story's lines shared by its columns, with room for the
        # paragraph ends and subheads.
        chars = sum(len(p) + per_line // 2 for p in s["parts"])
        lines = -(-chars // (cols * per_line)) + 1
        return "%s#head[%s]\n#story(%d, %d)[\n%s\n]\n#line(length: 100%%, stroke: 0.5pt)\n" % (
            label,
            s["head"],
            cols,
            lines,
            body,
        )

    out.append(block(lead, 8, 12))
    out.append("#grid(columns: (1fr, 1fr, 1fr), column-gutter: 5mm, row-gutter: 3mm,")
    for s in rest:
        out.append("[\n%s]," % block(s, 3, 11))
    out.append(")")
    out.append(block(last, 8, 12))
    return "\n".join(out)


def run(cmd):
    """Runs a process to the end; returns (wall seconds, peak resident KiB)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s" % " ".join(cmd))
    return wall, usage.ru_maxrss


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--keep", help="write the Typst source and both PDFs here")
    ap.add_argument("--newsprint", default=NEWSPRINT, help="the newsprint binary to measure (default: %(default)s)")
    args = ap.parse_args()
    try:
        import typst  # noqa: F401
    except ImportError:
        sys.exit("Typst is not available: pip install typst")
    if not os.path.exists(args.newsprint):
        sys.exit("no release build: cargo build --release")
    work = args.keep or tempfile.mkdtemp(prefix="vs-typst-")
    os.makedirs(work, exist_ok=True)
    src = os.path.join(work, "sample.typ")
    with open(src, "w", encoding="utf-8") as f:
        f.write(typst_source())
    fonts = os.path.join(ROOT, "fonts")
    typst_pdf = os.path.join(work, "typst.pdf")
    typst_cmd = [
        sys.executable,
        "-c",
        "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]],"
        " ignore_system_fonts=True)",
        src,
        typst_pdf,
        fonts,
    ]
    ours_cmd = [args.newsprint, "build", os.path.join(ROOT, "issues", "sample"), "-o", os.path.join(work, "out"), "-q"]
    # One of each first, unmeasured: caches warm, outputs checked.
    run(ours_cmd)
    run(typst_cmd)
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(run(ours_cmd))
        theirs.append(run(typst_cmd))
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    ow, tw = med(ours, 0), med(theirs, 0)
    om, tm = max(x[1] for x in ours), max(x[1] for x in theirs)
    pages = subprocess.run(["pdfinfo", typst_pdf], capture_output=True, text=True).stdout
    npages = re.search(r"Pages:\s+(\d+)", pages)
    print("runs: %d each, alternating; medians of wall time, peak resident memory" % args.runs)
    print("newsprint build issues/sample   %7.1f ms  %6.1f MiB" % (ow * 1000, om / 1024))
    print("typst (Python binding), %s page(s) %7.1f ms  %6.1f MiB" % (npages.group(1) if npages else "?", tw * 1000, tm / 1024))
    print("ratio: newsprint is %.1f times faster (memory %.1f times less)" % (tw / ow, tm / om))


if __name__ == "__main__":
    main()
