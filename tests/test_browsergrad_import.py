"""The in-kernel package also imports under CPython, with one version everywhere."""

import browsergrad
import browsergrad_kernel


def test_browsergrad_version():
    assert isinstance(browsergrad.__version__, str)
    assert browsergrad.__version__.count(".") >= 2
    assert browsergrad_kernel.__version__ == browsergrad.__version__


def test_labextension_paths():
    assert browsergrad_kernel._jupyter_labextension_paths() == [
        {"src": "labextension", "dest": "browsergrad-kernel"}
    ]
