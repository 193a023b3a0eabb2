"""Hidden checks of the single-neuron lab: only `browsergrad-kernel grade` runs them, after
the rubric; the site never serves this file (docs/grading.md)."""


def _single_neuron_hidden(ns):
    import math

    import browsergrad as bg

    with bg.question("Q4 beyond the examples"):
        with bg.check("sigmoid(-z) is 1 - sigmoid(z)", points=1):
            sigmoid = ns.get("sigmoid")
            if not callable(sigmoid):
                raise AssertionError("define the function sigmoid() and run its cell")
            for z in (0.25, 2, 7.5):
                low, high = sigmoid(-z), sigmoid(z)
                if not isinstance(low, int | float) or not isinstance(high, int | float):
                    raise AssertionError(f"sigmoid({z}) should be a number")
                if not math.isclose(low, 1 - high, abs_tol=1e-9):
                    raise bg.NotEqualError(low, round(1 - high, 9), f"sigmoid(-{z})")

        with bg.check("neuron takes any number of inputs", points=1):
            neuron = ns.get("neuron")
            if not callable(neuron):
                raise AssertionError("define the function neuron() and run its cell")
            got = neuron([1, 1, 1], [0.5, 0.5, 0.5], -1)
            want = 1 / (1 + math.exp(-0.5))
            if not isinstance(got, int | float) or not math.isclose(got, want, abs_tol=1e-9):
                raise bg.NotEqualError(got, round(want, 9), "neuron([1, 1, 1], [0.5] * 3, -1)")


_single_neuron_hidden(globals())
del _single_neuron_hidden
