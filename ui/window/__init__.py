"""The main window, assembled: its action table and menus, panes, layout, find bar, help menu."""
