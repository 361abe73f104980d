"""The Screening case tab (indicator screening, response protocols) and the Training page."""
