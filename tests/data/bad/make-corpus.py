#!/usr/bin/python3
"""Writes the hostile-input corpus of tests/test-csv-bad.c: every file here and
EXPECTED, the table of outcomes. Deterministic (gzip mtime 0). Run from anywhere:
    /usr/bin/python3 tests/data/bad/make-corpus.py"""
import gzip
import os

os.chdir(os.path.dirname(os.path.abspath(__file__)))
files = []  # (name, bytes, outcome, detail)


def add(name, data, outcome, detail):
    files.append((name, data.encode() if isinstance(data, str) else data, outcome, detail))


numbers = ("a,b\n" + "".join(f"{i},{i * i}\n" for i in range(2000))).encode()

# Errors: OUTCOME is the LloydDatasetError code, DETAIL a substring of the message.
add("empty.csv", b"", "EMPTY", "empty.csv: the file is empty")
add("header-only.csv", "a,b,c\n", "EMPTY", "header-only.csv: no data rows, only a header")
add("comments-only.csv", "# just a comment\n\n# and another\n", "EMPTY",
    "comments-only.csv: no data rows (only comments or blank lines)")
add("blank-lines.csv", "\n\n   \n\t\n", "EMPTY", "blank-lines.csv: no data rows")
add("ragged-short.csv", "a,b,c\n1,2,3\n4,5\n", "PARSE", "ragged-short.csv:3:4: expected 3 fields, found 2")
add("ragged-long.csv", "a,b\n1,2\n3,4,5\n", "PARSE", "ragged-long.csv:3:4: expected 2 fields, found 3")
add("trailing-delimiter.csv", "a,b\n1,2,\n", "PARSE", "trailing-delimiter.csv:2:4: expected 2 fields, found 3")
add("unterminated-quote.csv", "a,b\n1,\"abc\n2,3\n", "PARSE",
    "unterminated-quote.csv:2:3: unterminated quoted field")
add("quote-in-unquoted.csv", "a,b\n1,ab\"c\n", "PARSE", "quote-in-unquoted.csv:2:5: a quote inside an unquoted field")
add("text-after-quote.csv", "a,b\n1,\"x\"y\n", "PARSE", "text-after-quote.csv:2:6: unexpected text after a closing quote")
add("quoted-newline-lines.csv", "a,b\n\"x\ny\",1\n2\n", "PARSE",
    "quoted-newline-lines.csv:4:2: expected 2 fields, found 1")
add("nul.csv", b"a,b\n1,\x00\n", "PARSE", "nul.csv:2:3: a NUL byte")
add("invalid-utf8.csv", b"a,b\n1,caf\xe9\n", "PARSE", "invalid-utf8.csv:2:6: invalid UTF-8 (byte 0xe9)")
add("ragged-before-bad-byte.csv", b"a,b\n1,2\n3\n4,caf\xe9\n", "PARSE",
    "ragged-before-bad-byte.csv:3:2: expected 2 fields, found 1")
add("latin1-header.csv", b"caf\xe9,b\n1,2\n", "PARSE", "latin1-header.csv:1:4: invalid UTF-8 (byte 0xe9)")
add("utf16-bom.csv", "a,b\n1,2\n".encode("utf-16"), "PARSE", "utf16-bom.csv:1:1: UTF-16 text")
add("utf16-no-bom.csv", "a,b\n1,2\n".encode("utf-16-le"), "PARSE", "utf16-no-bom.csv:1:2: a NUL byte")
add("binary-junk.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "PARSE",
    "binary-junk.png:1:1: invalid UTF-8 (byte 0x89)")
add("missing-empty.csv", "a,b\n1,2\n3,\n", "MISSING", "missing-empty.csv:3:3: missing value in column “b”")
add("missing-question.csv", "a,b\n1,2\n?,4\n", "MISSING", "missing-question.csv:3:1: missing value in column “a”")
add("missing-na.csv", "a,b\n1,NA\n", "MISSING", "missing-na.csv:2:3: missing value in column “b”")
add("missing-nan.csv", "a,b\n1,2\n3,NaN\n", "MISSING", "missing-nan.csv:3:3: missing value")
add("missing-neg-nan.csv", "a,b\n1,2\n3,-nan\n", "MISSING", "missing-neg-nan.csv:3:3: missing value")
add("missing-label.csv", "x,y,class\n1,2,a\n3,4,?\n", "MISSING", "missing-label.csv:3:5: missing value in column “class”")
add("only-delimiters.csv", ",,,\n,,,\n", "MISSING", "only-delimiters.csv:1:1: missing value in column “column_1”")
add("truncated.csv.gz", gzip.compress(numbers, mtime=0)[:2000], "COMPRESSED",
    "truncated.csv.gz: the compressed data is truncated")
