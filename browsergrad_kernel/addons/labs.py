"""The ``jupyter lite build`` addon for labs: validate every lab in the site and index them.

A lab is a folder of the site's contents holding a ``manifest.json``. Each one is checked
against the manifest schema, its three paths must exist, and its ``requires_browsergrad``
range must accept the browsergrad version of the runtime this site ships. Any problem fails
the build, listing every error of every lab with its file and field. Valid labs are written
to ``static/browsergrad/labs.json``, whose URL goes into the kernel settings (``labsUrl``),
with the manifest schema beside it for the browser's own checks.

- pre_build: keep each lab's hidden rubric out of the contents (``hidden_rubrics.py``).
- post_build: validate the labs as copied into ``files/`` (what the site serves), that their
  hidden rubrics exist in the lite dir and not in the site, write the index and the setting.
- check: validate them again and verify the index and the setting match.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath
from typing import Any

from traitlets import CaselessStrEnum

from ..build_errors import LabsError
from ..checklab.build import MODES, check_site_labs
from ..constants import RUNTIME_MANIFEST_JSON
from ..labs.manifest import (
    LAB_MANIFEST_JSON,
    SCHEMA_PATH,
    InvalidManifest,
    LabRuntimeMismatch,
    assert_compatible_runtime,
    load_manifest,
)
from ..site.assets import read_json, write_json
from ._base import BrowsergradBaseAddon
from .hidden_rubrics import hidden_in_contents, hidden_in_site, ignore_pattern

#: where the index goes, relative to the site root
LABS_JSON = ("static", "browsergrad", "labs.json")
#: the index's format
LABS_FORMAT = "browsergrad-labs/1"


class BrowsergradLabsAddon(BrowsergradBaseAddon):
    """Validate the site's labs against the shipped runtime and index them."""

    __all__ = ("status", "pre_build", "post_build", "check")

    def status(self, manager):
        yield self.task(name="labs", actions=[self.guarded(self._print_status)])

    check_labs: str = CaselessStrEnum(
        MODES,
        default_value="off",
        help=(
            "Run check-lab on every lab of the site after the build: 'warn' logs what fails, "
            "'error' fails the build, 'off' skips it (docs/regrading.md)."
        ),
    ).tag(config=True)

    def pre_build(self, manager):
        yield self.task(
            name="hide:rubrics",
            doc="keep the labs' hidden rubrics out of the site's contents",
            actions=[self.guarded(self._hide_rubrics)],
        )

    def post_build(self, manager):
        actions = [self.guarded(self._index_labs)]
        if self.check_labs.lower() != "off":  # after the index: the labs are valid then
            actions.append(self.guarded(self._check_lab_quality))
        yield self.task(
            name="index:labs",
            doc="validate the site's labs and write static/browsergrad/labs.json",
            actions=actions,
        )

    def check(self, manager):
        yield self.task(
            name="verify:labs",
            doc="validate the site's labs and verify their index",
            actions=[self.guarded(self._check_labs)],
        )

    @property
    def files_dir(self) -> Path:
        """The site's contents, as served."""
        return self.manager.output_dir / "files"

    @property
    def index_path(self) -> Path:
        return self.manager.output_dir.joinpath(*LABS_JSON)

    def runtime_version(self) -> str:
        """The browsergrad version of the runtime in the site (else the one to be shipped)."""
        built = self.output_runtime / RUNTIME_MANIFEST_JSON
        manifest = read_json(
            built if built.is_file() else self.source_runtime / RUNTIME_MANIFEST_JSON
        )
        return manifest["browsergrad_version"]

    def source_of(self, site_path: str) -> Path:
        """The file in the lite dir's contents that became ``files/<site_path>``: the last
        contents entry holding it wins, as in the contents addon."""
        for entry in reversed([Path(p) for p in self.manager.contents]):
            if entry.is_dir() and (entry / site_path).exists():
                return entry / site_path
            if entry.is_file() and entry.name == site_path:
                return entry
        return self.files_dir / site_path

    def shown(self, path: Path) -> str:
        """A path as the author knows it: relative to the lite dir when inside it."""
        try:
            return str(path.resolve().relative_to(self.manager.lite_dir.resolve()))
        except ValueError:
            return str(path)

    def find_labs(self) -> list[Path]:
        if not self.files_dir.is_dir():
            return []
        return sorted(p.parent for p in self.files_dir.rglob(LAB_MANIFEST_JSON) if p.is_file())

    def validated_labs(self) -> list[dict[str, Any]]:
        """Every lab as an index entry; ``LabsError`` listing every problem of every lab."""
        runtime = self.runtime_version()
        entries, errors, ids = [], [], {}
        for folder in self.find_labs():
            rel = folder.relative_to(self.files_dir).as_posix()
            site_path = (
                str(PurePosixPath(rel) / LAB_MANIFEST_JSON) if rel != "." else LAB_MANIFEST_JSON
            )
            source = self.shown(self.source_of(site_path))
            try:
                manifest = load_manifest(folder, hidden_absent=True)
                assert_compatible_runtime(manifest, runtime)
            except InvalidManifest as err:
                errors += [f"{source}: {error}" for error in err.errors]
                continue
            except LabRuntimeMismatch as err:
                errors.append(f"{source}: requires_browsergrad: {err}")
                continue
            if manifest.id in ids:
                errors.append(f"{source}: id: {manifest.id!r} is also the id of {ids[manifest.id]}")
                continue
            ids[manifest.id] = source
            if manifest.hidden_rubric_path is not None:
                problem = self.hidden_problem(folder, rel, manifest.hidden_rubric_path)
                if problem:
                    errors.append(f"{source}: hidden_rubric_path: {problem}")
                    continue
            entries.append({"path": "" if rel == "." else rel, "manifest": manifest.to_json()})
        if errors:
            count = f"{len(errors)} error" + ("s" if len(errors) != 1 else "")
            raise LabsError(f"invalid labs ({count}):\n  " + "\n  ".join(errors))
        return entries

    def hidden_problem(self, folder: Path, rel: str, hidden: str) -> str | None:
        """Why a lab's hidden rubric is wrong: missing from the lite dir, or in the site."""
        if hidden_in_site(self.files_dir, folder, hidden) is not None:
            return f"{hidden!r} is in the built site, which must never serve it"
        site_path = str(PurePosixPath(rel) / hidden) if rel != "." else hidden
        source = self.source_of(site_path)
        if not source.is_file() or source.is_relative_to(self.files_dir):
            return f"{hidden!r} does not exist in the lab folder"
        return None

    def _hide_rubrics(self) -> None:
        hidden = hidden_in_contents([Path(p) for p in self.manager.contents])
        patterns = [ignore_pattern(path) for path in hidden]
        extra = tuple(self.manager.extra_ignore_contents)
        self.manager.extra_ignore_contents = (*extra, *(p for p in patterns if p not in extra))
        for path in hidden:
            stale = self.files_dir.joinpath(*PurePosixPath(path).parts)
            if stale.is_file():
                stale.unlink()
            self.log.info("[lite] [browsergrad] hidden rubric kept out of the site: %s", path)

    def index(self, entries: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "format": LABS_FORMAT,
            "browsergrad": self.runtime_version(),
            "schema": SCHEMA_PATH.name,
            "labs": entries,
        }

    # actions

    def _print_status(self) -> None:
        print(f"        labs: {len(self.find_labs())} in {self.files_dir}")

    def _index_labs(self) -> None:
        entries = self.validated_labs()
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        write_json(self.index_path, self.index(entries))
        shutil.copyfile(SCHEMA_PATH, self.index_path.parent / SCHEMA_PATH.name)
        for config_path in self.kernel_config_paths():
            self.merge_kernel_settings(config_path, {"labsUrl": self.site_url_of(self.index_path)})
        for entry in entries:
            m = entry["manifest"]
            self.log.info(
                "[lite] [browsergrad] lab %s@%s in files/%s", m["id"], m["version"], entry["path"]
            )

    def _check_lab_quality(self) -> None:
        labs = [
            self.source_of(str(PurePosixPath(e["path"]) / LAB_MANIFEST_JSON)).parent
            for e in self.validated_labs()
        ]
        check_site_labs(
            labs,
            self.manager.output_dir,
            self.check_labs.lower(),
            lambda text: self.log.warning("[lite] [browsergrad] %s", text),
        )

    def site_url_of(self, path: Path) -> str:
        return "./" + path.relative_to(self.manager.output_dir).as_posix()

    def _check_labs(self) -> None:
        expected = self.index(self.validated_labs())
        if not self.index_path.is_file() or read_json(self.index_path) != expected:
            raise LabsError(f"{self.index_path} does not match the labs in {self.files_dir}")
        schema = self.index_path.parent / SCHEMA_PATH.name
        if not schema.is_file() or schema.read_bytes() != SCHEMA_PATH.read_bytes():
            raise LabsError(f"{schema} is missing or not the manifest schema of this package")
        url = self.site_url_of(self.index_path)
        for config_path in self.kernel_config_paths():
            if self.get_kernel_settings(config_path).get("labsUrl") != url:
                raise LabsError(f"{config_path}: labsUrl is not {url}")
