"""The Lachin Corridor Briefing: data, charts and build helpers shared by every chapter."""

__version__ = "0.1.0"
