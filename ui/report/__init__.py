"""The report's text beside the table: its dock, its undoable edits, 生成初稿."""
