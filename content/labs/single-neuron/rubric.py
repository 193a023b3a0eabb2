"""Rubric of the single-neuron lab.

It runs after the student's cells, as one more cell in their namespace (in the browser
through "Check my work", headless through `browsergrad-kernel grade`). Everything it needs
lives inside one function, so it leaves nothing behind in the student's namespace.
"""


def _single_neuron_rubric(ns):
    import math

    import browsergrad as bg

    def need(name):
        func = ns.get(name)
        if not callable(func):
            raise AssertionError(f"define the function {name}() and run its cell")
        return func

    def close(got, want, what):
        if got is None:
            raise AssertionError(f"{what} returned None: did you forget `return`?")
        if not isinstance(got, int | float) or not math.isclose(got, want, abs_tol=1e-9):
            raise bg.NotEqualError(got, round(want, 9), what)

    def sig(z):
        return 1 / (1 + math.exp(-z))

    # Q1 scores only when both of its checks pass (3 points or none)
    with bg.question("Q1 sigmoid", all_or_nothing=True):
        with bg.check("sigmoid(0) is 0.5", points=1):
            close(need("sigmoid")(0), 0.5, "sigmoid(0)")

        with bg.check("sigmoid is 1 / (1 + e^-z)", points=2):
            for z in (-4, -1, 0.5, 3):
                close(need("sigmoid")(z), sig(z), f"sigmoid({z})")

    with bg.question("Q2 neuron"):
        with bg.check("neuron: sigmoid of the weighted sum plus the bias", points=2):
            close(
                need("neuron")([1, 2], [0.5, -1], 0.25),
                sig(0.5 - 2 + 0.25),
                "neuron([1, 2], [0.5, -1], 0.25)",
            )

        with bg.check("neuron uses the bias", points=1):
            close(need("neuron")([0, 0], [1, 1], 2), sig(2), "neuron([0, 0], [1, 1], 2)")

    with bg.question("Q3 training"):
        with bg.check("train_step moves weights and bias toward the target", points=2):
            step = need("train_step")([1, 1], 1, [0.0, 0.0], 0.0, rate=0.5)
            if not (isinstance(step, tuple) and len(step) == 2):
                raise AssertionError(f"train_step should return (weights, bias), got {step!r}")
            weights, bias = step
            bg.assert_equal([round(w, 9) for w in weights], [0.25, 0.25], "weights after one step")
            bg.assert_equal(round(bias, 9), 0.25, "bias after one step")

        with bg.check("a trained neuron computes AND", points=3):
            gate = [([0, 0], 0), ([0, 1], 0), ([1, 0], 0), ([1, 1], 1)]
            weights, bias = [0.0, 0.0], 0.0
            for _ in range(1000):
                for inputs, target in gate:
                    weights, bias = need("train_step")(inputs, target, weights, bias)
            outputs = []
            for inputs, _ in gate:
                out = need("neuron")(inputs, weights, bias)
                if not isinstance(out, int | float):
                    raise AssertionError(f"neuron({inputs}, ...) returned {out!r}, not a number")
                outputs.append(round(out))
            bg.assert_equal(outputs, [target for _, target in gate], "AND of 00, 01, 10, 11")


_single_neuron_rubric(globals())
del _single_neuron_rubric
