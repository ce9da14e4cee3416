"""The episode files of the back-test load, and the held-out sets share no episode with the
development set or with each other."""

from __future__ import annotations

from pathlib import Path

from alliance_monitor.backtest import load_episodes

FOLDER = Path(__file__).resolve().parents[1] / "episodes"


def test_every_episode_file_loads_and_no_episode_is_in_two_sets() -> None:
    files = sorted(FOLDER.glob("episodes-*.json"))
    assert {f.name for f in files} >= {"episodes-dev.json", "episodes-heldout-1.json",
                                       "episodes-heldout-2.json", "episodes-heldout-3.json",
                                       "episodes-heldout-4.json", "episodes-heldout-5.json",
                                       "episodes-heldout-6.json", "episodes-heldout-7.json",
                                       "episodes-heldout-8.json", "episodes-heldout-9.json",
                                       "episodes-heldout-10.json", "episodes-heldout-11.json",
                                       "episodes-heldout-12.json", "episodes-heldout-13.json",
                                       "episodes-heldout-14.json"}
    seen: dict[str, str] = {}
    for f in files:
        episodes = load_episodes(f)
        assert episodes, f.name
        for e in episodes:
            assert e.id not in seen, f"{e.id} in {f.name} and {seen[e.id]}"
            seen[e.id] = f.name
            assert e.before < e.after
