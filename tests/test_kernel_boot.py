"""browsergrad._kernel.boot under CPython: the import deferrals the kernel relies on."""

import sys
import types

import pytest

from browsergrad._kernel import boot


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    pkg = tmp_path / "bgfakepkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "settings.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "bgfakepkg"
    for name in [m for m in sys.modules if m.startswith("bgfakepkg")]:
        del sys.modules[name]


def test_hidden_modules_refuse_import_until_removed(fake_package):
    hidden = boot.HiddenModules([fake_package])
    sys.meta_path.insert(0, hidden)
    try:
        with pytest.raises(ModuleNotFoundError, match="deferred"):
            __import__(f"{fake_package}.settings")
    finally:
        sys.meta_path.remove(hidden)
    assert __import__(f"{fake_package}.settings", fromlist=["VALUE"]).VALUE == 1


def test_after_import_runs_once_after_the_module_body(fake_package):
    seen = []

    def callback(module: types.ModuleType) -> None:
        seen.append(module.VALUE)
        module.VALUE = 2

    hook = boot.AfterImport(f"{fake_package}.settings", callback)
    sys.meta_path.insert(0, hook)
    module = __import__(f"{fake_package}.settings", fromlist=["VALUE"])
    assert seen == [1]
    assert module.VALUE == 2
    assert hook not in sys.meta_path


def test_lazy_embed_stub_gives_way_to_the_real_module(monkeypatch):
    stub = boot._lazy_embed_module()
    monkeypatch.setitem(sys.modules, boot.EMBED_MODULE, stub)
    assert callable(stub.embed)
    boot.started()
    assert boot.EMBED_MODULE not in sys.modules
