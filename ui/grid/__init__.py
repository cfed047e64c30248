"""The statistics table as editable grids: the model adapter, the view, delegates, highlights, editing, clipboard, undo
commands.
"""
