"""The /rnn and /cnn pages offer exactly the values their tasks declare (engine/task_settings.py)."""
import pytest

from engine.task_settings import (
    BLOCKS,
    FIRST_CHANNELS,
    LATER_CHANNELS,
    ConvSettings,
    SequenceHyper,
    SequenceSettings,
    TextHyper,
)
from lessons.cnn.session import ArchitectureSettings
from lessons.rnn.session import Architecture, CellPlayer, RnnSession, RnnSettings, TextSettings


def slider_values(parameter) -> list:
    """The values a Number slider stops at: its ends and every step between."""
    low, high = parameter.bounds
    return [low + k * parameter.step for k in range(round((high - low) / parameter.step) + 1)]


def integer_values(parameter) -> list:
    low, high = parameter.bounds
    return list(range(low, high + 1))


def test_the_rnn_page_offers_the_sequence_and_text_tasks_declared_values():
    assert RnnSession.param.wave.objects == list(SequenceSettings.offered("kind"))
    assert Architecture.param.hidden.objects == list(SequenceSettings.offered("hidden"))
    assert integer_values(Architecture.param.layers) == list(SequenceSettings.offered("layers"))
    assert integer_values(CellPlayer.param.layer) == list(SequenceSettings.offered("layers"))
    assert CellPlayer.param.unit.bounds == (0, max(SequenceSettings.offered("hidden")) - 1)
    assert slider_values(RnnSettings.param.noise) == pytest.approx(SequenceHyper.offered("noise"))
    assert slider_values(TextSettings.param.temperature) == pytest.approx(TextHyper.offered("temperature"))
    defaults = SequenceSettings()
    assert (Architecture().hidden, Architecture().layers) == (defaults.hidden, defaults.layers)
    assert RnnSettings().noise == SequenceHyper().noise and TextSettings().temperature == TextHyper().temperature


def test_the_cnn_page_offers_the_conv_tasks_declared_values():
    offers = {name: ArchitectureSettings.param[name].objects
              for name in ("blocks", "channels_1", "channels_2", "kernel", "padding")}
    assert offers == {"blocks": list(BLOCKS), "channels_1": list(FIRST_CHANNELS), "channels_2": list(LATER_CHANNELS),
                      "kernel": list(ConvSettings.offered("kernel")),
                      "padding": list(ConvSettings.offered("padding"))}
    page, engine = ArchitectureSettings().architecture(), ConvSettings()
    assert (page.channels, page.kernel, page.padding, page.size) == tuple(engine.as_dict().values())
