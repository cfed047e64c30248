"""Qt widgets and adapters over model/; the only layer that imports PySide6."""
