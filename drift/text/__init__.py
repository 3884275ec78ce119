"""Text in: read files and pages (:mod:`.read`), separate page furniture (:mod:`.furniture`),
normalise for comparison (:mod:`.normalize`) and split into sentences (:mod:`.segment`)."""
