"""Text in: read files and pages (:mod:`.read`), join hard-wrapped lines into paragraphs
(:mod:`.unwrap`), separate page furniture (:mod:`.furniture`), normalise for comparison
(:mod:`.normalize`) and split into sentences (:mod:`.segment`)."""
