"""Row names that differ from project to project, for the `--distinct` inputs of the benchmarks.

The synthetic inputs repeat a few rows written alike in every project, which flatters every
cache keyed by a row's text. Real provinces repeat far less: each project names its own
indicators. With `distinct`, each project's (sheet's) 三级指标 names carry a suffix of their own
(four of twenty Heavenly-Stem/Earthly-Branch characters: no digit, so no check reads a number
in it), every row becomes a text of its own, and the findings and scores stay those of the
repeated input.
"""

_MARKS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"


def suffix(index: int) -> str:
    """A suffix unique to `index` below 160,000 (and cycling after)."""
    text = ""
    for _ in range(4):
        text += _MARKS[index % 20]
        index //= 20
    return text
