#!/usr/bin/env python3
"""Baseline for bench/mail_bench.c: the same text conversion with Python's standard library only.

For each message in corpus.bin (records: 8-byte little-endian length, then the bytes): parse with the
email package (policy.default), decode From/To/Cc/Subject, pick the text/plain body or convert the
HTML one to text (html.parser, script/style dropped, links shown after their text), list the
attachments with their SHA-256, and build a new text/plain message with the kept headers.
Prints "python email baseline: N messages/s per CPU second (…)".
"""
import email
import email.policy
import hashlib
import html.parser
import struct
import sys
import time
from email.message import EmailMessage


class HtmlText(html.parser.HTMLParser):
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in self.BLOCK:
            self.out.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.out.append("[画像: %s]" % alt)
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("http"):
                self.out.append(" [%s] " % href.replace("http", "hxxp", 1).replace(".", "[.]"))
        elif tag in ("td", "th"):
            self.out.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.out.append(" ".join(data.split()))


def convert(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = EmailMessage()
    for field in ("Date", "From", "To", "Cc", "Subject", "Message-ID", "In-Reply-To", "References"):
        value = msg.get(field)
        if value is not None:
            out[field] = str(value)
    out["X-Lgsec-Sanitized"] = "mic-第25条; text-converted"
    body = msg.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        text = body.get_content()
        if body.get_content_subtype() == "html":
            p = HtmlText()
            p.feed(text)
            text = "".join(p.out)
    listing = []
    for part in msg.iter_attachments():
        data = part.get_payload(decode=True) or b""
        listing.append("%s (%s, %d bytes) SHA-256: %s" % (part.get_filename(), part.get_content_type(),
                                                         len(data), hashlib.sha256(data).hexdigest()))
    if listing:
        text += "\n[添付ファイル / Attachments]\n" + "\n".join(listing) + "\n"
    out.set_content(text)
    return out.as_bytes()


def main():
    data = open(sys.argv[1], "rb").read()
    msgs = []
    off = 0
    while off < len(data):
        (n,) = struct.unpack_from("<Q", data, off)
        msgs.append(data[off + 8:off + 8 + n])
        off += 8 + n
    start, wall = time.process_time(), time.perf_counter()
    errors = 0
    for raw in msgs:
        try:
            convert(raw)
        except Exception:  # a message the library cannot handle counts, and the run goes on
            errors += 1
    rate = len(msgs) / (time.process_time() - start)
    print("python email baseline: %.0f messages/s per CPU second (%.0f/s wall; %d errors)"
          % (rate, len(msgs) / (time.perf_counter() - wall), errors))


if __name__ == "__main__":
    main()
