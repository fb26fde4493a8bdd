"""Tour: an onboarding tour with driver.js (MIT, installed from npm at set-up, served by us).

Stops point at real controls, found by a CSS class (css_classes=["tour-train"]) searched
through every open shadow root, since Panel renders each component inside one. A stop with
`wait` hides Next and moves on only when the student does the action (clicks the element).
"""
import param
from panel.custom import JSComponent

from widgets.course.shadow_dom import DEEP_FIND

DRIVER = "/assets/node_modules/driver.js/dist"


def stop(selector: str, title: str, text: str, wait: bool = False) -> dict:
    """One stop of a tour: highlight the element with class `selector`; `wait` for its click."""
    return {"selector": selector, "title": title, "text": text, "wait": wait}


class Tour(JSComponent):
    """Set `stops`, then `start()`; `finished` counts tours run to their end or closed."""

    stops = param.List(default=[])
    runs = param.Integer(default=0, doc="Bumped by start(): the browser starts the tour.")
    finished = param.Integer(default=0)
    active = param.Boolean(default=False)

    _esm = f"""
    {DEEP_FIND}
    function visible(el) {{
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    }}

    async function startTour(model) {{
      if (!document.getElementById('driver-css')) {{
        const link = document.createElement('link');
        link.id = 'driver-css'; link.rel = 'stylesheet'; link.href = '{DRIVER}/driver.css';
        document.head.appendChild(link);
      }}
      const mod = await import(window.location.origin + '{DRIVER}/driver.js.mjs');
      const stops = model.stops.filter((s) => visible(deepFind(document, '.' + s.selector)));
      if (!stops.length) return;
      let listener = null, target = null;
      const forget = () => {{ if (target && listener) target.removeEventListener('click', listener, true); }};
      const tour = mod.driver({{
        showProgress: true,
        allowClose: true,
        popoverClass: 'explorables-tour',
        steps: stops.map((s) => ({{
          element: () => deepFind(document, '.' + s.selector),
          popover: {{
            title: s.title, description: s.text,
            showButtons: s.wait ? ['previous', 'close'] : ['next', 'previous', 'close'],
          }},
          onHighlightStarted: (el) => {{
            forget();
            if (s.wait && el) {{
              target = el;
              listener = () => setTimeout(() => tour.moveNext(), 250);
              el.addEventListener('click', listener, {{ capture: true, once: true }});
            }}
          }},
        }})),
        onDestroyed: () => {{ forget(); model.active = false; model.finished = model.finished + 1; }},
      }});
      model.active = true;
      tour.drive();
    }}

    export function render({{ model, el }}) {{
      el.style.display = 'none';
      model.on('runs', () => startTour(model));
    }}
    """

    def start(self):
        self.runs += 1
