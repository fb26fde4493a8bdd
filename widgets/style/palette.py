"""The site's colours, each named once: Okabe-Ito (readable with the common colour-vision
deficiencies), the neutrals of text and lines, and one colour per model and per run."""
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#7f7f7f"

INK = "#1f2430"      # text and wires
MUTED = "#555555"    # secondary text: captions, scales
RULE = "#c8ccd6"     # thin borders around cells and maps
WHITE = "#ffffff"

# One colour per model, the same on every step of a lesson (diagram, curves, legends).
# Keys are the engine's cell names (engine/models.py).
MODEL_COLOURS = {"lstm": GREEN, "gru": PURPLE, "rnn": SKY, "ff": ORANGE}

# Runs without a model of their own (a sweep, a comparison): run k is always RUN_COLOURS[k].
RUN_COLOURS = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY)


def run_colour(k: int) -> str:
    return RUN_COLOURS[k % len(RUN_COLOURS)]


def css_variables() -> str:
    """The palette as CSS custom properties (--ink, --blue, ...) for assets/site.css."""
    names = {"orange": ORANGE, "sky": SKY, "green": GREEN, "yellow": YELLOW, "blue": BLUE,
             "vermillion": VERMILLION, "purple": PURPLE, "grey": GREY, "ink": INK, "muted": MUTED,
             "rule": RULE, "white": WHITE}
    return ":root, :host {" + "".join(f" --{name}: {value};" for name, value in names.items()) + " }"
