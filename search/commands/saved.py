"""`bahith saved …`, `bahith alerts` and `bahith watch`: saved searches that watch the archive."""

from __future__ import annotations

import json
import logging
import secrets
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from search.commands.common import ENGINE_HELP, facet_options, facet_pairs, fail, outlets_for


def _store(engine: str | None, create: bool = False):
    from search.archive import open_alert_store as open_store
    from search.backends import BackendError
    from search.config import ConfigError, load_settings

    try:
        return open_store(load_settings(engine).engine, create=create)
    except (BackendError, ConfigError) as exc:
        fail(str(exc))


def _outlets(engine: str | None):
    """The archive's outlet display names for feeds and digests; a bad names file fails the command."""
    from search.config import ConfigError, load_settings
    from search.outlets import OutletsError, for_archive

    try:
        return for_archive(load_settings(engine).engine)
    except (ConfigError, OutletsError) as exc:
        fail(str(exc))


def _saved_options(f, editing: bool = False):
    verb = "Replace the" if editing else "Only articles with this"
    decorators = [
        lambda g: facet_options(g, describe=lambda facet: f"{verb} {facet.name} (repeat: any of)."),
        click.option("--exclude", multiple=True, metavar="FACET:VALUE",
                     help="Never alert on articles with this value."),
        click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after this day."),
        click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before this day."),
        click.option("--exact/--stemmed", "exact", default=None,
                     help="Match words only in the form typed (default: stemmed, all forms)."),
        click.option("--owner", help="Who the saved search belongs to (a name or a desk label)."),
        click.option("--webhook", metavar="URL", help="POST new alerts as signed JSON to this URL ('' removes)."),
        click.option("--secret", help="HMAC secret for the webhook signature (default: generated)."),
        click.option("--email", multiple=True, metavar="ADDRESS", help="Send a digest of new alerts here (repeat)."),
        click.option("--engine", help=ENGINE_HELP),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


def _check_webhook(url: str | None) -> None:
    """Refuse a webhook URL that is malformed or reaches a non-public address (docs/adr/0021); exit 2 naming it.

    Delivery checks the address again when it connects (DNS can change); this is for a clear message now.
    """
    from search.alerts.webhook_guard import WebhookURLError, check_url
    from search.config import ConfigError, webhook_allow

    if not url:
        return
    try:
        warning = check_url(url, webhook_allow())
    except WebhookURLError as exc:
        fail(f"webhook_url: {exc} (--webhook)", 2)
    except ConfigError as exc:
        fail(str(exc), 2)
    if warning:
        click.secho(f"warning: webhook_url: {warning} (--webhook)", fg="yellow", err=True)


def _write_and_report(write, saved, as_json: bool, said: str) -> None:
    """Store `saved` with `write` (a refusal is exit 2 with the store's reason), then say what was kept."""
    from search.alerts.saved import SavedSearchError
    from search.terminal import to_json

    try:
        write(saved)
    except SavedSearchError as exc:
        fail(str(exc), 2)
    if as_json:
        click.echo(to_json(saved.to_dict()))
        return
    click.echo(said)
    click.echo(_describe(saved))


def _backfill(store, engine: str | None, saved) -> int | None:
    """Start the new search's feed with its newest matches (search/alerts/backfill.py); None when the
    archive cannot be read now (the search is saved all the same and its feed fills from the next run)."""
    from search.alerts.backfill import backfill
    from search.alerts.saved import SavedSearchError
    from search.backends import BackendError, open_backend
    from search.config import ConfigError, load_settings

    try:
        backend = open_backend(load_settings(engine).engine, create=False)
    except (BackendError, ConfigError) as exc:
        click.secho(f"warning: its feed starts empty: {exc}", fg="yellow", err=True)
        return None
    try:
        return sum(len(g.articles) for g in backfill(store, backend, saved))
    except (BackendError, SavedSearchError) as exc:
        click.secho(f"warning: its feed starts empty: {exc}", fg="yellow", err=True)
        return None
    finally:
        backend.close()


def _describe(saved) -> str:
    parts = [f"{saved.name}: {saved.query or '(no words)'}"]
    for facet, values in saved.include.items():
        parts.append(f"  {facet}: {' | '.join(values)}")
    for facet, values in saved.exclude.items():
        parts.append(f"  not {facet}: {' | '.join(values)}")
    if saved.date_from or saved.date_to:
        parts.append(f"  dates: {saved.date_from or '…'} .. {saved.date_to or '…'}")
    if saved.mode != "stemmed":
        parts.append(f"  mode: {saved.mode}")
    if saved.owner:
        parts.append(f"  owner: {saved.owner}")
    parts.append(f"  feed: {saved.feed_path}")
    if saved.delivery.webhook_url:
        parts.append(f"  webhook: {saved.delivery.webhook_url}")
    if saved.delivery.emails:
        parts.append(f"  email: {', '.join(saved.delivery.emails)}")
    if saved.problem:
        parts.append(click.style(f"  ⚠ cannot run with this version: {saved.problem}", fg="yellow"))
    return "\n".join(parts)


_templates_option = click.option(
    "--templates", type=click.Path(exists=True, file_okay=False, path_type=Path), envvar="BAHITH_TEMPLATES",
    help="A folder of templates overriding the built-in ones, as for `bahith serve`: email/digest.txt, "
         "email/digest.html and email/subject.txt shape the e-mail digest.")


def _parse_since(text: str | None) -> datetime | None:
    from search.alerts.watch import parse_duration

    if not text:
        return None
    try:
        return datetime.now(UTC) - timedelta(seconds=parse_duration(text))
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r}: write a day (2025-04-01), a time (2025-04-01T08:00) or an age "
                                 "(30m, 12h, 7d)", param_hint="--since") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _cycle_as_dict(cycle) -> dict[str, object]:
    """One check of `bahith watch --json`: what was read, what alerted, what was delivered."""
    return {"time": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": [str(f) for f in cycle.files],
            "summary": cycle.summary.as_dict() if cycle.summary is not None else None,
            "alerts": [g.as_dict() for g in cycle.alerts],
            "deliveries": [dict(r.__dict__) for r in cycle.deliveries]}


