"""`python -m search …` is `bahith …`: the same command where the script is not on PATH."""

from search.cli import main

if __name__ == "__main__":
    main(prog_name="bahith")
