"""gkparse.plots: Chinese labels only with a CJK font (keys otherwise), and the outcome frame by hand."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib import font_manager

import gkparse
from gkparse.plots import CJK_FAMILIES, labeller, outcomes, use_cjk_font
from gkparse.write.tables import frames, merge_rows, report_rows
from tests.conftest import corpus_file


def test_without_a_cjk_font_labels_are_the_keys(monkeypatch):
    latin = [f for f in font_manager.fontManager.ttflist if f.name not in CJK_FAMILIES]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    before = list(matplotlib.rcParams["font.sans-serif"])
    assert use_cjk_font() is None
    assert matplotlib.rcParams["font.sans-serif"] == before
    assert labeller(False)("denied.state_secret") == "denied.state_secret"


def test_with_one_the_labels_are_the_formats_own():
    label = labeller(True)
    assert label("denied.state_secret") == "不予公开·属于国家秘密"
    assert label("disclosure_rate") == "实质公开率"


def test_outcomes_sum_each_group_of_the_total_column():
    # dongguan golden, 总计: 予以公开 18, 部分公开 4, 不予公开 8 × 0, 无法提供 60 + 0 + 0, 不予处理 5 × 0,
    # （六）其他处理 printed as one row (2019) 11; 18 + 4 + 60 + 11 = 93 = （七）总计
    tables = frames(merge_rows([report_rows(gkparse.parse(corpus_file("dongguan-drc-2019.txt")))]))
    row = outcomes(tables).iloc[0]
    assert (row.agency, row.year) == ("东莞市发展和改革局", 2019)
    assert row[["granted", "partially_granted", "denied", "unable", "not_processed", "other"]].tolist() == [
        18, 4, 0, 60, 0, 11]


@pytest.mark.parametrize("name", ["hongze-district-2024.pdf"])
def test_outcomes_of_a_2021_report(name):
    # golden, 总计: 50, 9, 0+0+1+0+0+1+1+0 = 3, 31+1+0 = 32, 1+0+0+0+0 = 1, （六） one row 0
    tables = frames(merge_rows([report_rows(gkparse.parse(corpus_file(name)))]))
    assert outcomes(tables).iloc[0, 3:].tolist() == [50, 9, 3, 32, 1, 0]
