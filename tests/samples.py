"""Inputs shared by the property-based and bounded-work tests of the text and score layers:
hostile text (separators and words from many scripts, for hypothesis) and fixed samples."""

from __future__ import annotations

from hypothesis import strategies as st

SEPARATORS = ["\n", "\r\n", "\r", "\n\n", " ", "  ", "\t", "\u2028", "\u2029", "\x85", "\x0c",
              "\x0b", "\x1c", "\x1e", "\u3002", "\uff01", "\uff1f", "\uff0e", ". ", "! ", "? ",
              "\u061f ", "\u0964 ", "\u2026 ", '." ', "\u201d. ", " - ", "\u200b", "\u200d",
              "\u00ad", "\ufeff", "\x00", "\u300d", "\u300c", "(", ")"]


WORDS = ["The", "council", "voted", "on", "Tuesday", "Mr.", "U.S.", "2,030", "40%", "not",
         "Kazakhstan", "Kazakh\u200dstan", "cafe\u0301", "caf\u00e9", "\u2019s", "d\u2019etat",
         "\u54c8\u8428\u514b", "\u6297\u8bae\u8005", "\u884c\u3053\u3046",
         "\u0627\u0644\u0623\u0632\u0645\u0629", "\u0928\u092e\u0938\u094d\u0924\u0947",
         "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\U0001f44d", "$", "...", "\"", "'",
         "http://x.org/a.html", "#", "|", "Read", "More", "you", "A" * 70, "Massimov",
         "Masimov", "colour", "color", "protests", "protested", "Tokayev", "Tokaev"]


word = st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=10))


piece = st.tuples(word, st.sampled_from(SEPARATORS)).map("".join)


#: text made of words and separators, sometimes long (a word repeated up to 1,500 times)
texts = st.one_of(
    st.lists(piece, max_size=60).map("".join),
    st.text(max_size=300),
    st.builds(lambda w, n: w * n, piece, st.integers(1, 1500)),
)


DECOMPOSED = "The cafe\u0301 in Kazakh\u200dstan re\u00adopened on Monday."


COMPOSED = "The caf\u00e9 in Kazakhstan reopened on Monday."


def long_pair(n: int) -> tuple[str, str]:
    words = [f"w{k % 97}x{k % 13}" for k in range(n)]
    deriv = list(words)
    for k in range(0, n, 10):
        deriv[k] = f"new{k}"
    return " ".join(words) + ".", " ".join(deriv) + "."


#: a page of furniture only: a masthead, a menu, a share line, a related-articles list
FURNITURE = """The Riverside Courier
Home | Politics | Sport | Weather

Share this article

You might also like
Local Bakery Wins National Bread Award
School Board Election Results Are In
"""
