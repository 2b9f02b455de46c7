"""The op-ed archive converter: raw essays in, Markdown with front matter out.

Data flows one way: reader -> decode/structure/dates/events/sidecar -> essay -> render -> writer.
"""
