"""Builds elective._core with the project's CMake (the same library as the `elective` program) for
`pip install .`; everything else about the package is in pyproject.toml."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = Path(self.build_temp) / "cmake"
        build.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                        "-DELECTIVE_BUILD_TESTS=OFF", "-DELECTIVE_BUILD_BENCH=OFF", "-DELECTIVE_PYTHON=ON",
                        f"-DPython_EXECUTABLE={sys.executable}"], check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "elective_python", "-j",
                        str(os.cpu_count() or 1)], check=True)
        built = next((build / "python" / "elective").glob("_core*.so"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)
        # The bundled real data travel with the package (elective/data; found through ELECTIVE_DATA_DIR).
        data = target.parent / "data"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(ROOT / "data", data)


setup(ext_modules=[Extension("elective._core", sources=[])], cmdclass={"build_ext": CMakeBuild})