def register(main: click.Group) -> None:
    @main.group("saved")
    def saved_group() -> None:
        """Saved searches: alert me when new articles match (feed, webhook, email)."""

    @saved_group.command("add")
    @click.argument("name")
    @click.argument("query", required=False, default="")
    @_saved_options
    @click.option("--json", "as_json", is_flag=True)
    def add_cmd(name, query, include, exclude, date_from, date_to, exact, owner, webhook, secret, email, engine,
                as_json) -> None:
        """Save QUERY (same syntax as `bahith search`) under NAME; new articles that match raise alerts."""
        from search.alerts.saved import Delivery, SavedSearch

        _check_webhook(webhook)
        generated = webhook and not secret
        saved = SavedSearch(
            name=name, query=query, include=include, exclude=facet_pairs(exclude, "--exclude"),
            date_from=date_from.date() if date_from else None, date_to=date_to.date() if date_to else None,
            mode="exact" if exact else "stemmed", owner=owner or "",
            delivery=Delivery(webhook_url=webhook or None,
                              webhook_secret=(secret or secrets.token_hex(16)) if webhook else None,
                              emails=list(email)))
        store = _store(engine, create=True)
        _write_and_report(store.add, saved, as_json, f"saved {name!r}; new matching articles will raise alerts")
        filled = _backfill(store, engine, saved)
        if filled is not None and not as_json:
            click.echo(f"  its feed starts with the {filled} newest matching article(s) already in the archive "
                       "(not sent by webhook or e-mail)")
        if generated and not as_json:
            click.echo(f"  webhook secret (give it to the receiver): {saved.delivery.webhook_secret}")

    @saved_group.command("list")
    @click.option("--engine", help=ENGINE_HELP)
    @click.option("--json", "as_json", is_flag=True)
    def list_cmd(engine, as_json) -> None:
        """All saved searches; those this version cannot run are flagged, never dropped."""
        from search.terminal import to_json

        searches = _store(engine).list()
        if as_json:
            click.echo(to_json([s.to_dict() for s in searches]))
            return
        if not searches:
            click.echo("no saved searches; add one with: bahith saved add NAME QUERY")
        for s in searches:
            click.echo(_describe(s))
        broken = [s.name for s in searches if s.problem]
        if broken:
            click.secho(f"{len(broken)} saved search(es) need fixing (bahith saved edit NAME --query …): "
                        f"{', '.join(broken)}", fg="yellow", err=True)

    @saved_group.command("show")
    @click.argument("name")
    @click.option("--engine", help=ENGINE_HELP)
    @click.option("--json", "as_json", is_flag=True)
    def show_cmd(name, engine, as_json) -> None:
        """One saved search, with its latest alerts."""
        from search.terminal import to_json

        store = _store(engine)
        saved = store.find(name)
        if saved is None:
            fail(f"no saved search named {name!r} (see bahith saved list)")
        recent = store.alerts(saved=saved.name, limit=10)
        if as_json:
            click.echo(to_json({**saved.to_dict(), "alerts": [g.as_dict() for g in recent]}))
            return
        click.echo(_describe(saved))
        if saved.delivery.webhook_secret:
            click.echo(f"  webhook secret: {saved.delivery.webhook_secret}")
        click.echo(f"  latest alerts: {len(recent) or 'none yet'}")
        for g in recent:
            click.echo(f"    [{g.id}] {g.title}  ({g.lead})")

    @saved_group.command("edit")
    @click.argument("name")
    @click.option("--query", help="New query text.")
    @click.option("--clear-filters", is_flag=True, help="Drop every facet include/exclude (before the ones given).")
    @click.option("--clear-dates", is_flag=True, help="Drop the date window (before --from/--to given).")
    @_saved_options
    @click.option("--json", "as_json", is_flag=True, help="Print the saved search as it is now, as JSON.")
    def edit_cmd(name, query, clear_filters, clear_dates, include, exclude, date_from, date_to, exact, owner,
                 webhook, secret, email, engine, as_json) -> None:
        """Change a saved search; each option given replaces that part, the rest is kept."""

        store = _store(engine)
        saved = store.find(name)
        if saved is None:
            fail(f"no saved search named {name!r} (see bahith saved list)")
        if query is not None:
            saved.query = query
        if clear_filters:
            saved.include, saved.exclude = {}, {}
        if clear_dates:
            saved.date_from = saved.date_to = None
        for facet, values in include.items():
            if values:
                saved.include[facet] = [v for v in values if v]
                if not saved.include[facet]:
                    del saved.include[facet]
        if exclude:
            saved.exclude = facet_pairs(exclude, "--exclude")
        if date_from:
            saved.date_from = date_from.date()
        if date_to:
            saved.date_to = date_to.date()
        if exact is not None:
            saved.mode = "exact" if exact else "stemmed"
        if owner is not None:
            saved.owner = owner
        if webhook is not None:
            _check_webhook(webhook)
            saved.delivery.webhook_url = webhook or None
            if webhook and not (secret or saved.delivery.webhook_secret):
                saved.delivery.webhook_secret = secrets.token_hex(16)
        if secret:
            saved.delivery.webhook_secret = secret
        if email:
            saved.delivery.emails = [e for e in email if e]
        _write_and_report(store.update, saved, as_json, f"updated {name!r}")

    @saved_group.command("token")
    @click.argument("name")
    @click.option("--new", "action", flag_value="new", default=True,
                  help="Make a secret feed address (the default); any earlier one stops working.")
    @click.option("--revoke", "action", flag_value="revoke", help="Revoke the secret feed address.")
    @click.option("--base-url", envvar="BAHITH_BASE_URL", help="Where `bahith serve` is reached, to print the "
                  "whole address (default: base_url in bahith.toml).")
    @click.option("--engine", help=ENGINE_HELP)
    def token_cmd(name, action, base_url, engine) -> None:
        """A secret feed address for NAME (name or slug) that a feed reader can use under `serve --auth`."""
        from search.alerts.feed_tokens import new_token, revoke_token
        from search.config import load_base_url

        store = _store(engine)
        saved = store.find(name)
        if saved is None:
            fail(f"no saved search named {name!r} (see bahith saved list)")
        if action == "revoke":
            had = revoke_token(store, saved.name)
            click.echo(f"revoked the secret feed address of {saved.name!r}" if had
                       else f"{saved.name!r} had no secret feed address; nothing to revoke")
            return
        token = new_token(store, saved.name)
        base = (base_url or load_base_url() or "").rstrip("/")
        click.echo(f"{base}{saved.feed_path}?token={token}")
        click.echo("shown once: put it in the feed reader; any earlier secret address of this feed no longer works",
                   err=True)

    @saved_group.command("rm")
    @click.argument("name")
    @click.option("--engine", help=ENGINE_HELP)
    def rm_cmd(name, engine) -> None:
        """Delete a saved search and its alerts."""
        store = _store(engine)
        found = store.find(name)
        if found is None or not store.remove(found.name):
            fail(f"no saved search named {name!r} (see bahith saved list)")
        click.echo(f"removed {name!r}")

    @main.command("alerts")
    @click.option("--saved", "saved_name", metavar="NAME", help="Only this saved search's alerts.")
    @click.option("--since", metavar="WHEN", help="Only alerts raised since a day/time or an age (12h, 7d).")
    @click.option("--unread", is_flag=True, help="Only alerts not yet marked read.")
    @click.option("--mark-read", is_flag=True, help="Mark the alerts shown as read.")
    @click.option("--deliver", is_flag=True, help="Also send pending webhook and email deliveries now.")
    @_templates_option
    @click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
    @click.option("--engine", help=ENGINE_HELP)
    @click.option("--json", "as_json", is_flag=True)
    def alerts_cmd(saved_name, since, unread, mark_read, deliver, templates, limit, engine, as_json) -> None:
        """New articles that matched saved searches, newest first."""
        from search.alerts.deliver import deliver_all
        from search.config import ConfigError
        from search.terminal import to_json

        since_moment = _parse_since(since)
        store = _store(engine)
        if saved_name:
            found = store.find(saved_name)
            if found is None:
                fail(f"no saved search named {saved_name!r} (see bahith saved list)", 2)
            saved_name = found.name
        groups = store.alerts(saved=saved_name, since=since_moment, unread=unread, limit=limit)
        try:
            reports = (deliver_all(store, force=True, templates=templates, outlets=_outlets(engine))
                       if deliver else [])
        except ConfigError as exc:  # e.g. a bad [smtp] table: say which file and key, deliver nothing
            fail(str(exc))
        broken = [s for s in store.list() if s.problem and (not saved_name or s.name == saved_name)]
        if mark_read:
            store.mark_read(g.id for g in groups)
        if as_json:
            click.echo(to_json({"alerts": [g.as_dict() for g in groups],
                                "problems": [{"saved": s.name, "problem": s.problem} for s in broken],
                                "deliveries": [r.__dict__ for r in reports]}))
            return
        for s in broken:
            click.secho(f"⚠ saved search {s.name!r} is not running: {s.problem}", fg="yellow", err=True)
        if not groups:
            click.echo("no alerts")
        for g in groups:
            mark = " " if g.read else "•"
            copies = f"  (+{g.copies - 1} near-identical)" if g.copies > 1 else ""
            meta = " · ".join(x for x in (g.source, (g.published or "")[:10]) if x)
            click.echo(f"{mark} [{g.saved}] {g.title}{copies}")
            click.echo(f"    {g.lead}{'  ' + meta if meta else ''}  alerted {g.created}")
        for r in reports:
            state = f"{r.delivered} delivered" + (f", {r.pending} pending: {r.error}" if r.pending else "")
            click.echo(f"{r.channel} {r.saved}: {state}")

    @main.command("watch")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option("--every", default="5m", show_default=True, metavar="DURATION",
                  help="Time between checks: 30s, 5m, 1h.")
    @click.option("--once", is_flag=True, help="Check once, index, alert, deliver, and exit.")
    @click.option("--format", "fmt", default="auto", show_default=True,
                  type=click.Choice(["auto", "txt", "json", "jsonl", "zipjson", "trec", "html", "feed"]))
    @click.option("--no-deliver", is_flag=True, help="Record alerts but send no webhooks or email.")
    @_templates_option
    @click.option("--engine", help=ENGINE_HELP)
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per check (JSON Lines) instead of text.")
    def watch_cmd(paths, every, once, fmt, no_deliver, templates, engine, as_json) -> None:
        """Index new or changed files under PATHS as they appear, and alert on saved searches.

        What was indexed and alerted is kept in the archive, so stopping and restarting re-alerts nothing.
        """
        from search.alerts.watch import Watcher, parse_duration
        from search.backends import BackendError
        from search.commands.common import backend_for

        try:
            seconds = parse_duration(every)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--every") from None
        backend = backend_for(engine, create=True)
        store = _store(engine, create=True)

        def log(message: str) -> None:
            logging.getLogger("search.watch").warning(message)

        def report(cycle) -> None:
            if as_json:
                click.echo(json.dumps(_cycle_as_dict(cycle), ensure_ascii=False, default=str))
                sys.stdout.flush()
                return
            stamp = datetime.now(UTC).strftime("%H:%M:%S")
            if cycle.summary is not None:
                s = cycle.summary
                click.echo(f"{stamp} {len(cycle.files)} file(s): {s.new} new, {s.updated} updated, "
                           f"{s.unchanged} unchanged, {len(s.problems)} skipped; {len(cycle.alerts)} alert(s)")
                for p in s.problems:
                    click.echo(f"  skipped {p.origin}: {p.reason}", err=True)
            for g in cycle.alerts:
                click.echo(f"  • [{g.saved}] {g.title}")
            for r in cycle.deliveries:
                state = f"{r.delivered} delivered" + (f", {r.pending} pending: {r.error}" if r.pending else "")
                click.echo(f"  {r.channel} {r.saved}: {state}")
            sys.stdout.flush()

        watcher = Watcher(paths, backend, store, fmt=fmt, deliver=not no_deliver, settle=0 if once else 1.0,
                          deliver_options={"templates": templates, "outlets": outlets_for(backend)}, log=log)
        if not once:
            click.echo(f"watching {', '.join(map(str, paths))} every {every} (Ctrl-C to stop)", err=True)
        try:
            watcher.run(seconds, once=once, report=report)
        except BackendError as exc:
            fail(f"{exc}\nWhat was indexed before this point is kept; run the same command again to resume.")
        except KeyboardInterrupt:
            click.echo("stopped; what was indexed and alerted is kept", err=True)

