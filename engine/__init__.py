"""The shared torch engine: data, models, training runs, probes and the scheduler.

torch and numpy only: nothing here imports a UI library, so it runs and is tested alone.
"""
