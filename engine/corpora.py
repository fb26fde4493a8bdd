"""The text step's corpora, written here (no download): a repeating pattern and a short paragraph."""

CORPORA = {
    "pattern": "ab" * 200,
    "paragraph": (
        "the river runs past the mill and the mill turns slowly in the river. "
        "in spring the water is high and the wheel turns fast; in summer the water "
        "is low and the wheel turns slowly. the miller listens to the wheel and knows "
        "the season by its sound. "
    ) * 3,
}
