"""Reading time of the /rnn core path (steps 1-5) at 200 words a minute, from the lesson's own text."""
import re

from lessons.rnn import text
from lessons.rnn.lesson import STEPS
from lessons.rnn.steps import cell, memory, network, train
from lessons.rnn.steps.check import CHECKS

WPM = 200


def words(s: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", re.sub(r"\$\$.*?\$\$", " formula ", s, flags=re.S)))


def core_words() -> dict[str, int]:
    """Words a student reads on steps 1-5: always (intro, narrative, tours, each question with its
    options and the right answer's feedback) and on demand (every (i) on those steps)."""
    core = STEPS[:5]
    read = words(text.INTRO) + sum(words(s.title + " " + s.text) for s in core)
    read += sum(words(stop["title"] + " " + stop["text"]) for s in core for stop in s.tour)
    read += sum(words(c.question + " " + " ".join(c.options) + " " + c.feedback[c.answer]) for c in CHECKS)
    infos = [memory.MEMORY_INFO, network.DIAGRAM_INFO, train.LOSS_INFO, *cell.CELL_PART_INFO.values()]
    on_demand = sum(words(i["title"] + " " + i["body"]) for i in infos) + sum(map(words, cell.GATE_MEANING.values()))
    on_demand += sum(words(k + " " + v) for k, v in text.TERMS.items())  # the step 5 term review
    return {"read": read, "on_demand": on_demand}


def main():
    w = core_words()
    print(f"core path text: {w['read']} words read = {w['read'] / WPM:.1f} min at {WPM} wpm; "
          f"(i) and key terms opened too: +{w['on_demand']} words = {(w['read'] + w['on_demand']) / WPM:.1f} min")


if __name__ == "__main__":
    main()
