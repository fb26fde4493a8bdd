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
LIGHT_GREY = "#c4c4c4"  # beside GREY: the server's example runs, apart from the class's own

INK = "#1f2430"      # text and wires
MUTED = "#555555"    # secondary text: captions, scales
HINT = "#444444"     # hints in italics
RULE = "#c8ccd6"     # thin borders around cells and maps
EDGE = "#d0d5e0"     # card and table borders
SCALE_EDGE = "#999999"  # the colour scale's frame
WHITE = "#ffffff"
BLACK = "#000000"    # numbers on the mid-tones of the colour scale, where neither ink nor white reads
PAPER = "#f4f6fb"    # a panel's ground: table heads, empty cells
# Light grounds under a coloured edge (a tip in blue, a phase in orange or vermillion).
BLUE_GROUND, GLOSSARY_GROUND = "#eef6fb", "#f7fafd"
ORANGE_GROUND, VERMILLION_GROUND = "#fdf6e7", "#fbeee6"

# One colour per model, the same on every step of a lesson (diagram, curves, legends).
# Keys are the engine's cell names (engine/models.py).
MODEL_COLOURS = {"lstm": GREEN, "gru": PURPLE, "rnn": SKY, "ff": ORANGE}

# Runs without a model of their own (a sweep, a comparison): run k is always RUN_COLOURS[k].
RUN_COLOURS = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY)


def run_colour(k: int) -> str:
    return RUN_COLOURS[k % len(RUN_COLOURS)]


def css_variables() -> str:
    """The palette as CSS custom properties (--ink, --blue, ...) for assets/site.css."""
    names = {name.lower().replace("_", "-"): value for name, value in globals().items()
             if name.isupper() and isinstance(value, str) and value.startswith("#")}
    return ":root, :host {" + "".join(f" --{name}: {value};" for name, value in names.items()) + " }"
