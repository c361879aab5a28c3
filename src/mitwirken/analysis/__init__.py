"""Synthesis: from many needs to action approaches. The pure method lives in ``engine``
(no Django, usable from the command line: ``python -m mitwirken.analysis``); models,
services and selectors of the organisers' workspace live beside it."""
