"""A lesson in Jupyter: a notebook run by nbclient on an IPython kernel shows the lesson's first
step and trains its live model on the engine (the README's notebook recipe, executed)."""
import json
import os

import nbclient
import nbformat

from lessons.rnn.lesson import LESSON

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CELLS = [
    # The README's recipe.
    "from lessons.rnn.lesson import LESSON\npage = LESSON.page()\npage",
    # Train the first step's model for a few seconds; the kernel's loop runs the page's polling.
    "import asyncio\nrun = page.session.run\nrun.command('train')\n"
    "for _ in range(60):\n    await asyncio.sleep(0.5)\n    if len(run.chart.curve()['value']) >= 40:\n        break\n"
    "run.command('pause')\nprint(json.dumps(run.chart.curve()))",
]


def test_a_lesson_runs_in_a_notebook_and_trains():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import json")]
                                  + [nbformat.v4.new_code_cell(c) for c in CELLS])
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": ROOT}})
    client.execute()
    shown = "".join(json.dumps(o.get("data", {})) for o in nb.cells[1].outputs)
    assert LESSON.steps[0].title in shown  # the first step, drawn in the cell's output
    curve = json.loads("".join(o.text for o in nb.cells[2].outputs if o.output_type == "stream"))
    values = curve["value"]
    assert len(values) >= 40, f"the page received {len(values)} loss points"
    assert sum(values[-10:]) / 10 < 0.8 * sum(values[:10]) / 10  # training changed the loss
