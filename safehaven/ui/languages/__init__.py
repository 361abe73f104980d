"""The survivor's language on screen: the survivor panel, writing direction, language names and
the administrators' review of translations."""
