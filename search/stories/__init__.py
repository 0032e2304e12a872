"""Stories: copies of one report grouped across the whole archive (issue 17, docs/adr/0034).

`minhash` makes an article's signature and LSH band keys, `assign` decides which story a new
article joins (the engines store the band keys and call it while writing), `fold` turns a page of
hits into one row per story, `view` lists a story's versions and what each changed.
"""
