"""The intake interview: the question bank, answers and the rows they become."""
