"""Files: opening through readers, exports through writers, the guard of the open file, recent files, autosave and
recovery, new documents, the unit information.
"""
