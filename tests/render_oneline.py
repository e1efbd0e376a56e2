"""Render a report spec as a scraper or site archive saves a web page: all on one line.

What real archives do (../shared/corpus/real/*.page.txt): the page's tags are stripped and its
text kept on one line; headings run into the sentence before and after them; table cells are
glued with nothing between them, or with a space where a cell held `&nbsp;`; a blank cell
leaves nothing; site chrome (breadcrumbs, 字号 大 中 小, share buttons, 打印 关闭, the site's
footer) surrounds the report; an archive may put its own header lines (标题: …) above it.
"""

from __future__ import annotations

import random

from tests import fixture_render as fr

CHROME_BEFORE = [
    "首页 > 政务公开 > 政府信息公开年报",
    "当前位置：首页 > 信息公开 > 年度报告",
    "字号：大 中 小",
    "【字体：大 中 小】 打印",
    "微信 微博 QQ空间",
    "分享到：",
]
CHROME_AFTER = [
    "【打印本页】 【关闭窗口】",
    "相关链接： 中国政府网 省政府门户网站",
    "主办单位：某某市人民政府办公室 版权所有 ICP备05003789号",
    "网站标识码：3501000001 扫一扫在手机上查看当前页面",
]


def render_oneline(spec: fr.Spec, rng: random.Random) -> str:
    """The spec's report as one line of page text, with chrome around it."""
    nbsp_space = rng.random() < 0.3  # cells glued, or now and then a space between them

    def row_text(row: fr.WebRow) -> str:
        out = ""
        for text, _span in row.cells:
            if out and (nbsp_space and rng.random() < 0.3):
                out += " "
            out += text.replace("\n", "")
        return out

    body = fr._web_document(spec, row_text)
    pieces = [p.strip() for p in body.split("\n") if p.strip()]
    joined = ""
    for piece in pieces:
        joined += (" " if rng.random() < 0.4 else "") + piece
    before = " ".join(rng.sample(CHROME_BEFORE, rng.randint(0, 3)))
    after = " ".join(rng.sample(CHROME_AFTER, rng.randint(0, 3)))
    line = " ".join(x for x in (before, joined.strip(), after) if x)
    if rng.random() < 0.3:
        head = f"标题: {fr.title(spec)}\n发布时间: 2021-01-20 15:22\n"
        return head + f"==================== 正文 ====================\n{line}\n"
    return line + "\n"
