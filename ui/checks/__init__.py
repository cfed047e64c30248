"""What the checks found, in the window: the problems list, the rules of the current cell, justifications of warnings.
"""
