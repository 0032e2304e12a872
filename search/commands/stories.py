"""`bahith stories show ID`: a story's versions, lead first, with what each copy changed (search.stories);
`bahith stories rebuild`: an archive re-signed with the current scheme and its stories assigned again (ADR 0049)."""

from __future__ import annotations

import click

from search.commands.common import ENGINE_HELP, backend_for, fail, outlets_for


def register(main: click.Group) -> None:
    @main.group("stories")
    def stories() -> None:
        """Stories: the copies of one report across outlets (a story id is in search results and exports)."""

    @stories.command("show")
    @click.argument("story_id")
    @click.option("--engine", help=ENGINE_HELP)
    @click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
    def show(story_id: str, engine: str | None, as_json: bool) -> None:
        """Every version of story STORY_ID with outlet and time, the lead (earliest) first, and the
        sentences each copy added (+) or removed (-) relative to the lead."""
        from search.backends.base import BackendError
        from search.stories.view import story_view
        from search.terminal import cli_language, to_json

        backend = backend_for(engine)
        try:
            view = story_view(backend, story_id.strip())
        except BackendError as exc:
            fail(str(exc))
        if view is None:
            fail(f"no story with id {story_id!r} (story ids are in search results: bahith search … --json)")
        lang = cli_language()
        names = outlets_for(backend)
        if as_json:
            click.echo(to_json({"story": view.story, "outlets": view.outlets, "versions": [
                {"id": v.version.article, "title": v.version.title, "source": v.version.source,
                 "source_name": names.name(v.version.source, lang) if v.version.source else None,
                 "published": v.version.published, "lead": v.lead, "added": v.added, "removed": v.removed}
                for v in view.versions]}))
            return
        click.echo(f"story {view.story}: {len(view.versions)} version(s) in {len(view.outlets)} outlet(s)")
        for v in view.versions:
            when = v.version.published.isoformat() if v.version.published else "undated"
            outlet = names.name(v.version.source, lang) if v.version.source else "(no outlet)"
            click.echo("")
            click.echo(f"{'lead' if v.lead else 'copy'} · {outlet} · {when} · id: {v.version.article}")
            click.echo(f"   {v.version.title}")
            for s in v.added:
                click.echo(f"   + {s}")
            for s in v.removed:
                click.echo(f"   - {s}")
            if not v.lead and not v.added and not v.removed:
                click.echo("   (the lead's text, unchanged)")

    @stories.command("rebuild")
    @click.option("--engine", help=ENGINE_HELP)
    def rebuild(engine: str | None) -> None:
        """Re-sign every article with the current same-story scheme (3-word shingles and the series signal) and
        assign every story again, the earliest copy leading, so an archive indexed under an older rule decides
        as a new one. The embedded archive is rebuilt in one transaction (stopped midway, it keeps its old
        stories); a search server is rebuilt resumably (run the command again to finish)."""
        from search.backends.base import BackendError
        from search.stories.rebuild import scheme

        backend = backend_for(engine)
        try:
            run = backend.capabilities.require("story_rebuild", engine or "the archive", "rebuild stories")
            click.echo(f"stories rebuild: signing every article with {scheme()}", err=True)
            done = run(lambda line: click.echo(f"stories rebuild: {line}", err=True))
        except BackendError as exc:
            fail(str(exc))
        finally:
            backend.close()
        if not done.rebuilt:
            click.echo(f"nothing to rebuild: all {done.articles:,} articles are already signed with {scheme()} "
                       f"({done.after:,} stories)")
            return
        click.echo(f"rebuilt: {done.articles:,} articles in {done.after:,} stories (were {done.before:,}); "
                   f"{done.moved:,} articles changed story")
