"""Hidden checks of the text-statistics lab: only `browsergrad-kernel grade` runs them,
after the rubric; the site never serves this file (docs/grading.md)."""


def _text_stats_hidden(ns):
    import browsergrad as bg

    def need(name):
        func = ns.get(name)
        if not callable(func):
            raise AssertionError(f"define the function {name}() and run its cell")
        return func

    with bg.question("Q4 beyond the examples"):
        with bg.check("words of an empty text", points=1):
            bg.assert_equal(need("words")(""), [], "words('')")

        with bg.check("top_words asks for more words than there are", points=1):
            bg.assert_equal(
                need("top_words")("one two two", 5),
                [("two", 2), ("one", 1)],
                "top_words('one two two', 5)",
            )


_text_stats_hidden(globals())
del _text_stats_hidden
