"""The employment tab, its dialogs and labels, and the employers page."""
