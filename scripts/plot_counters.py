#!/usr/bin/env python3
"""Draw the top counters of a run as a horizontal bar chart (SVG).

Input is what `patchup-tool counters FILE --csv` prints (name,count,cycles),
read from a file or standard input.  Standard library only.

    build/patchup-tool counters build/run.log --csv | scripts/plot_counters.py -o top.svg
"""
import argparse
import csv
import html
import sys


def read_rows(stream):
    rows = []
    for row in csv.DictReader(stream):
        try:
            rows.append((row["name"], int(row["count"])))
        except (KeyError, ValueError):
            raise SystemExit("plot_counters: expected CSV with name,count,cycles columns")
    return rows


def svg(rows, title, top, prefix):
    rows = [r for r in rows if r[0].startswith(prefix)]
    rows.sort(key=lambda r: (-r[1], r[0]))
    rows = rows[:top]
    if not rows:
        raise SystemExit("plot_counters: no counters to plot")
    bar_h, gap, left, width = 18, 6, 230, 460
    height = 50 + len(rows) * (bar_h + gap)
    peak = max(c for _, c in rows) or 1
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (left + width + 110, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="22" font-size="15" font-weight="bold">%s</text>' % html.escape(title)]
    for i, (name, count) in enumerate(rows):
        y = 40 + i * (bar_h + gap)
        w = max(1, int(width * count / peak))
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (left - 8, y + bar_h - 5, html.escape(name)))
        out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="#4a7ab5"/>'
                   % (left, y, w, bar_h))
        out.append('<text x="%d" y="%d">%d</text>' % (left + w + 6, y + bar_h - 5, count))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="?", help="CSV file (default: standard input)")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--prefix", default="", help="only counters whose name starts so (vmi_)")
    ap.add_argument("--title", default="Top counters")
    args = ap.parse_args()
    stream = open(args.csv) if args.csv else sys.stdin
    with stream:
        rows = read_rows(stream)
    with open(args.output, "w") as f:
        f.write(svg(rows, args.title, args.top, args.prefix))


if __name__ == "__main__":
    main()
