"""Build tools of the repository: they write the data files the package ships (search/data/, mappings/).

Nothing here is installed with the package or runs at run time; run them from the project folder,
e.g. `python -m tools.build_gazetteer`. They read inputs beside the checkout (benchmarks/data,
../shared/corpus) and need build-time extras the runtime does not (babel, regex, a JDK for Lucene).
"""
