"""Rubric of the text-statistics lab.

It runs after the student's cells, as one more cell in their namespace (in the browser
through "Check my work", headless through `browsergrad-kernel grade`). Everything it needs
lives inside one function, so it leaves nothing behind in the student's namespace.
"""


def _text_stats_rubric(ns):
    import math

    import browsergrad as bg

    def need(name):
        func = ns.get(name)
        if not callable(func):
            raise AssertionError(f"define the function {name}() and run its cell")
        return func

    with bg.question("Q1 words", all_or_nothing=True):
        with bg.check("words: lowercase, punctuation removed", points=1):
            bg.assert_equal(
                need("words")("Hello, hello world!"),
                ["hello", "hello", "world"],
                "words('Hello, hello world!')",
            )

        with bg.check("words: apostrophes stay inside words", points=1):
            bg.assert_equal(
                need("words")("Don't stop -- it's fine."),
                ["don't", "stop", "it's", "fine"],
                "words(\"Don't stop -- it's fine.\")",
            )

    with bg.question("Q2 counting"):
        with bg.check("word_counts counts every word", points=2):
            bg.assert_equal(
                need("word_counts")("the cat and the hat"),
                {"the": 2, "cat": 1, "and": 1, "hat": 1},
                "word_counts('the cat and the hat')",
            )

        with bg.check("top_words: most frequent first, ties in alphabetical order", points=2):
            bg.assert_equal(
                need("top_words")("b a c b a b d", 3),
                [("b", 3), ("a", 2), ("c", 1)],
                "top_words('b a c b a b d', 3)",
            )

    with bg.question("Q3 average length"):
        with bg.check("average_word_length", points=1):
            got = need("average_word_length")("to be or not")
            if not isinstance(got, int | float) or not math.isclose(got, 2.25):
                raise bg.NotEqualError(got, 2.25, "average_word_length('to be or not')")

        with bg.check("average_word_length of no words is 0.0", points=1):
            bg.assert_equal(
                need("average_word_length")("  ...  "), 0.0, "average_word_length('  ...  ')"
            )


_text_stats_rubric(globals())
del _text_stats_rubric
