"""perfeval.render.width gives the widths wcwidth gives, without importing the wcwidth package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wcwidth
from perfeval.render import width

ROOT = Path(__file__).resolve().parents[1]


def test_every_code_point_has_wcwidths_width():
    chars = [chr(c) for c in range(0x110000)]
    assert list(map(width.wcswidth, chars)) == list(map(wcwidth.wcswidth, chars))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from("中文，（）“”…≤≥·\u200d\ufe0f\u0301🇨🇳👍🏽\x1b\t")),
               max_size=30))
def test_texts_have_wcwidths_width(text):
    assert width.wcswidth(text) == wcwidth.wcswidth(text)


def _fresh(code: str, **env) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "", **env})
    return result.stdout.strip()


@pytest.mark.skipif(not getattr(wcwidth, "HAS_C_EXTENSION", False), reason="this wcwidth has no C extension")
def test_the_extension_is_loaded_alone_and_is_the_function_wcwidth_uses():
    code = ("import sys\nfrom perfeval.render.width import wcswidth\n"
            "alone = 'wcwidth' not in sys.modules\nimport wcwidth\n"
            "print(alone, wcswidth is wcwidth.wcswidth, wcswidth('预算绩效 ok'))")
    assert _fresh(code) == "True True 11"


def test_without_the_extension_it_is_the_packages_own_function():
    code = ("from perfeval.render.width import wcswidth\nimport wcwidth\n"
            "print(wcswidth is wcwidth.wcswidth, wcswidth('预算绩效 ok'))")
    assert _fresh(code, WCWIDTH_PYTHON="1") == "True 11"
