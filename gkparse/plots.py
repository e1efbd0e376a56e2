"""Plots for analysts (needs `gkparse[analysis]`): the frames behind them and a CJK font, or keys.

Labels are Chinese only when a CJK font is installed (`fonts-noto-cjk`, which `make test` and
`make demo` install as root); without one the canonical keys are used, never boxes of tofu.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

# families tried in order; the first one matplotlib can find is used
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN")
OUTCOMES = ("granted", "partially_granted", "denied", "unable", "not_processed", "other")


def use_cjk_font() -> str | None:
    """Put an installed CJK font first in matplotlib's sans-serif list; its name, or None."""
    import matplotlib
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    family = next((f for f in CJK_FAMILIES if f in installed), None)
    if family is not None:
        matplotlib.rcParams["font.sans-serif"] = [family, *matplotlib.rcParams["font.sans-serif"]]
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def labeller(cjk: bool):
    """key → its Chinese label (with a CJK font) or the key itself (without)."""
    from gkparse.dataset import key_labels

    keys = key_labels()
    names = {**keys["row"], **keys["indicator"]}

    def label(key: str) -> str:
        return names.get(key, key) if cjk else key

    return label


def one_per_agency_year(reports: pd.DataFrame) -> pd.DataFrame:
    """The report used for each agency and year (the one with most cells, as `crossyear` picks)."""
    usable = reports[(reports.status != "failed") & reports.agency.notna() & reports.year.notna()]
    usable = usable.sort_values(["n_cells", "report_id"], ascending=[False, True])
    return usable.drop_duplicates(["agency", "year"]).sort_values(["agency", "year"], ignore_index=True)


def outcomes(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Requests by outcome (总计 column) per agency and year: one row per report used, one column per
    outcome group (a group's printed rows summed, or its own row when printed as one)."""
    chosen = one_per_agency_year(tables["reports"])
    cells = tables["cells"]
    cells = cells[(cells.table == "requests") & (cells.col == "total")
                  & cells.report_id.isin(set(chosen.report_id))]
    rows = cells.row.astype(str)
    group = rows.str.split(".").str[0]
    detail = rows.str.contains(".", regex=False)
    has_detail = detail.groupby([cells.report_id, group]).transform("any")
    keep = group.isin(OUTCOMES) & (detail | ~has_detail)
    wide = (cells[keep].assign(group=group[keep]).pivot_table(index="report_id", columns="group",
                                                              values="value", aggfunc="sum")
            .reindex(columns=list(OUTCOMES)).fillna(0))
    return chosen[["report_id", "agency", "year"]].merge(wide, left_on="report_id", right_index=True)


def plot_outcomes(frame: pd.DataFrame, ax: Any, cjk: bool) -> Any:
    """Stacked bars: each agency-year's requests by outcome."""
    label = labeller(cjk)
    names = [f"{a} {y}" for a, y in zip(frame.agency, frame.year, strict=True)] if cjk else [
        f"{i + 1}: {y}" for i, y in enumerate(frame.year)]
    bottom = pd.Series(0.0, index=frame.index)
    for outcome in OUTCOMES:
        ax.barh(names, frame[outcome], left=bottom, label=label(outcome).split("（")[0])
        bottom += frame[outcome]
    ax.invert_yaxis()
    ax.set_xlabel("申请数（件）" if cjk else "requests")
    ax.legend(fontsize="small", loc="lower right")
    return ax
