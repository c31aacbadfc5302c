"""Packs: YAML files to the checked, typed model, and nothing past it.

Reading within bounds (`locate`), the only YAML code (`yamlread`), the fields and their
checks (`schema`), the question types, each in one home (`qtypes`), joining packs
(`pack`), overlays (`overlay`), the cache of validated packs (`cache`), item-writing
warnings on each question (`lint`) and on the bank as a whole (`bank`), finding records
by what a person types (`lookup`) and `place init`'s starter files (`starter`). The lowest
layer above the shared words: it may import
`placecli.errors`, `placecli.safetext` and `placecli.words`, and nothing else of place.
"""
