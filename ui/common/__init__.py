"""What every part of the window uses: background operations, dialogs, the script (简/繁), settings, the desktop
environment.
"""
