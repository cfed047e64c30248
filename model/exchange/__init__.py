"""Exchange: the native file, Excel workbooks and the other file kinds. No Qt; imports model.core only."""
