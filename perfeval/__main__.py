from ._gc import paused_gc

with paused_gc():  # start-up builds modules and classes, kept for the whole run: nothing for the collector to find
    from .cli import run

run()
