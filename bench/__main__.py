"""python -m bench: run every benchmark and print its table."""
from . import class_load, cnn_speed, rnn_page, run_vs_plain, tuning_latency

if __name__ == "__main__":
    run_vs_plain.main()
    cnn_speed.main([])
    tuning_latency.main([])
    rnn_page.main()
    class_load.main([])
