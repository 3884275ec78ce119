"""Report: tables (:mod:`.tables`) and HTML (:mod:`.html`) as views of a report, heatmaps from
arrays (:mod:`.plot`), and report folders written as one unit (:mod:`.files`)."""
