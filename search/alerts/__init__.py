"""Saved searches that watch the archive, the alerts they raise, and how alerts reach people.

`saved` holds the saved search itself and the store interface; `sqlite_store` keeps saved
searches, alerts and delivery state in the archive's own SQLite file; `percolate` checks saved
searches against newly indexed articles only; `record` turns matches into alerts (deduplicated,
near-identical wire copies grouped); `atom`, `webhook` and `digest` deliver them; `watch` polls
folders and indexes what changed.
"""
