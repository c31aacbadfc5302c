"""Packs: YAML files to the checked, typed model, and nothing past it.

Reading within bounds (`locate`), the only YAML code (`yamlread`), the fields and their
checks (`schema`), the question types, each in one home and registered (`qtypes`), the
fields a question may have (`qfields`), joining packs (`pack`), overlays (`overlay`),
where each field of a record came from (`origins`), the cache of validated packs
(`cache`) and the model as the JSON it stores (`stored`), item-writing warnings on each
question (`lint`) and on the bank as a whole (`bank`), finding records by what a person
types (`lookup`) and `place init`'s starter files (`starter`). The lowest layer above the
shared modules: it may import `placecli.errors`, `placecli.safetext`, `placecli.words`
and `placecli.private`, and nothing else of place.
"""
