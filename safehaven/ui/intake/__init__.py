"""The intake tab and its widgets: questions, sections and the words for intake codes."""
