"""SoftmaxView: logits -> exp -> divided by their sum -> probabilities, as a table with bars
and the formula with the model's numbers substituted. Numbers from engine.cnn.softmax_parts."""
import numpy as np
import panel as pn
import param

from engine.cnn import softmax_parts
from widgets.course.html import display_math, esc
from widgets.style.numbers import significant


class SoftmaxView(pn.viewable.Viewer):
    logits = param.Array(default=np.zeros(10), doc="The linear layer's outputs z (classes,).")
    label = param.Integer(default=None, allow_None=True, doc="The true class, marked if known.")
    focus = param.Integer(default=None, allow_None=True, doc="The class the formula spells out (default: the top).")
    class_names = param.List(default=[], doc="A name per class (e.g. 'circle'); empty: the class numbers.")

    def __init__(self, **params):
        super().__init__(**params)
        self._table = pn.pane.HTML(width=470)
        self._formula = pn.pane.Markdown(width=360, css_classes=["softmax-formula"])
        self.param.watch(self._refresh, ["logits", "label", "focus", "class_names"])
        self._refresh()

    @property
    def parts(self) -> dict:
        return softmax_parts(self.logits)

    def from_maps(self, view: dict, *_):
        self.param.update(logits=np.asarray(view["maps"][view["names"].index("logits")], dtype=np.float64),
                          label=view.get("label"))

    def _refresh(self, *_):
        p = self.parts
        top = int(np.argmax(p["probabilities"]))
        k_all = len(p["logits"])
        names = self.class_names if len(self.class_names) == k_all else [str(k) for k in range(k_all)]
        rows = []
        for k, (z, e, q) in enumerate(zip(p["logits"], p["exp"], p["probabilities"])):
            mark = " ✔ true class" if k == self.label else ""
            rows.append(f"<tr class='{'top' if k == top else ''}'><td>{esc(str(names[k]))}</td>"
                        f"<td>{significant(z)}</td><td>{significant(e)}</td>"
                        f"<td>{significant(q)}</td><td style='text-align:left'>"
                        f"<span class='bar' style='width:{q * 160:.1f}px'>"
                        f"</span> {q * 100:.1f}%{mark}</td></tr>")
        self._table.object = ("<table class='prob-table softmax-table compact'><tr><th>class</th>"
                              "<th>logit z<sub>k</sub></th>"
                              "<th>e<sup>z<sub>k</sub></sup></th><th>p<sub>k</sub></th><th style='text-align:left'>"
                              "probability</th></tr>" + "".join(rows)
                              + f"<tr><td></td><td>sum</td><td><b>{significant(p['total'])}</b></td>"
                              "<td>1</td><td></td></tr>"
                              "</table>")
        k = top if self.focus is None else self.focus
        last = len(names) - 1
        z, total, e, q = (significant(v) for v in (p["logits"][k], p["total"], p["exp"][k], p["probabilities"][k]))
        self._formula.object = display_math(
            f"p_{{{k}}} = \\frac{{e^{{z_{{{k}}}}}}}{{\\sum_{{j=0}}^{{{last}}} e^{{z_j}}}} = "
            f"\\frac{{e^{{{z}}}}}{{{total}}} = \\frac{{{e}}}{{{total}}} = {q}",
            spoken=f"p {k} equals e to the z {k}, over the sum of e to the z j for j from 0 to {last}; "
                   f"equals e to the {z}, over {total}; equals {e} over {total}; equals {q}")

    def __panel__(self):
        # Side by side: with the overview above, both fit one 1280x800 screen.
        return pn.FlexBox(self._table, self._formula, flex_wrap="wrap", gap="0 16px", sizing_mode="stretch_width",
                          css_classes=["softmax-view"])
