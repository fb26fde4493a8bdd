"""RosterTable: /teach's roster, a plain HTML table whose every row ends in a "View <name>" button
(a real <button>, keyboard and screen readers included); a click sets `viewing` to that student's id.
Every cell is set as text in the browser, so a name is never read as HTML."""
import param
from panel.custom import JSComponent

CSS = """
table.roster { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 0.95rem; }
table.roster th, table.roster td { padding: 4px 8px; border-bottom: 1px solid #d5dbe1; text-align: left; }
table.roster th { background: #f3f5f7; font-weight: 600; }
table.roster tr.viewing td { background: #eef4ff; }
table.roster button { font: inherit; padding: 2px 10px; border: 1px solid #2563eb; border-radius: 4px;
  background: #fff; color: #1d4ed8; cursor: pointer; }
table.roster tr.viewing button { background: #2563eb; color: #fff; }
table.roster button:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
p.roster-empty { color: #52606d; margin: 4px 0; }
"""


class RosterTable(JSComponent):
    columns = param.List(default=[], item_type=str, doc="The column headings.")
    rows = param.List(default=[], doc="Each student's cells, as text, in column order.")
    ids = param.List(default=[], item_type=str, doc="Each row's student id.")
    names = param.List(default=[], item_type=str, doc="Each row's name, for its button's label.")
    viewing = param.String(default="", doc="The id of the student whose view is open ('' none).")

    _esm = "roster_table.js"
    _stylesheets = [CSS]
