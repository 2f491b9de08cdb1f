"""perfeval._lazyre: a pattern compiled at its first use answers as `re.compile` of it does."""

import re

from perfeval import judgement, vocab
from perfeval._lazyre import LazyPattern, lazy

_TEXTS = ["", "附件 12-4", "附件3：项目支出绩效目标表", "其中：当年财政拨款", "（一）产出指标", "2026年3月底前",
          "a1b22c333", "单位：万元\n", "第二季度"]


def test_answers_as_the_compiled_pattern():
    for pattern, flags in [(r"(\d+)", 0), (r"^附件\s*(\d+)", 0), (r"^[ \t]*x$", re.M), (r"[a-z]", re.I)]:
        compiled, late = re.compile(pattern, flags), lazy(pattern, flags)
        assert late.pattern == pattern
        for text in _TEXTS:
            assert bool(late.match(text)) == bool(compiled.match(text))
            assert late.fullmatch(text) == compiled.fullmatch(text) or late.fullmatch(text).span() == compiled.fullmatch(text).span()
            assert [m.span() for m in late.finditer(text)] == [m.span() for m in compiled.finditer(text)]
            assert late.findall(text) == compiled.findall(text)
            assert late.sub("#", text) == compiled.sub("#", text)
            assert late.subn("#", text, count=1) == compiled.subn("#", text, count=1)
            assert late.split(text) == compiled.split(text)
            searched = late.search(text)
            assert (searched and searched.group()) == ((m := compiled.search(text)) and m.group())
        assert (late.flags, late.groups, late.groupindex) == (compiled.flags, compiled.groups, compiled.groupindex)


def test_compiled_once_and_kept(monkeypatch):
    compiled = []
    compile_ = re.compile
    monkeypatch.setattr(re, "compile", lambda *args: compiled.append(args) or compile_(*args))
    late = lazy(r"(?P<n>\d+)")
    assert compiled == [] and late.pattern == r"(?P<n>\d+)"  # (its text read without compiling it)
    first = late.match
    assert compiled == [(r"(?P<n>\d+)", 0)]
    assert late.match == first and late.search("a7").group() == "7"  # the compiled pattern's methods, kept on it
    assert late.match("12")["n"] == "12" and late.scanner("3").match().group() == "3"  # (any other attribute too)
    assert repr(late) == "lazy('(?P<n>\\\\d+)')"


def test_module_patterns_are_lazy_and_still_match():
    assert isinstance(vocab.ATTACHMENT, LazyPattern)
    assert vocab.ATTACHMENT.match("附件2：项目支出绩效目标表").group(1) == "2"
    assert vocab.UNIT_LINE.match("单位：万元").group(1) == "万元"
    assert vocab.form_kind("2026年项目支出绩效自评表") == "self"
    assert judgement.parse_deadline("2026年底前", cell=True).month == 12  # (_YEAR_END)
    assert judgement.parse_deadline("第二季度", cell=True).month == 6  # (_QUARTER)
    assert judgement.parse_deadline("按月", cell=True).schedule == "按月"  # (_CELL_SCHEDULE)