corrupt = bytearray(gzip.compress(numbers, mtime=0))
for i in range(100, 110):
    corrupt[i] ^= 0xA5
add("corrupt.csv.gz", bytes(corrupt), "COMPRESSED", "corrupt.csv.gz: corrupt compressed data")
add("bad-crc.csv.gz", gzip.compress(b"a,b\n1,2\n", mtime=0)[:-8] + b"\0\0\0\0\x08\0\0\0", "COMPRESSED",
    "bad-crc.csv.gz: corrupt compressed data")
add("gzip-magic-only.gz", b"\x1f\x8b", "COMPRESSED", "gzip-magic-only.gz: the compressed data is truncated")
add("gzip-of-binary.gz", gzip.compress(b"\x00\x01\x02\x03", mtime=0), "PARSE", "gzip-of-binary.gz:1:1: a NUL byte")

# Accepted, each with its documented reading (see the header comment of src/core/csv.c).
add("inf-overflow.csv", "a,b\n1,1e999\n2,3\n", "ok", "rows=2 kinds=nl label=b")
add("hex-number.csv", "a,b,c\n1,0x10,5\n2,3,6\n", "ok", "rows=2 kinds=ncn")
add("decimal-comma.csv", "a;b\n1,5;2\n2,5;3\n", "ok", "rows=2 delimiter=; kinds=cn")
add("cr-only.csv", "a,b\r1,2\r3,4\r", "ok", "rows=2 kinds=nn")
add("crlf.csv", "a,b\r\n1,2\r\n3,4\r\n", "ok", "rows=2 kinds=nn")
add("mixed-line-ends.csv", "a,b\r\n1,2\n3,4\r5,6\n", "ok", "rows=3 kinds=nn")
add("bom-utf8.csv", b"\xef\xbb\xbfa,b\n1,2\n", "ok", "rows=1 names=a|b")
add("identical-rows.csv", "a,b\n" + "1,2\n" * 5, "ok", "rows=5 kinds=nn")
add("constant-column.csv", "a,b\n1,7\n2,7\n3,7\n", "ok", "rows=3 kinds=nn")
add("one-column.csv", "x\n1\n2\n3\n", "ok", "rows=3 columns=1 kinds=n")
add("duplicate-header.csv", "a,a,b\n1,2,3\n", "ok", "rows=1 names=a|a_2|b")
add("comment-between-rows.csv", "# exported\na,b\n1,2\n# note\n\n3,4\n", "ok", "rows=2 kinds=nn")
add("quote-after-space.csv", "a,b\n1, \"x, y\"\n2, \"z\"\n", "ok", "rows=2 kinds=nl label=b")
add("quoted-newline.csv", "a,b\n\"two\nlines\",1\nplain,2\n", "ok", "rows=2 kinds=cn")
add("whitespace.txt", "  1.5  2\t3\n4 5 6\n", "ok", "rows=2 delimiter=space header=no kinds=nnn")
add("tabs.tsv", "a\tb;c\n1\t2\n", "ok", "rows=1 delimiter=tab names=a|b;c")
add("underflow.csv", "a,b\n1e-400,1e308\n2,3\n", "ok", "rows=2 kinds=nn")
add("concatenated.csv.gz", gzip.compress(b"a,b\n1,2\n", mtime=0) + gzip.compress(b"3,4\n", mtime=0), "ok",
    "rows=2 kinds=nn")
add("text-only.csv", "red,big\nblue,small\nred,small\n", "ok", "rows=3 header=no kinds=cl")

for name in os.listdir("."):
    if name not in ("EXPECTED", "make-corpus.py"):
        os.remove(name)
with open("EXPECTED", "w") as f:
    f.write("# The hostile-input corpus: FILE<TAB>OUTCOME<TAB>DETAIL, read by tests/test-csv-bad.c and\n"
            "# written by make-corpus.py. OUTCOME is a LloydDatasetError code name (the message must\n"
            "# contain DETAIL, which names file:line:column) or \"ok\" with checks: rows=N columns=N\n"
            "# delimiter=C|tab|space header=yes|no kinds=(n numeric, c categorical, l label, per column)\n"
            "# names=a|b label=NAME|none. Built at run time instead: a 10 MB line, 100,000 columns,\n"
            "# 1,000,000 levels, a directory, a FIFO, an unreadable file, a file changing while read.\n")
    for name, data, outcome, detail in files:
        with open(name, "wb") as out:
            out.write(data)
        f.write(f"{name}\t{outcome}\t{detail}\n")
print(f"{len(files)} files")
