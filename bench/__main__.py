"""python -m bench: run every benchmark and print its table."""
from . import (
    class_load,
    cnn_picks,
    cnn_speed,
    dashboard_load,
    noisy_neighbour,
    rnn_memory,
    rnn_page,
    rnn_steps,
    run_vs_plain,
    tuning_defaults,
    tuning_latency,
)

if __name__ == "__main__":
    run_vs_plain.main()
    cnn_speed.main([])
    tuning_latency.main([])
    rnn_page.main()
    rnn_steps.main()
    class_load.main([])
    rnn_memory.main([])
    cnn_picks.main()
    tuning_defaults.main()
    dashboard_load.main([])
    noisy_neighbour.main([])
